import type { IncomingMessage, ServerResponse } from "node:http";
import {
  incomingKeyPattern,
  LocalAttachmentStore,
  localUploadPrefix,
  maxAttachmentBytes,
  verifyLocalUploadSignature,
} from "../../functions/commendations/attachments.ts";

/**
 * The local stand-in for an S3 presigned PUT (commendation evidence files): `PUT
 * /local-uploads/incoming/<key>?type=&size=&expires=&signature=` on the server's own origin. Like
 * S3 it checks what was signed — the key, the Content-Type, the exact length, the expiry (HMAC
 * with the per-process LOCAL_UPLOAD_SECRET the commendations function signs with) and
 * `If-None-Match: *` — and creates the incoming file under LOCAL_ATTACHMENTS_DIR
 * (`.data/attachments`) once: a second PUT to the address is answered 412. The function checks
 * the file on confirm and writes the evidence file itself (functions/commendations/attachments.ts).
 */
function refuse(response: ServerResponse, status: number, title: string, titleEn: string): void {
  response.writeHead(status, { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify({ type: `urn:pcblgd:problem:http-${String(status)}`, title, title_en: titleEn, status }));
}

/** A second PUT to a single-use address: 412, as S3 answers a failed `If-None-Match: *`. */
function usedUp(response: ServerResponse): void {
  refuse(response, 412, "Địa chỉ tải lên đã được dùng; hãy bắt đầu tải tệp lại", "The upload address was already used; start the upload again");
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
  if (key === undefined || !incomingKeyPattern.test(key)) {
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
  // Signed in S3's address, so required here too: the address creates its object once.
  if (request.headers["if-none-match"] !== "*") {
    refuse(response, 403, "Thiếu điều kiện If-None-Match đã ký", "The signed If-None-Match condition is missing");
    return;
  }
  if (await LocalAttachmentStore.exists(folder, key)) {
    usedUp(response);
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
  try {
    await LocalAttachmentStore.create(folder, key, Buffer.concat(chunks));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    usedUp(response);
    return;
  }
  response.writeHead(200, { "cache-control": "no-store" });
  response.end();
}
