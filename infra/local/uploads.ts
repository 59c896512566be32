import type { IncomingMessage, ServerResponse } from "node:http";
import {
  attachmentKeyPattern,
  LocalAttachmentStore,
  localUploadPrefix,
  maxAttachmentBytes,
  verifyLocalUploadSignature,
} from "../../functions/commendations/attachments.ts";

/**
 * The local stand-in for an S3 presigned PUT (commendation evidence files): `PUT
 * /local-uploads/<key>?type=&size=&expires=&signature=` on the server's own origin. Like S3 it
 * checks what was signed — the key, the Content-Type, the exact length, the expiry (HMAC with the
 * per-process LOCAL_UPLOAD_SECRET the commendations function signs with) — and writes the bytes
 * to LOCAL_ATTACHMENTS_DIR (`.data/attachments`). The function checks the file again on confirm.
 */
function refuse(response: ServerResponse, status: number, title: string, titleEn: string): void {
  response.writeHead(status, { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify({ type: `urn:pcblgd:problem:http-${String(status)}`, title, title_en: titleEn, status }));
}

function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export async function receiveLocalUpload(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "PUT") {
    refuse(response, 405, "Phương thức không được phép", "Method not allowed");
    return;
  }
  const url = new URL(request.url ?? "/", "http://localhost");
  const key = decodedOrUndefined(url.pathname.slice(localUploadPrefix.length));
  if (key === undefined || !attachmentKeyPattern.test(key)) {
    refuse(response, 404, "Không tìm thấy", "Not found");
    return;
  }
  const type = url.searchParams.get("type") ?? "";
  const size = Number(url.searchParams.get("size"));
  const expires = Number(url.searchParams.get("expires"));
  const signature = url.searchParams.get("signature") ?? "";
  const secret = process.env.LOCAL_UPLOAD_SECRET ?? "";
  const folder = process.env.LOCAL_ATTACHMENTS_DIR ?? ".data/attachments";
  if (!secret || !Number.isInteger(size) || !Number.isInteger(expires) || !verifyLocalUploadSignature(secret, key, type, size, expires, signature)) {
    refuse(response, 403, "Địa chỉ tải lên không hợp lệ", "The upload address is not valid");
    return;
  }
  if (expires * 1000 < Date.now()) {
    refuse(response, 403, "Địa chỉ tải lên đã hết hạn", "The upload address has expired");
    return;
  }
  if ((request.headers["content-type"] ?? "") !== type) {
    refuse(response, 403, "Loại tệp khác với loại đã khai", "The content type differs from the signed one");
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > size || received > maxAttachmentBytes) {
      refuse(response, 400, "Tệp lớn hơn kích thước đã khai", "The file is larger than declared");
      request.destroy();
      return;
    }
    chunks.push(chunk);
  }
  if (received !== size) {
    refuse(response, 400, "Tệp không đúng kích thước đã khai", "The file is not the declared size");
    return;
  }
  await LocalAttachmentStore.write(folder, key, Buffer.concat(chunks));
  response.writeHead(200, { "cache-control": "no-store" });
  response.end();
}
