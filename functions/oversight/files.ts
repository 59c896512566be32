import { randomUUID } from "node:crypto";
import {
  type AttachmentStore,
  type AttachmentType,
  checkArrival,
  maxAttachmentBytes,
  notArrived,
  safeFileName,
  type UploadTarget,
  wrongFile,
} from "../commendations/attachments.ts";
import { NotFoundError, RuleError } from "../lib/kit/errors.ts";
import type { Actor } from "./service.ts";

/**
 * Files of the oversight records: a plan's adopting document, the files a task's progress reports
 * cite, the evidence a recommendation's follow-ups cite. The bytes go through the same single-use
 * upload mechanism as commendation evidence (functions/commendations/attachments.ts): the API hands
 * out an address that accepts ONE PUT of the announced type and size to an incoming key; confirm
 * reads it back, checks size and first bytes, and copies it to the served key; downloads go through
 * the API (audited by the route table). The file's name may name a person: it is sealed with the
 * record's other free text (functions/oversight/repository.ts).
 */
export type FileParentKind = "plan" | "task" | "recommendation";
export interface FileParent {
  kind: FileParentKind;
  id: string;
}

export interface OversightFile {
  id: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
  status: "pending" | "ready";
  /** The object key: `oversight/<parent id>/<file id>`. */
  key: string;
  uploadedBy: Actor;
  createdAt: string;
}

/** What the files need of the oversight table (the DynamoDB repository implements it). */
export interface FileStore {
  putFile(parent: FileParent, file: OversightFile): Promise<void>;
  getFile(parent: FileParent, id: string): Promise<OversightFile | undefined>;
  markFileReady(parent: FileParent, id: string): Promise<void>;
  removeFile(parent: FileParent, id: string): Promise<void>;
  filesOf(parent: FileParent): Promise<OversightFile[]>;
}

/** Files a record may hold (pending ones count: a refused one is removed). */
export const maxFilesPerRecord = 20;

export class OversightFiles {
  constructor(
    private readonly store: FileStore,
    private readonly bytes: () => Promise<AttachmentStore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(
    actor: Actor,
    parent: FileParent,
    input: { fileName: string; contentType: AttachmentType; size: number },
  ): Promise<{ file: OversightFile; upload: UploadTarget }> {
    if (input.size > maxAttachmentBytes) throw new RuleError("body.size", "Tệp lớn hơn 4 MB", "The file is larger than 4 MB");
    if ((await this.store.filesOf(parent)).length >= maxFilesPerRecord) {
      throw new RuleError("body", `Mỗi mục có tối đa ${String(maxFilesPerRecord)} tệp`, `At most ${String(maxFilesPerRecord)} files per record`);
    }
    const id = randomUUID();
    const file: OversightFile = {
      id,
      fileName: safeFileName(input.fileName, input.contentType),
      contentType: input.contentType,
      size: input.size,
      status: "pending",
      key: `oversight/${parent.id}/${id}`,
      uploadedBy: actor,
      createdAt: this.now().toISOString(),
    };
    await this.store.putFile(parent, file);
    return { file, upload: await (await this.bytes()).uploadTarget(file.key, file.contentType, file.size) };
  }

  async confirm(parent: FileParent, id: string): Promise<OversightFile> {
    const file = await this.store.getFile(parent, id);
    if (file === undefined) throw new NotFoundError("file");
    if (file.status === "ready") return file;
    const arrival = await checkArrival(await this.bytes(), file);
    if (arrival === "missing") throw notArrived();
    if (arrival === "refused") {
      await this.store.removeFile(parent, id);
      throw wrongFile(file.contentType);
    }
    await this.store.markFileReady(parent, id);
    return { ...file, status: "ready" };
  }

  async download(parent: FileParent, id: string): Promise<{ file: OversightFile; bytes: Uint8Array }> {
    const file = await this.store.getFile(parent, id);
    if (file === undefined || file.status !== "ready") throw new NotFoundError("file");
    const bytes = await (await this.bytes()).read(file.key);
    if (bytes === undefined) throw new NotFoundError("file");
    return { file, bytes };
  }

  /** The record's files ready to download (a pending upload is not shown). */
  async list(parent: FileParent): Promise<OversightFile[]> {
    return (await this.store.filesOf(parent)).filter((file) => file.status === "ready");
  }

  /** A progress report or follow-up cites files of its own record, already uploaded: checked here. */
  async cite(parent: FileParent, ids: readonly string[], field: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const ready = new Set((await this.list(parent)).map((file) => file.id));
    const unknown = ids.findIndex((id) => !ready.has(id));
    if (unknown >= 0) throw new RuleError(`${field}.${String(unknown)}`, "Tệp này chưa được tải lên cho mục này", "This file was not uploaded to this record");
    return [...new Set(ids)];
  }
}
