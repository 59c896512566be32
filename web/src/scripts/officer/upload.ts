/**
 * Uploading one evidence file the way the API takes them (commendation evidence, oversight files):
 * start (the API records a pending file and signs a single-use address for ONE PUT of the declared
 * type and size), PUT the bytes straight there (S3 in AWS, the local server on a laptop, never with
 * the officer's token), then confirm (the API reads the file back and checks its size and first
 * bytes). The types and the size limit are the API's (functions/commendations/attachments.ts).
 */
import { api } from "./api.ts";

const fileTypes = new Map([
  ["pdf", "application/pdf"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["png", "image/png"],
  ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
]);
export const maxUploadBytes = 4 * 1024 * 1024;

/** Why a chosen file is refused before anything is sent. */
export type UploadRefusal = "missing" | "type" | "tooBig";

/** The content type the API is told, or why the file cannot go. */
export function uploadTypeOf(file: File | undefined): { file: File; contentType: string } | { refusal: UploadRefusal } {
  if (!file) return { refusal: "missing" };
  const contentType = fileTypes.get(file.name.split(".").pop()?.toLowerCase() ?? "") ?? file.type;
  if (![...fileTypes.values()].includes(contentType)) return { refusal: "type" };
  if (file.size > maxUploadBytes) return { refusal: "tooBig" };
  return { file, contentType };
}

/** The upload address did not take the bytes (wrong type or size for the signed address, or it expired). */
export class UploadNotTaken extends Error {
  override name = "UploadNotTaken";
}

export interface Uploaded {
  id: string;
  fileName: string;
}

/**
 * Start → PUT → confirm under `collection` (e.g. `/api/…/attachments` or `/api/…/files`); `record`
 * names the key the start answer holds the pending file under. API refusals throw ApiProblem.
 */
export async function uploadFile(
  collection: string,
  record: "attachment" | "file",
  { file, contentType }: { file: File; contentType: string },
): Promise<Uploaded> {
  const started = await api<Record<typeof record, Uploaded> & { upload: { url: string; method: string; headers: Record<string, string> } }>(collection, {
    method: "POST",
    body: { fileName: file.name, contentType, size: file.size },
  });
  const put = await fetch(started.upload.url, { method: "PUT", headers: started.upload.headers, body: file, credentials: "omit" });
  if (!put.ok) throw new UploadNotTaken();
  const pending = started[record];
  await api(`${collection}/${encodeURIComponent(pending.id)}/confirm`, { method: "POST" });
  return pending;
}

/** The API's fields of an upload refusal, all shown at the form's file field. */
export const uploadFieldAliases = (fileField: string): Record<string, string> => ({
  contentType: fileField,
  size: fileField,
  fileName: fileField,
  attachmentId: fileField,
  files: fileField,
});
