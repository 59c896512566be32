import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";

/**
 * Evidence attachments of nominations: what may be uploaded, and where the bytes live.
 *
 * The browser never sends a file through the API. It asks the API for an upload address (a
 * presigned PUT that names the object key, the content type and the exact length), PUTs the file
 * there, then asks the API to confirm: the function reads the object back and checks the size
 * and the file's first bytes against the declared type; a file that fails is deleted. In AWS the
 * address is S3 (private bucket, SSE-KMS, TLS only); locally it is `/local-uploads/…` on the same
 * server, which writes to `.data/attachments/` (infra/local/uploads.ts) after checking the same
 * signed conditions.
 *
 * Downloads go through the API (never a public object URL): `Content-Disposition: attachment`,
 * the verified content type and `X-Content-Type-Options: nosniff`.
 */

/** The largest file accepted: a Lambda answer carries at most 6 MB, base64 included. */
export const maxAttachmentBytes = 4 * 1024 * 1024;
export const maxAttachmentsPerNomination = 10;
/** How long an upload address stays valid. */
export const uploadTtlSeconds = 15 * 60;

export const attachmentTypes = {
  "application/pdf": { extension: "pdf", label: "PDF" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/png": { extension: "png", label: "PNG" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extension: "docx", label: "Word (DOCX)" },
} as const;
export type AttachmentType = keyof typeof attachmentTypes;
export const attachmentTypeNames = Object.keys(attachmentTypes) as AttachmentType[];

/** Does the file start the way its declared type does? (PDF, JPEG, PNG, and DOCX = a ZIP.) */
export function matchesType(bytes: Uint8Array, type: AttachmentType): boolean {
  const starts = (signature: number[]) => signature.every((value, index) => bytes[index] === value);
  switch (type) {
    case "application/pdf":
      return starts([0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
    case "image/jpeg":
      return starts([0xff, 0xd8, 0xff]);
    case "image/png":
      return starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    default:
      return starts([0x50, 0x4b, 0x03, 0x04]); // PK\3\4
  }
}

/** A file name safe for a Content-Disposition header and a download: no path, no control characters. */
export function safeFileName(name: string, type: AttachmentType): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}"<>:|?*;]/gu, "")
    .trim()
    .slice(0, 120);
  const extension = attachmentTypes[type].extension;
  const stem = cleaned.replace(/\.[A-Za-z0-9]{1,5}$/, "") || "tep-dinh-kem";
  return `${stem}.${extension}`;
}

export { contentDisposition } from "../lib/file-reply.ts";

export interface UploadTarget {
  method: "PUT";
  url: string;
  /** Headers the PUT must carry exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

/** Where attachment bytes live: S3 in AWS, a local folder on a laptop. No AWS types leak out. */
export interface AttachmentStore {
  uploadTarget(key: string, contentType: AttachmentType, size: number): Promise<UploadTarget>;
  /** The object's bytes, or undefined when nothing was uploaded. */
  read(key: string): Promise<Uint8Array | undefined>;
  remove(key: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Local store: files under a folder, uploads through the local server's /local-uploads/.

export const localUploadPrefix = "/local-uploads/";

/** The HMAC of a local upload address: the key, the type, the exact size and the expiry. */
export function localUploadSignature(secret: string, key: string, contentType: string, size: number, expires: number): string {
  return createHmac("sha256", secret)
    .update(`${key}\n${contentType}\n${String(size)}\n${String(expires)}`)
    .digest("base64url");
}

export function verifyLocalUploadSignature(secret: string, key: string, contentType: string, size: number, expires: number, signature: string): boolean {
  const expected = Buffer.from(localUploadSignature(secret, key, contentType, size, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Object keys are made by the service (`nominations/<uuid>/<uuid>`); anything else is refused. */
export const attachmentKeyPattern = /^nominations\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export function localAttachmentPath(folder: string, key: string): string {
  if (!attachmentKeyPattern.test(key)) throw new Error("not an attachment key");
  const root = resolve(folder);
  const path = resolve(join(root, key));
  if (!path.startsWith(root + sep)) throw new Error("attachment key escapes the folder");
  return path;
}

export class LocalAttachmentStore implements AttachmentStore {
  constructor(
    private readonly folder: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async uploadTarget(key: string, contentType: AttachmentType, size: number): Promise<UploadTarget> {
    const expires = Math.floor(this.now().getTime() / 1000) + uploadTtlSeconds;
    const signature = localUploadSignature(this.secret, key, contentType, size, expires);
    const query = new URLSearchParams({ type: contentType, size: String(size), expires: String(expires), signature });
    return {
      method: "PUT",
      url: `${localUploadPrefix}${key}?${query.toString()}`,
      headers: { "content-type": contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(localAttachmentPath(this.folder, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(localAttachmentPath(this.folder, key), { force: true });
  }

  /** Used by the local server's upload stand-in (infra/local/uploads.ts). */
  static async write(folder: string, key: string, bytes: Uint8Array): Promise<void> {
    const path = localAttachmentPath(folder, key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600 });
  }
}

// ---------------------------------------------------------------------------------------------
// S3 store (AWS): presigned PUT with the content type and the exact length signed.

export async function s3AttachmentStore(bucket: string): Promise<AttachmentStore> {
  const [{ S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand, NoSuchKey }, { getSignedUrl }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("@aws-sdk/s3-request-presigner"),
  ]);
  const client = new S3Client({});
  return {
    async uploadTarget(key, contentType, size) {
      // The bucket encrypts with the data key by default (infra/stacks/data-stack.ts).
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size });
      const url = await getSignedUrl(client, command, { expiresIn: uploadTtlSeconds, signableHeaders: new Set(["content-type", "content-length"]) });
      return {
        method: "PUT",
        url,
        headers: { "content-type": contentType },
        expiresAt: new Date(Date.now() + uploadTtlSeconds * 1000).toISOString(),
      };
    },
    async read(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if ((answer.ContentLength ?? 0) > maxAttachmentBytes) return new Uint8Array(maxAttachmentBytes + 1);
        return await answer.Body?.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey || (error as Error).name === "NoSuchKey") return undefined;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** `ATTACHMENTS_STORE=s3` (with `ATTACHMENTS_BUCKET`) in AWS, `local` (with `LOCAL_ATTACHMENTS_DIR`, `LOCAL_UPLOAD_SECRET`) on a laptop. */
export async function attachmentStoreFromEnv(): Promise<AttachmentStore> {
  const kind = process.env.ATTACHMENTS_STORE;
  if (kind === "s3") {
    const bucket = process.env.ATTACHMENTS_BUCKET;
    if (!bucket) throw new Error("Missing environment variable ATTACHMENTS_BUCKET");
    return s3AttachmentStore(bucket);
  }
  if (kind === "local") {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME) throw new Error("ATTACHMENTS_STORE=local is for the local runtime only");
    const secret = process.env.LOCAL_UPLOAD_SECRET;
    if (!secret) throw new Error("Missing environment variable LOCAL_UPLOAD_SECRET");
    return new LocalAttachmentStore(process.env.LOCAL_ATTACHMENTS_DIR || ".data/attachments", secret);
  }
  throw new Error(`ATTACHMENTS_STORE must be "s3" or "local", not "${String(kind)}"`);
}
