/**
 * One definition per DynamoDB table. CDK (infra/stacks/data-stack.ts) and the local runtime
 * (infra/local/tables.ts) both build their tables from these, so keys, indexes, TTL and streams
 * cannot drift apart. Each table lists its access patterns: every request path is a GetItem,
 * Query or transaction on these keys — never a Scan.
 */
export type AttributeType = "S" | "N";

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: "ALL" | "KEYS_ONLY";
}

export interface TableDefinition {
  /** Short name: the physical table is `pcblgd-<province slug>-<name>`. */
  name: string;
  /** The environment variable through which a function learns the physical name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: GlobalIndexDefinition[];
  timeToLiveAttribute?: string;
  stream?: "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
  accessPatterns: string[];
}

export const tableDefinitions = {
  directory: {
    name: "directory",
    envVar: "TABLE_DIRECTORY",
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    globalIndexes: [],
    accessPatterns: [
      "List the province's communes: Query pk = COMMUNE (one partition, ≤ 200 items, filtered in memory for diacritics-insensitive search)",
      "Get one commune: GetItem pk = COMMUNE, sk = <commune code>",
      "Hotlines of the province: Query pk = HOTLINE, sk begins_with PROVINCE#",
      "Hotlines of one commune: Query pk = HOTLINE, sk begins_with <commune code>#",
      "Trusted addresses of one commune: Query pk = TRUSTED#<commune code>",
      "Seed state (health): GetItem pk = META, sk = SEED",
    ],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tableDefinitions;

export function physicalTableName(provinceSlug: string, table: TableName): string {
  return `pcblgd-${provinceSlug}-${tableDefinitions[table].name}`;
}
