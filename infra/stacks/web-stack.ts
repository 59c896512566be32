import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { ICertificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { CloudFrontTarget } from "aws-cdk-lib/aws-route53-targets";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { originVerifyHeader } from "../../functions/lib/client-address.ts";
import type { Province } from "../../shared/province.ts";
import { siteSecurityHeaders } from "../../shared/security-headers.ts";
import { responseHeadersFrom, withConnectSources } from "../cloudfront/security-headers-policy.ts";
import { viewerRequestSource } from "../cloudfront/viewer-request.ts";
import { acknowledge } from "../nag.ts";
import { resourceName } from "./names.ts";

/**
 * The site: the Astro build in a private S3 bucket behind CloudFront (Origin Access Control), and
 * `/api/*` on the same distribution routed to the HTTP API — one origin, so no CORS. The site's
 * security headers come from shared/security-headers.ts, the same as the local server's.
 */

/** Request headers the functions read (besides Authorization, forwarded by the cache policy). */
export const apiForwardedHeaders = ["Content-Type", "Idempotency-Key"] as const;
/** CloudFront's header with the viewer's address and port, set by CloudFront, never by the client. */
export const viewerAddressHeaderName = "CloudFront-Viewer-Address";

/** Days the access logs (CloudFront and S3) are kept: enough to investigate an incident. */
export const accessLogRetentionDays = 30;

export interface WebStackProps extends StackProps {
  province: Province;
  /** The certificate of the province's own domain (certificate-stack.ts, us-east-1), with `province.domain`. */
  certificate?: ICertificate;
  httpApi: IHttpApi;
  /** The API's origin secret (api stack): CloudFront sends it with every API request. */
  originSecret: ISecret;
  /** Origins the browser must reach besides the site (the Cognito issuer and managed-login domain). */
  connectSources?: readonly string[];
}

export class WebStack extends Stack {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const slug = props.province.slug;

    const logsBucket = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 server access logs can only be delivered to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are written with an ACL, which needs ACLs enabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(accessLogRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // RETAIN, without autoDeleteObjects: the content is rebuilt from git at each deploy, but a
    // non-empty bucket cannot be deleted by CloudFormation and auto-delete would add a Lambda with
    // delete rights on the site. The name is generated, so a retained bucket blocks nothing.
    this.siteBucket = new Bucket(this, "Site", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: "s3-site/",
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const securityHeaders = responseHeadersFrom(withConnectSources(siteSecurityHeaders, props.connectSources ?? []));
    const headersPolicy = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      responseHeadersPolicyName: resourceName(slug, "security-headers"),
      comment: "Security headers of the site (shared/security-headers.ts)",
      securityHeadersBehavior: securityHeaders.securityHeadersBehavior,
      customHeadersBehavior: { customHeaders: securityHeaders.customHeaders },
    });

    const viewerRequest = new EdgeFunction(this, "ViewerRequest", {
      functionName: resourceName(slug, "viewer-request"),
      comment: "Maps /path/ and /path to /path/index.html",
      code: FunctionCode.fromInline(viewerRequestSource),
      runtime: FunctionRuntime.JS_2_0,
    });

    const apiOrigin = new HttpOrigin(`${props.httpApi.apiId}.execute-api.${this.region}.amazonaws.com`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // Proves to the functions that the request came through CloudFront (functions/lib/http.ts).
      customHeaders: { [originVerifyHeader]: props.originSecret.secretValue.unsafeUnwrap() },
    });
    const apiRequests = this.apiRequestPolicies(slug);

    const domain = props.province.domain;
    const ownDomain = domain !== undefined && props.certificate !== undefined ? { domainNames: [domain], certificate: props.certificate } : {};
    const apiBehavior = {
      origin: apiOrigin,
      // HTTPS only: a redirect would drop a POST body.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: apiRequests.cachePolicy,
      originRequestPolicy: apiRequests.originRequestPolicy,
      compress: true,
    };
    // The live public directory (functions/directory): answers carry `public, max-age=60`, so an
    // officer's change is public within a minute while a crowd reading the hotlines is served from
    // the edge. Keyed on the query string only (the commune); no header or cookie reaches the key.
    const liveDirectory = new CachePolicy(this, "LiveDirectoryCache", {
      cachePolicyName: resourceName(slug, "live-directory"),
      comment: "Public directory answers: at most one minute",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const directoryBehavior = {
      ...apiBehavior,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: liveDirectory,
    };

    this.distribution = new Distribution(this, "Distribution", {
      comment: `PCBLGĐ ${slug}`,
      // With a certificate of our own, TLS 1.2 at least (the default *.cloudfront.net certificate has CloudFront's policy).
      ...(ownDomain.certificate === undefined ? {} : { ...ownDomain, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }),
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headersPolicy,
        functionAssociations: [{ function: viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        "/api/hotlines": directoryBehavior,
        "/api/trusted-addresses": directoryBehavior,
        "/api/directory": directoryBehavior,
        "/api/*": apiBehavior,
      },
      // CloudFront's error pages apply to every behavior, the API's included. The bucket denies
      // ListBucket, so a missing page comes back from S3 as 403: mapping 403 (not 404) keeps the
      // API's own problem+json 404s intact. The API must therefore not answer 403 — it answers
      // 401 or 404 (which also does not reveal whether a record exists).
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: "/404.html", ttl: Duration.minutes(1) }],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: "cloudfront/",
      logIncludesCookies: false,
    });
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR1",
      "No geo restriction on purpose: people seeking help may be abroad (migrant workers, relatives) or behind a VPN, and the hotlines must reach them.",
    );
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR2",
      "No WAF yet: a CloudFront web ACL must live in us-east-1 (a separate stack); the API is throttled at its stage and requests are validated in the functions.",
    );
    if (domain === undefined) {
      acknowledge(
        this.distribution,
        "AwsSolutions-CFR4",
        "Without a domain of its own the distribution uses the default *.cloudfront.net certificate, whose minimum TLS version CloudFront does not let us set; with `domain` in the province file it is TLSv1.2_2021.",
      );
    }
    const zone = props.province.route53Zone;
    if (domain !== undefined && zone !== undefined) {
      const hostedZone = HostedZone.fromHostedZoneAttributes(this, "Zone", { hostedZoneId: zone.id, zoneName: zone.name });
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, "SiteAlias", { zone: hostedZone, recordName: domain, target });
      new AaaaRecord(this, "SiteAliasIpv6", { zone: hostedZone, recordName: domain, target });
    }
    // The site's address: its own domain, or the distribution's.
    new CfnOutput(this, "SiteDomain", { value: domain ?? this.distribution.distributionDomainName });

    new CfnOutput(this, "DistributionDomainName", { value: this.distribution.distributionDomainName });
    new CfnOutput(this, "DistributionId", { value: this.distribution.distributionId });
    new CfnOutput(this, "SiteBucketName", { value: this.siteBucket.bucketName });
  }

  /**
   * What CloudFront forwards to the API: only the headers the functions read (`apiForwardedHeaders`)
   * and `CloudFront-Viewer-Address` — the address of the connection CloudFront accepted, which the
   * client cannot write (functions/lib/client-address.ts) — never the viewer's Host (API Gateway
   * routes on its own), cookies, User-Agent or Referer. `Authorization` may only be forwarded by a
   * cache policy: it is in the cache key, and nothing is cached (every answer of the API says
   * `no-store`, the default TTL is 0).
   */
  private apiRequestPolicies(slug: string): { cachePolicy: CachePolicy; originRequestPolicy: OriginRequestPolicy } {
    const cachePolicy = new CachePolicy(this, "ApiCachePolicy", {
      cachePolicyName: resourceName(slug, "api-uncached"),
      comment: "API: nothing cached; Authorization forwarded (in the key)",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList("Authorization"),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    const originRequestPolicy = new OriginRequestPolicy(this, "ApiOriginRequestPolicy", {
      originRequestPolicyName: resourceName(slug, "api-requests"),
      comment: "API: the headers the functions read and the viewer address CloudFront sets",
      headerBehavior: OriginRequestHeaderBehavior.allowList(...apiForwardedHeaders, viewerAddressHeaderName),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    return { cachePolicy, originRequestPolicy };
  }
}
