import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { oneOf, optional, RuleError, required, settings } from "../lib/kit/index.ts";

/**
 * Evidence attachments of nominations: what may be uploaded, and where the bytes live.
 *
 * The browser never sends a file through the API. It asks the API for an upload address (a
 * presigned PUT that names the object key, the content type and the exact length), PUTs the file
 * there, then asks the API to confirm: the function reads the object back and checks the size
 * and the file's first bytes against the declared type. In AWS the address is S3 (private bucket,
 * SSE-KMS, TLS only); locally it is `/local-uploads/…` on the same server, which writes to
 * `.data/attachments/` (infra/local/uploads.ts) after checking the same signed conditions.
 *
 * Uploads are single-use. The address names an INCOMING object (`incoming/<evidence key>`), never
 * the evidence object that is served, and is signed with `If-None-Match: *`: it creates the object
 * once, a second PUT is refused (412). On confirm the function writes the bytes it checked to the
 * evidence key itself and leaves an empty tombstone at the incoming key (so the address stays
 * used up until it expires); a refused file is replaced by the tombstone too. Nothing sent to an
 * upload address after the check can change what is served.
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

/** Confirm before anything arrived at the upload address. */
export const notArrived = () => new RuleError("path.attachmentId", "Chưa nhận được tệp; hãy tải lên lại", "The file has not arrived; upload it again");

/** Confirm of a file that is not what was declared (it is gone). */
export const wrongFile = (type: AttachmentType) =>
  new RuleError(
    "body.file",
    `Tệp không đúng loại ${attachmentTypes[type].label} hoặc không đúng kích thước đã khai`,
    `The file is not a ${attachmentTypes[type].label} file or not the declared size`,
  );

/**
 * Confirm of a single-use upload: what arrived must be the declared size and start like the
 * declared type. `kept`: the store now serves those bytes (or an earlier confirm got that far);
 * `refused`: the address is closed and the bytes gone; `missing`: nothing arrived yet.
 */
export async function checkArrival(
  store: AttachmentStore,
  file: { key: string; size: number; contentType: AttachmentType },
): Promise<"kept" | "refused" | "missing"> {
  const bytes = await store.readUpload(file.key);
  if (bytes === undefined) return (await store.read(file.key)) === undefined ? "missing" : "kept";
  if (bytes.length !== file.size || bytes.length > maxAttachmentBytes || !matchesType(bytes, file.contentType)) {
    await store.closeUpload(file.key);
    return "refused";
  }
  await store.promote(file.key, bytes, file.contentType);
  return "kept";
}

