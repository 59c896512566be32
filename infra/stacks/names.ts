/**
 * Names of stacks and resources. Every name carries the province slug, so several provinces can
 * share one AWS account and region without colliding (tables: see physicalTableName in
 * shared/tables.ts, which follows the same `pcblgd-<slug>-<name>` pattern).
 */
export const stackKinds = ["data", "auth", "api", "web"] as const;
export type StackKind = (typeof stackKinds)[number];

/** `pcblgd-<slug>-<name>`: for stacks, functions, log groups, the API and CloudFront policies. */
export function resourceName(provinceSlug: string, name: string): string {
  return `pcblgd-${provinceSlug}-${name}`;
}

/** Stacks beside the four: the CloudFront certificate in us-east-1 (only with a province domain). */
export type ExtraStackKind = "certificate";

export function stackName(provinceSlug: string, kind: StackKind | ExtraStackKind): string {
  return resourceName(provinceSlug, kind);
}

/** The namespace of the metrics counted from log lines (and the prefix of every CloudWatch name we choose). */
export function metricsNamespace(provinceSlug: string): string {
  return `pcblgd-${provinceSlug}`;
}
