import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalApi, startApi } from "../support/local-api.ts";

/**
 * `npm start` is a product surface too (demos, trainings): the local API gateway, the local
 * OpenID provider under /oidc and the upload receiver under /local-uploads/ must answer malformed
 * input — broken percent-encoding, unknown paths, garbage bodies of any type, wrong methods — with
 * a 4xx, never a 5xx. Like tests/integration/reports-fuzz.test.ts does for the public API, each
 * property sends generated requests over raw HTTP (node:http sends the path exactly as written,
 * where fetch would normalise it).
 */
let api: LocalApi;
/** Requests per surface: each property run is one HTTP request. */
const runs = 400;

beforeAll(async () => {
  api = await startApi("tinh-mau", { oidc: { progressiveDelay: false } });
});
afterAll(async () => {
  await api?.close();
});

interface Sent {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

function send(sent: Sent): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(api.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: sent.method,
        path: sent.path,
        headers: {
          ...(sent.contentType ? { "content-type": sent.contentType } : {}),
          ...(sent.body === undefined ? {} : { "content-length": Buffer.byteLength(sent.body) }),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: String(incoming.headers["content-type"] ?? ""),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(sent.body);
  });
}

/** Path segments: plain, percent-encoded (valid UTF-8 or not), broken escapes, dots and the like. */
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
  fc.constantFrom(
    "%",
    "%2",
    "%zz",
    "%E0%A4%A",
    "%C3%28",
    "%FF",
    "%00",
    "%2F",
    "%2e%2e",
    "..",
    ".",
    "%25",
    "%u0041",
    "%F0%9F%98%80",
    "%ED%A0%80",
    "a%20b",
    "{id}",
    "+",
  ),
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("")),
);
const pathUnder = (prefix: string, known: string[]) =>
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...known),
        fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => parts.join("/")),
      ),
      fc.option(fc.array(fc.tuple(segment, segment), { maxLength: 3 })),
    )
    .map(([rest, query]) => `${prefix}${rest}${query ? `?${query.map(([name, value]) => `${name}=${value}`).join("&")}` : ""}`);

const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
const body = fc.oneof(
  fc.constant<{ contentType?: string; body?: string }>({}),
  fc.record({ contentType: fc.constant("application/json"), body: fc.oneof(fc.json(), fc.string({ maxLength: 200 })) }),
  fc.record({
    contentType: fc.constant("application/x-www-form-urlencoded"),
    body: fc.oneof(
      fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.array(fc.tuple(segment, segment), { maxLength: 6 }).map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("&")),
    ),
  }),
  fc.record({
    contentType: fc.constantFrom("text/plain", "application/pdf", "multipart/form-data; boundary=x", "application/xml", "*/*"),
    body: fc.string({ maxLength: 200 }),
  }),
);

const requestUnder = (prefix: string, known: string[]) =>
  fc
    .tuple(method, pathUnder(prefix, known), body)
    .map(([verb, path, payload]): Sent => ({ method: verb, path, ...(verb === "GET" || verb === "HEAD" ? {} : payload) }));

async function expectNo5xx(requests: fc.Arbitrary<Sent>, numRuns: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requests, async (sent) => {
      const answer = await send(sent);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(answer.status, `${sent.method} ${sent.path}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    }),
    { numRuns },
  );
  return statuses;
}

describe("the local server under fuzzing: no 5xx", () => {
  it("the API gateway: malformed percent-encoding and junk paths are 4xx problems", async () => {
    const broken = await send({ method: "GET", path: "/api/communes/%E0%A4%A" });
    expect(broken.status).toBe(400);
    expect(broken.contentType).toMatch(/^application\/problem\+json/);
    const statuses = await expectNo5xx(
      requestUnder("/api/", [
        "health",
        "communes",
        "communes/%",
        "reports",
        "receipts/status",
        "receipts/additions",
        "communes/13285/reports/%zz",
        "commendations/nominations/%C3%28/attachments",
      ]),
      runs,
    );
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
  }, 240_000);

  it("the OpenID provider under /oidc: garbage to its endpoints is a 4xx, without a stack trace", async () => {
    await expectNo5xx(
      requestUnder("/oidc/", [
        "auth",
        "token",
        "jwks",
        ".well-known/openid-configuration",
        "session/end",
        "session/end/confirm",
        "me",
        "token/revocation",
        "token/introspection",
        "interaction/abc",
        "interaction/abc/login",
        "interaction/abc/password",
        "interaction/abc/abort",
        "assets/%",
      ]),
      runs,
    );
  }, 240_000);

  it("the upload receiver under /local-uploads/: malformed paths and addresses are 4xx", async () => {
    const malformed = await send({
      method: "PUT",
      path: "/local-uploads/%E0%A4%A?type=application/pdf&size=4&expires=1&signature=x",
      contentType: "application/pdf",
      body: "%PDF",
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    await expectNo5xx(requestUnder("/local-uploads/", ["nominations/%/x", "nominations", "../../etc/passwd", "%2e%2e/%2e%2e/x"]), runs);
  }, 240_000);
});