export interface UploadTarget {
  method: "PUT";
  url: string;
  /** Headers the PUT must carry exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * Where attachment bytes live: S3 in AWS, a local folder on a laptop. No AWS types leak out.
 * `key` is always the evidence key (`nominations/<nomination>/<file>`); the store derives the
 * incoming key of its upload address (`incomingKeyOf`).
 */
export interface AttachmentStore {
  /** A single-use address that creates the incoming object of `key` once. */
  uploadTarget(key: string, contentType: AttachmentType, size: number): Promise<UploadTarget>;
  /** What arrived at the upload address, or undefined when nothing did (or it was closed). */
  readUpload(key: string): Promise<Uint8Array | undefined>;
  /** Stores the checked bytes as the evidence (once: an existing evidence object is kept) and closes the upload. */
  promote(key: string, bytes: Uint8Array, contentType: AttachmentType): Promise<void>;
  /** Replaces what arrived with an empty tombstone: the address stays used up, the bytes are gone. */
  closeUpload(key: string): Promise<void>;
  /** The evidence's bytes, or undefined when there is none. */
  read(key: string): Promise<Uint8Array | undefined>;
}

/** The object an upload address writes: never served, only read back by confirm. */
export function incomingKeyOf(key: string): string {
  return `incoming/${key}`;
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

/**
 * Object keys are made by the services: `nominations/<uuid>/<uuid>` (commendation evidence) and
 * `oversight/<uuid>/<uuid>` (a plan's document, a task's or a recommendation's files); anything
 * else is refused.
 */
export const attachmentKeyPattern = /^(nominations|oversight)\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
/** The keys upload addresses name (`incoming/<evidence key>`). */
export const incomingKeyPattern = /^incoming\/(nominations|oversight)\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export function localAttachmentPath(folder: string, key: string): string {
  if (!attachmentKeyPattern.test(key) && !incomingKeyPattern.test(key)) throw new Error("not an attachment key");
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
    const incoming = incomingKeyOf(key);
    const expires = Math.floor(this.now().getTime() / 1000) + uploadTtlSeconds;
    const signature = localUploadSignature(this.secret, incoming, contentType, size, expires);
    const query = new URLSearchParams({ type: contentType, size: String(size), expires: String(expires), signature });
    return {
      method: "PUT",
      url: `${localUploadPrefix}${incoming}?${query.toString()}`,
      headers: { "content-type": contentType, "if-none-match": "*" },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  async readUpload(key: string): Promise<Uint8Array | undefined> {
    const bytes = await this.readKey(incomingKeyOf(key));
    return bytes === undefined || bytes.length === 0 ? undefined : bytes;
  }

  async promote(key: string, bytes: Uint8Array): Promise<void> {
    await LocalAttachmentStore.create(this.folder, key, bytes).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    });
    await this.closeUpload(key);
  }

  async closeUpload(key: string): Promise<void> {
    await writeFile(localAttachmentPath(this.folder, incomingKeyOf(key)), new Uint8Array(), { mode: 0o600 });
  }

  read(key: string): Promise<Uint8Array | undefined> {
    return this.readKey(key);
  }

  private async readKey(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(localAttachmentPath(this.folder, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /**
   * Creates the file only if it does not exist (`wx`, atomic), as S3 does with `If-None-Match: *`;
   * an existing one fails with EEXIST. Used by the local upload receiver (infra/local/uploads.ts).
   */
  static async create(folder: string, key: string, bytes: Uint8Array): Promise<void> {
    const path = localAttachmentPath(folder, key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600, flag: "wx" });
  }

  /** Has something (a file or its tombstone) been written at this key? */
  static async exists(folder: string, key: string): Promise<boolean> {
    try {
      await stat(localAttachmentPath(folder, key));
      return true;
    } catch {
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// S3 store (AWS): presigned PUT with the content type and the exact length signed.

export async function s3AttachmentStore(bucket: string): Promise<AttachmentStore> {
  const { S3Client, PutObjectCommand, GetObjectCommand, NoSuchKey, getSignedUrl } = await import("../lib/sdk/s3.ts");
  const client = new S3Client({});
  const readKey = async (key: string): Promise<Uint8Array | undefined> => {
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if ((answer.ContentLength ?? 0) > maxAttachmentBytes) return new Uint8Array(maxAttachmentBytes + 1);
      return await answer.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === "NoSuchKey") return undefined;
      throw error;
    }
  };
  const closeUpload = async (key: string): Promise<void> => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: incomingKeyOf(key), Body: new Uint8Array() }));
  };
  return {
    async uploadTarget(key, contentType, size) {
      // The bucket encrypts with the data key by default (infra/stacks/data-stack.ts). If-None-Match
      // is signed: S3 creates the object once and answers 412 to any later PUT to this address.
      const command = new PutObjectCommand({ Bucket: bucket, Key: incomingKeyOf(key), ContentType: contentType, ContentLength: size, IfNoneMatch: "*" });
      const url = await getSignedUrl(client, command, {
        expiresIn: uploadTtlSeconds,
        signableHeaders: new Set(["content-type", "content-length", "if-none-match"]),
      });
      return {
        method: "PUT",
        url,
        headers: { "content-type": contentType, "if-none-match": "*" },
        expiresAt: new Date(Date.now() + uploadTtlSeconds * 1000).toISOString(),
      };
    },
    async readUpload(key) {
      const bytes = await readKey(incomingKeyOf(key));
      return bytes === undefined || bytes.length === 0 ? undefined : bytes;
    },
    async promote(key, bytes, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType, IfNoneMatch: "*" }));
      } catch (error) {
        // Already promoted by an earlier confirm that did not finish: the evidence stays as it was.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 412) throw error;
      }
      await closeUpload(key);
    },
    closeUpload,
    read: readKey,
  };
}

/** Where evidence files go, read once: `ATTACHMENTS_STORE=s3` (with `ATTACHMENTS_BUCKET`) in AWS, `local` (with `LOCAL_ATTACHMENTS_DIR`, `LOCAL_UPLOAD_SECRET`) on a laptop. */
const storeSettings = settings({
  kind: oneOf("ATTACHMENTS_STORE", ["s3", "local"] as const),
  bucket: required("ATTACHMENTS_BUCKET"),
  localDir: optional("LOCAL_ATTACHMENTS_DIR", ".data/attachments"),
  uploadSecret: required("LOCAL_UPLOAD_SECRET"),
  inLambda: optional("AWS_LAMBDA_FUNCTION_NAME"),
});

export async function attachmentStoreFromEnv(): Promise<AttachmentStore> {
  if (storeSettings.kind === "s3") return s3AttachmentStore(storeSettings.bucket);
  if (storeSettings.inLambda !== undefined) throw new Error("ATTACHMENTS_STORE=local is for the local runtime only");
  return new LocalAttachmentStore(storeSettings.localDir, storeSettings.uploadSecret);
}
