import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFunctions } from "../../functions/catalogue.ts";
import { monitoredLogMessages } from "../../functions/lib/log-messages.ts";
import { functionsServingOfficers } from "../../functions/routes.ts";
import { repoRoot } from "../../infra/bundling.ts";
import { allowedDimensions, watchedTableOperations } from "../../infra/constructs/monitoring.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { signInCallbackPath, signOutPath } from "../../infra/stacks/auth-stack.ts";
import { keyCustodianRoleName, keyDeletionWindowDays } from "../../infra/stacks/data-stack.ts";
import { resourceName } from "../../infra/stacks/names.ts";
import type { Province } from "../../shared/province.ts";
import { contentSecurityPolicy } from "../../shared/security-headers.ts";
import { type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";
import { onlyResource, province, type SynthesizedApp, synthesizeProvinces } from "./synth.ts";

/**
 * A province run by its own admin (issue 16): its own domain (certificate in us-east-1, alias,
 * callbacks, CSP, CORS), its SES sender, the alarms and dashboard, the keys' protection — on a
 * variant of Ninh Bình with a domain in Route 53 and a sender, beside the sample without either.
 */

// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped by nature
type CfnJson = any;

const withDomain: Province = {
  ...loadProvince("ninh-binh"),
  slug: "nb-domain",
  domain: "pcblgd.ninhbinh.gov.vn",
  route53Zone: { id: "Z0123456789ABCDEFGHIJ", name: "ninhbinh.gov.vn" },
  notificationSender: "pcblgd@ninhbinh.gov.vn",
};
const plain = loadProvince("tinh-mau");
const restoredCases = "pcblgd-nb-domain-cases-restored-20261205";
const awsTables = (Object.keys(tableDefinitions) as TableName[]).filter((name) => !(tableDefinitions[name] as TableDefinition).localOnly);

let synthesized: SynthesizedApp;
beforeAll(() => {
  synthesized = synthesizeProvinces([withDomain, plain], { senderVerified: true, tableOverrides: { cases: restoredCases } });
});
afterAll(() => synthesized?.cleanup());

const templates = (slug: string) => province(synthesized, slug).templates;
const alarms = (template: Template) => Object.values(template.findResources("AWS::CloudWatch::Alarm")) as { Properties: Record<string, CfnJson> }[];
const alarmNamed = (template: Template, name: string) => {
  const found = alarms(template).find((alarm) => alarm.Properties.AlarmName === name);
  if (found === undefined) throw new Error(`no alarm ${name}`);
  return found.Properties;
};

describe("cdk-nag", () => {
  it("has no unacknowledged finding for either variant", () => {
    const violations = synthesized.report.pluginReports.flatMap((report) => report.violations);
    expect(violations.map((violation) => `${violation.ruleName} ${violation.violatingConstructs.map((c) => c.constructPath).join(",")}`)).toEqual([]);
  });
});

describe("a province's own domain", () => {
  it("gets a certificate in us-east-1, validated in its Route 53 zone", () => {
    const { certificate } = province(synthesized, "nb-domain").stacks;
    expect(certificate?.region).toBe("us-east-1");
    const cert = onlyResource(templates("nb-domain").certificate as Template, "AWS::CertificateManager::Certificate").resource.Properties;
    expect(cert.DomainName).toBe("pcblgd.ninhbinh.gov.vn");
    expect(cert.ValidationMethod).toBe("DNS");
    expect(cert.DomainValidationOptions).toEqual([{ DomainName: "pcblgd.ninhbinh.gov.vn", HostedZoneId: "Z0123456789ABCDEFGHIJ" }]);
    expect(province(synthesized, "tinh-mau").stacks.certificate).toBeUndefined();
  });

  it("is the distribution's alternate name, with TLS 1.2 and alias records", () => {
    const config = onlyResource(templates("nb-domain").web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as CfnJson;
    expect(config.Aliases).toEqual(["pcblgd.ninhbinh.gov.vn"]);
    expect(config.ViewerCertificate).toEqual(expect.objectContaining({ MinimumProtocolVersion: "TLSv1.2_2021", SslSupportMethod: "sni-only" }));
    const records = Object.values(templates("nb-domain").web.findResources("AWS::Route53::RecordSet")) as { Properties: CfnJson }[];
    expect(records.map((record) => `${record.Properties.Type} ${record.Properties.Name}`).sort()).toEqual([
      "A pcblgd.ninhbinh.gov.vn.",
      "AAAA pcblgd.ninhbinh.gov.vn.",
    ]);
    const plainConfig = onlyResource(templates("tinh-mau").web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as CfnJson;
    expect(plainConfig.Aliases).toBeUndefined();
    expect(templates("nb-domain").web.toJSON().Outputs.SiteDomain.Value).toBe("pcblgd.ninhbinh.gov.vn");
  });

  it("is where the sign-in returns to", () => {
    const client = onlyResource(templates("nb-domain").auth, "AWS::Cognito::UserPoolClient").resource.Properties;
    expect(client.CallbackURLs).toEqual([`https://pcblgd.ninhbinh.gov.vn${signInCallbackPath}`]);
    expect(client.LogoutURLs).toEqual([`https://pcblgd.ninhbinh.gov.vn${signOutPath}`, "https://pcblgd.ninhbinh.gov.vn/"]);
  });

  it("keeps the CSP to the site itself and the sign-in origins (the domain is 'self')", () => {
    const policy = onlyResource(templates("nb-domain").web, "AWS::CloudFront::ResponseHeadersPolicy").resource.Properties;
    const csp = (policy.ResponseHeadersPolicyConfig as CfnJson).SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain(
      "connect-src 'self' https://cognito-idp.ap-southeast-1.amazonaws.com https://pcblgd-nb-domain-officers.auth.ap-southeast-1.amazoncognito.com",
    );
    expect(csp).not.toContain("cloudfront.net");
    expect(csp.replace(/connect-src [^;]*/, "")).toBe(contentSecurityPolicy.replace(/connect-src [^;]*/, ""));
  });

  it("is the only origin the evidence bucket accepts uploads from (any CloudFront domain without one)", () => {
    const cors = (template: Template) =>
      onlyResource(template, "AWS::S3::Bucket", { CorsConfiguration: Match.anyValue() }).resource.Properties.CorsConfiguration as CfnJson;
    expect(cors(templates("nb-domain").data).CorsRules[0].AllowedOrigins).toEqual(["https://pcblgd.ninhbinh.gov.vn"]);
    expect(cors(templates("tinh-mau").data).CorsRules[0].AllowedOrigins).toEqual(["https://*.cloudfront.net"]);
  });
});

describe("e-mail", () => {
  it("creates the sender's SES identity (DKIM in the zone) and sends Cognito's invitations through it once verified", () => {
    const identity = onlyResource(templates("nb-domain").auth, "AWS::SES::EmailIdentity").resource.Properties;
    expect(identity.EmailIdentity).toBe("ninhbinh.gov.vn");
    expect(Object.keys(templates("nb-domain").auth.findResources("AWS::Route53::RecordSet"))).toHaveLength(3);
    expect(Object.keys(templates("nb-domain").auth.toJSON().Outputs)).toEqual(expect.arrayContaining(["SenderDomain", "SenderDkimRecords"]));
    const pool = onlyResource(templates("nb-domain").auth, "AWS::Cognito::UserPool").resource.Properties;
    expect(pool.EmailConfiguration).toEqual(
      expect.objectContaining({
        EmailSendingAccount: "DEVELOPER",
        // The display name RFC 2047-encoded (it has Vietnamese letters).
        From: `=?UTF-8?B?${Buffer.from("PCBLGĐ Tỉnh Ninh Bình").toString("base64")}?= <pcblgd@ninhbinh.gov.vn>`,
      }),
    );
    // Without a sender: no identity, Cognito's own mail.
    expect(templates("tinh-mau").auth.findResources("AWS::SES::EmailIdentity")).toEqual({});
    expect(onlyResource(templates("tinh-mau").auth, "AWS::Cognito::UserPool").resource.Properties.EmailConfiguration).toBeUndefined();
  });
});

describe("alarms and dashboard", () => {
  const slug = "nb-domain";
  const name = (suffix: string) => resourceName(slug, suffix);

  it("e-mails every alarm (and its recovery) to the province admin through one SSL-only topic", () => {
    const template = templates(slug).api;
    const topic = onlyResource(template, "AWS::SNS::Topic").id;
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: withDomain.initialAdminEmail, TopicArn: { Ref: topic } });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
    for (const alarm of alarms(template)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it("watches the API's 5xx rate", () => {
    const alarm = alarmNamed(templates(slug).api, name("api5xxrate"));
    const expression = (alarm.Metrics as CfnJson[]).find((metric) => metric.Expression !== undefined);
    expect(expression.Expression).toBe("IF(requests >= 10, 100 * errors / requests, 0)");
    expect(alarm.Threshold).toBe(5);
    expect(alarm.EvaluationPeriods).toBe(2);
  });

  it("watches every function's errors and throttles", () => {
    for (const fn of [...Object.keys(httpFunctions), "directory-seed"]) {
      for (const [kind, metric] of [
        ["errors", "Errors"],
        ["throttles", "Throttles"],
      ]) {
        const alarm = alarmNamed(templates(slug).api, name(`lambda-${fn}-${kind}`));
        expect(alarm.MetricName).toBe(metric);
        expect(alarm.Namespace).toBe("AWS/Lambda");
        expect(alarm.Threshold).toBe(1);
      }
    }
  });

  it("watches every table's throttles and system errors (a restored table by its own name)", () => {
    for (const table of awsTables) {
      const tableName = table === "cases" ? restoredCases : `pcblgd-${slug}-${table}`;
      const throttles = alarmNamed(templates(slug).api, name(`table-${table}-throttles`));
      const throttleMetrics = (throttles.Metrics as CfnJson[]).filter((metric) => metric.MetricStat !== undefined);
      expect(throttleMetrics.map((metric) => metric.MetricStat.Metric.MetricName).sort()).toEqual(["ReadThrottleEvents", "WriteThrottleEvents"]);
      for (const metric of throttleMetrics) expect(metric.MetricStat.Metric.Dimensions).toEqual([{ Name: "TableName", Value: tableName }]);
      const systemErrors = alarmNamed(templates(slug).api, name(`table-${table}-systemerrors`));
      const operations = (systemErrors.Metrics as CfnJson[])
        .filter((metric) => metric.MetricStat !== undefined)
        .map((metric) => (metric.MetricStat.Metric.Dimensions as { Name: string; Value: string }[]).find((d) => d.Name === "Operation")?.Value);
      expect(operations.sort()).toEqual([...watchedTableOperations].sort());
    }
  });

  it("watches the statistics projection: its failure destination and its function", () => {
    const template = templates(slug).api;
    const queue = onlyResource(template, "AWS::SQS::Queue", { QueueName: name("statistics-failures") }).id;
    const failed = alarmNamed(template, name("failed-statistics"));
    expect(failed.MetricName).toBe("ApproximateNumberOfMessagesVisible");
    expect(failed.Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }]);
  });

  it("watches the failure destination of the scheduled jobs and the report notices that could not be sent", () => {
    const template = templates(slug).api;
    const queue = onlyResource(template, "AWS::SQS::Queue", { QueueName: name("scheduled-job-failures") }).id;
    for (const schedule of Object.values(template.findResources("AWS::Scheduler::Schedule")) as { Properties: CfnJson }[]) {
      expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: { "Fn::GetAtt": [queue, "Arn"] } });
    }
    expect(Object.keys(template.findResources("AWS::Scheduler::Schedule")).length).toBeGreaterThanOrEqual(3);
    const failed = alarmNamed(template, name("failed-scheduled-jobs"));
    expect(failed.MetricName).toBe("ApproximateNumberOfMessagesVisible");
    expect(failed.Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }]);
    const notices = alarmNamed(template, name("reportnoticefailures"));
    expect(notices.Namespace).toBe(`pcblgd-${slug}`);
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: `{ $.message = "${monitoredLogMessages.reportNoticeFailed}" }`,
      MetricTransformations: [Match.objectLike({ MetricName: "ReportNoticeFailures", MetricValue: "1" })],
    });
  });

  it("alarms on any refused officer request whose audit entry could not be written, from every officer function's log", () => {
    const template = templates(slug).api;
    const alarm = alarmNamed(template, name("auditwritefailures"));
    expect(alarm).toEqual(expect.objectContaining({ MetricName: "AuditWriteFailures", Namespace: `pcblgd-${slug}`, Threshold: 1 }));
    const filters = Object.values(
      template.findResources("AWS::Logs::MetricFilter", { Properties: { FilterPattern: `{ $.message = "${monitoredLogMessages.auditWriteFailed}" }` } }),
    ) as { Properties: CfnJson }[];
    // One filter per function that serves officer routes (the only ones writing audit entries), none for the others.
    expect(filters).toHaveLength(functionsServingOfficers().size);
    for (const filter of filters) expect(filter.Properties.MetricTransformations).toEqual([expect.objectContaining({ MetricName: "AuditWriteFailures" })]);
  });

  it("counts submitted reports and honeypot catches from the reports function's log (the dashboard; no in-code metrics)", () => {
    const template = templates(slug).api;
    for (const [message, metricName] of [
      [monitoredLogMessages.reportSubmitted, "ReportsSubmitted"],
      [monitoredLogMessages.reportHoneypot, "ReportHoneypots"],
    ] as const) {
      template.hasResourceProperties("AWS::Logs::MetricFilter", {
        FilterPattern: `{ $.message = "${message}" }`,
        MetricTransformations: [Match.objectLike({ MetricName: metricName, MetricValue: "1" })],
      });
    }
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function")) as { Properties: CfnJson }[]) {
      expect(Object.keys(fn.Properties.Environment?.Variables ?? {}).filter((key) => key.startsWith("POWERTOOLS_METRICS"))).toEqual([]);
    }
  });

  it("raises an alarm when a scheduled job stops running (no data is not running)", () => {
    const template = templates(slug).api;
    for (const [job, periodSeconds, periods] of [
      ["reminders", 3600, 1],
      ["retention", 21600, 5],
    ] as const) {
      const alarm = alarmNamed(template, name(`job-not-running-${job}`));
      expect(alarm).toEqual(
        expect.objectContaining({
          ComparisonOperator: "LessThanThreshold",
          Threshold: 1,
          TreatMissingData: "breaching",
          Period: periodSeconds,
          EvaluationPeriods: periods,
        }),
      );
      const message = job === "reminders" ? monitoredLogMessages.caseRemindersRun : monitoredLogMessages.caseRetentionRun;
      template.hasResourceProperties("AWS::Logs::MetricFilter", { FilterPattern: `{ $.message = "${message}" }` });
    }
  });

  it("counts log lines the functions really write (through the same constants)", () => {
    const writers: Record<keyof typeof monitoredLogMessages, string> = {
      auditWriteFailed: "functions/lib/officer-access.ts",
      reportNoticeFailed: "functions/reports/handler.ts",
      reportSubmitted: "functions/reports/submission.ts",
      reportHoneypot: "functions/reports/submission.ts",
      caseRemindersRun: "functions/cases/scheduled.ts",
      caseRetentionRun: "functions/cases/scheduled.ts",
      oversightRemindersRun: "functions/oversight/scheduled.ts",
    };
    for (const [key, file] of Object.entries(writers))
      expect(readFileSync(join(repoRoot, file), "utf8")).toMatch(new RegExp(`logger\\.\\w+\\(monitoredLogMessages\\.${key}\\b`));
  });

  it("names resources only in alarm dimensions — nothing about a person", () => {
    for (const alarm of alarms(templates(slug).api)) {
      const dimensions = [
        ...((alarm.Properties.Dimensions as { Name: string }[] | undefined) ?? []),
        ...((alarm.Properties.Metrics as CfnJson[] | undefined) ?? []).flatMap((metric) => metric.MetricStat?.Metric.Dimensions ?? []),
      ];
      for (const dimension of dimensions) expect(allowedDimensions).toContain(dimension.Name);
    }
    for (const filter of Object.values(templates(slug).api.findResources("AWS::Logs::MetricFilter")) as { Properties: CfnJson }[]) {
      expect(filter.Properties.MetricTransformations[0].Dimensions).toBeUndefined();
    }
  });

  it("has one dashboard per province", () => {
    for (const each of ["nb-domain", "tinh-mau"]) {
      onlyResource(templates(each).api, "AWS::CloudWatch::Dashboard", { DashboardName: resourceName(each, "operations") });
    }
  });
});

describe("keys and restore", () => {
  it("keeps a deleted key recoverable for 30 days and lets only the MFA custodian schedule deletion", () => {
    const template = templates("nb-domain").data;
    const custodian = onlyResource(template, "AWS::IAM::Role", { RoleName: keyCustodianRoleName("nb-domain") });
    expect(JSON.stringify(custodian.resource.Properties.AssumeRolePolicyDocument)).toContain('"aws:MultiFactorAuthPresent":"true"');
    const keys = Object.values(template.findResources("AWS::KMS::Key")) as { Properties: CfnJson }[];
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key.Properties.PendingWindowInDays).toBe(keyDeletionWindowDays);
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: ["kms:DisableKey", "kms:ScheduleKeyDeletion"],
          Condition: { ArnNotEquals: { "aws:PrincipalArn": { "Fn::GetAtt": [custodian.id, "Arn"] } } },
        }),
      );
    }
  });

  it("points the functions at a restored table when told to (-c table.<name>=…)", () => {
    const fn = onlyResource(templates("nb-domain").api, "AWS::Lambda::Function", { FunctionName: resourceName("nb-domain", "cases") }).resource.Properties;
    expect((fn.Environment as CfnJson).Variables.TABLE_CASES).toBe(restoredCases);
  });
});
