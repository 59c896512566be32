import { inject } from "vitest";
import { configureFunctionEnvironment } from "../../infra/local/environment.ts";
import { startLocalServer } from "../../infra/local/server.ts";

/**
 * Points the functions of this test file at the shared DynamoDB Local and starts the local server
 * (API only) for one province. Each test file runs in its own module graph, so one file = one
 * province.
 */
export async function startApi(provinceSlug: string, logLevel = "WARN") {
  configureFunctionEnvironment({ provinceSlug, dynamoEndpoint: inject("dynamoEndpoint"), logLevel });
  const server = await startLocalServer({ provinceSlug, port: 0 });
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { ...server, get };
}

/** Everything written to stdout and stderr while `work` runs (the functions log to stdout). */
export async function captureOutput(work: () => Promise<void>): Promise<string> {
  const captured: string[] = [];
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await work();
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return captured.join("");
}
