import type middy from "@middy/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Reply } from "./http.ts";

/**
 * File downloads (XLSX, CSV, DOCX) from a JSON-first stack: the route answers `fileReply(...)`, and
 * the function adds `.use(binaryReplies())` so the bytes leave base64-encoded, as API Gateway wants.
 */

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "_");
  return `attachment; filename="${ascii.replace(/["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A binary answer: the marker header makes `binaryReplies` send the bytes as base64. */
export function fileReply(bytes: Uint8Array, contentType: string, fileName: string): Reply {
  return {
    body: Buffer.from(bytes).toString("base64"),
    headers: {
      "content-type": contentType,
      "content-disposition": contentDisposition(fileName),
      "x-content-type-options": "nosniff",
      "x-pcblgd-binary": "1",
    },
  };
}

/** Turns the JSON string of a file reply into a base64-encoded binary body (runs right after the handler). */
export const binaryReplies = (): middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> => ({
  after: (request) => {
    const response = request.response;
    if (response?.headers?.["x-pcblgd-binary"] !== "1") return;
    const { "x-pcblgd-binary": _marker, ...headers } = response.headers;
    response.headers = headers;
    response.body = JSON.parse(response.body ?? '""') as string;
    response.isBase64Encoded = true;
  },
});
