import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { Certificate, CertificateValidation } from "aws-cdk-lib/aws-certificatemanager";
import { HostedZone } from "aws-cdk-lib/aws-route53";
import type { Construct } from "constructs";
import type { Province } from "../../shared/province.ts";
import { resourceName } from "./names.ts";

/**
 * The certificate of a province's own domain. CloudFront only takes certificates from us-east-1,
 * so this small stack lives there whatever the province's region. With the domain's zone in
 * Route 53 (`route53Zone` in the province file) the certificate validates itself; otherwise
 * CloudFormation waits while the province's DNS administrator adds the CNAME that
 * `npm run deploy` prints (read from ACM).
 */
export const certificateRegion = "us-east-1";

export interface CertificateStackProps extends StackProps {
  province: Province & { domain: string };
}

export class CertificateStack extends Stack {
  readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, props);
    const { province } = props;
    const zone = province.route53Zone;
    this.certificate = new Certificate(this, "Certificate", {
      certificateName: resourceName(province.slug, "site"),
      domainName: province.domain,
      validation:
        zone === undefined
          ? CertificateValidation.fromDns()
          : CertificateValidation.fromDns(HostedZone.fromHostedZoneAttributes(this, "Zone", { hostedZoneId: zone.id, zoneName: zone.name })),
    });
    new CfnOutput(this, "CertificateArn", { value: this.certificate.certificateArn });
  }
}
