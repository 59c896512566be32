import { type PolicyViolation, Stack, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";

/**
 * cdk-nag (AWS Solutions rules) for every stack. cdk-nag 3 is a CDK policy-validation plugin, not
 * an Aspect: it runs when the app synthesizes, any unacknowledged finding (error or warning) fails
 * `cdk synth`/`cdk deploy`, and the findings land in cdk.out/validation-report.json — not in
 * annotations. Findings we accept are acknowledged next to the resource that causes them, always
 * with the reason, through `acknowledge` below.
 */
export function applyNagChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope));
}

/** A reason must say why this resource is acceptable, not merely that it is. */
const minimumReasonLength = 30;

/**
 * Acknowledges one cdk-nag finding (`AwsSolutions-IAM5[Resource::*]` style ids for findings of
 * rules that report several) on a construct and everything below it.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < minimumReasonLength) {
    throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a specific reason (at least ${minimumReasonLength} characters)`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * How cdk-nag writes a CloudFormation value inside a finding id (`Resource::<value>`): strings
 * as they are, `Ref` as `<Name>`, `Fn::GetAtt` as `<Resource.Attribute>`, `Fn::Join` joined — the
 * same flattening cdk-nag applies, for values built in the scope's own stack.
 */
export function flattenForNag(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === "string") return node.replace(/\$\{/g, "<").replace(/\}/g, ">");
    if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record["Fn::Join"])) {
        const [delimiter, items] = record["Fn::Join"] as [string, unknown[]];
        return items.map(visit).join(delimiter);
      }
      if (Array.isArray(record["Fn::GetAtt"])) {
        const [resource, attribute] = record["Fn::GetAtt"] as [unknown, unknown];
        return `<${visit(resource)}.${visit(attribute)}>`;
      }
      if ("Ref" in record) return `<${visit(record.Ref)}>`;
    }
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}

/** Reasons shared by several resources, written once. */
export const sharedReasons = {
  node22:
    "The platform pins Node.js 22 everywhere (local runtime, tests, CI and Lambda) because middy 7, Astro 7 and DynamoDB Local 11 are validated on it; the runtime moves when the whole toolchain moves.",
  xrayWildcard:
    "AWS X-Ray's PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so active tracing needs Resource '*'; added by CDK for tracing: Active.",
  providerFramework:
    "Resource of the CDK custom-resource Provider framework (aws-cdk-lib/custom-resources), whose code and policies CDK generates; it only invokes the seed function of this stack.",
} as const;

/** Unacknowledged AWS Solutions findings (errors and warnings) in a construct tree: for tests. */
export function unacknowledgedFindings(scope: IConstruct): PolicyViolation[] {
  return new AwsSolutionsChecks().validateScope(scope).violations;
}

export interface RecordedAcknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in a construct tree (rule id without CDK's namespace prefix). */
export function recordedAcknowledgements(scope: IConstruct): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: qualifiedId.replace(/^annotation::/i, ""), reason });
      }
    }
  }
  return found;
}
