import type { TableName } from "./tables.ts";

/**
 * The environment variable through which a function learns a table's physical name:
 * `TABLE_<NAME>`. Functions read it through `tableEnvVar`, not through shared/tables.ts, whose
 * definitions (keys, indexes, access patterns) would otherwise be bundled into every function.
 */
export function envVarOf<Name extends string>(name: Name): `TABLE_${Uppercase<Name>}` {
  return `TABLE_${name.toUpperCase() as Uppercase<Name>}`;
}

export function tableEnvVar(table: TableName): string {
  return envVarOf(table);
}
