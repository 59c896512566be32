import { request } from "node:http";

/**
 * `fetch`, but from a chosen loopback address (127.x.y.z, bound as the socket's local address):
 * the local server takes the client address from the socket, as CloudFront does, so tests that
 * need distinct clients (rate limits per address) connect from distinct addresses instead of
 * writing a header the server ignores.
 */
export function fetchFrom(
  from: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: init.method ?? "GET", headers: init.headers, localAddress: from }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
        }
        const status = incoming.statusCode ?? 500;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers }));
      });
    });
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}

/** A loopback address of its own for each call (127.<1-254>.<0-255>.<1-254>): a client no other test is. */
export function loopbackAddress(): string {
  const part = (low: number, high: number) => String(low + Math.floor(Math.random() * (high - low + 1)));
  return `127.${part(1, 254)}.${part(0, 255)}.${part(1, 254)}`;
}
