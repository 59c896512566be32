import type { TableName } from "../shared/tables.ts";
import type { FunctionName } from "./routes.ts";

/**
 * Every Lambda function: its entry file and the tables it may touch. The ApiFunction construct
 * grants exactly these (read or read-write) and sets each table's environment variable; nothing
 * else reaches a table.
 */
export type TableAccess = "read" | "readWrite";

export interface FunctionDefinition {
  entry: string;
  description: string;
  tables: Partial<Record<TableName, TableAccess>>;
}

export const httpFunctions: Record<FunctionName, FunctionDefinition> = {
  directory: {
    entry: "functions/directory/handler.ts",
    description: "Public directory: communes, hotlines, trusted addresses, health",
    tables: { directory: "read" },
  },
};

/** Runs at deploy time (a CloudFormation custom resource) to seed the province's directory. */
export const seedFunction: FunctionDefinition = {
  entry: "functions/directory/seed-handler.ts",
  description: "Seeds the directory table from the province file at each deploy",
  tables: { directory: "readWrite" },
};
