import type middy from "@middy/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Reply } from "./http.ts";

/**
 * File downloads (DOCX, XLSX, evidence files) from a JSON-minded route: `fileReply` marks the
 * reply, and `binaryReplies` (a middleware of the function) sends its bytes base64-encoded, always
 * as an attachment with nosniff — a browser never renders a download in the site's origin.
 */
const marker = "x-pcblgd-binary";

/** The DOCX media type, here rather than beside a DOCX writer: a handler names it without loading the writer (and the docx package) at cold start. */
export const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Vietnamese file names keep their marks). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "_");
  return `attachment; filename="${ascii.replace(/["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function fileReply(bytes: Uint8Array, contentType: string, fileName: string): Reply {
  return {
    body: Buffer.from(bytes).toString("base64"),
    headers: {
      "content-type": contentType,
      "content-disposition": contentDisposition(fileName),
      "x-content-type-options": "nosniff",
      [marker]: "1",
    },
  };
}

/** Turns the JSON string of a file reply into a base64-encoded binary body (runs right after the handler). */
export const binaryReplies = (): middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> => ({
  after: (request) => {
    const response = request.response;
    if (response?.headers?.[marker] !== "1") return;
    const { [marker]: _marker, ...headers } = response.headers;
    response.headers = headers;
    response.body = JSON.parse(response.body ?? '""') as string;
    response.isBase64Encoded = true;
  },
});
