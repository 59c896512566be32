import { createHmac, randomUUID } from "node:crypto";
import {
  type AchievementReport,
  type AwardForm,
  type AwardLevel,
  type CouncilVote,
  type Cycle,
  type HonourEntry,
  levelsOfForm,
  type Nomination,
  type NominationPage,
  type NominationStatus,
  type NominationSummary,
  type Nominee,
  type NomineeKind,
  type Outcome,
  type Step,
  type StepAction,
} from "../../shared/commendations.ts";
import { authorize, type Permission, type Principal } from "../../shared/permissions.ts";
import { foldForSearch } from "../../shared/text.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/index.ts";
import {
  type AttachmentStore,
  type AttachmentType,
  checkArrival,
  maxAttachmentBytes,
  maxAttachmentsPerNomination,
  notArrived,
  safeFileName,
  type UploadTarget,
  wrongFile,
} from "./attachments.ts";

/**
 * The commendation workflow's rules (no AWS types: the repository and the attachment store are
 * interfaces). Each step names the status it starts from and the version the officer saw; the
 * repository applies the change, the history step and the nominee marker in one transaction that
 * fails when either changed meanwhile.
 *
 * draft → submitted (commune) → council-approved | returned | rejected (council vote)
 *       → appraised | returned | rejected (province appraisal) → decided → published;
 * returned → (edit) → submitted again; decided / published → revoked (with a reason), never edited.
 */

export interface Actor extends Principal {
  name: string;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
  status: "pending" | "ready" | "rejected";
  key: string;
  uploadedBy: string;
  createdAt: string;
}

export interface NominationChange {
  next: Nomination;
  expectedVersion: number;
  /** The statuses the change may start from. */
  from: readonly NominationStatus[];
  step: Step;
  /** The previous nominee key, when the nominee changed (its marker is moved). */
  previousNomineeKey?: string;
}

export interface CommendationRepository {
  getCycle(id: string): Promise<Cycle | undefined>;
  listCycles(): Promise<Cycle[]>;
  createCycle(cycle: Cycle): Promise<void>;
  getNomination(id: string): Promise<Nomination | undefined>;
  /** `known`: the nomination already read (and decrypted) by the caller, not decrypted again. */
  getDetail(id: string, known?: Nomination): Promise<{ nomination: Nomination; steps: Step[]; attachments: Attachment[] } | undefined>;
  createNomination(nomination: Nomination, step: Step): Promise<void>;
  /** Throws VersionConflict when the version or status is not the expected one. */
  changeNomination(change: NominationChange): Promise<void>;
  nominationsWithNominee(cycleId: string, nomineeKey: string): Promise<string[]>;
  listByCommune(commune: string, cycleId: string, status: NominationStatus | undefined, limit: number, cursor?: string): Promise<NominationPage>;
  listByCycle(cycleId: string, status: NominationStatus | undefined, limit: number, cursor?: string): Promise<NominationPage>;
  putAttachment(nominationId: string, attachment: Attachment): Promise<void>;
  getAttachment(nominationId: string, attachmentId: string): Promise<Attachment | undefined>;
  markAttachmentReady(nominationId: string, attachmentId: string, step: Step): Promise<void>;
  removeAttachment(nominationId: string, attachmentId: string): Promise<void>;
  honourRoll(year: number, commune?: string): Promise<HonourEntry[]>;
}

/** The repository's transaction found another version or status than expected. */
export class VersionConflict extends Error {
  override name = "VersionConflict";
}

const staleNomination = {
  vi: "Hồ sơ đã được người khác thay đổi; hãy xem bản hiện tại rồi thử lại.",
  en: "Someone else changed this nomination; review the current version and try again.",
};

export interface CycleInput {
  name: string;
  kind: "year" | "campaign";
  year: number;
  submissionDeadline: string;
  reviewDeadline?: string;
}

export interface NominationInput {
  cycleId: string;
  nominee: { kind: NomineeKind; name: string; unit: string; position?: string };
  report: AchievementReport;
  form: AwardForm;
  level: AwardLevel;
  publicConsent: boolean;
}

export type CouncilInput = Omit<CouncilVote, "recordedBy" | "recordedByName" | "recordedAt"> & { expectedVersion: number };

/**
 * The duplicate key of a nominee in a cycle: kind, commune and the folded name, under a keyed hash
 * (never the name itself). Keyed, because names are few: a plain hash could be reversed by trying
 * a list of names against a copy of the table.
 */
export function nomineeKey(secret: string, cycleId: string, commune: string, nominee: Pick<Nominee, "kind" | "name">): string {
  return createHmac("sha256", secret)
    .update(`${cycleId}\n${nominee.kind}\n${commune}\n${foldForSearch(nominee.name)}`)
    .digest("base64url");
}

const editable: readonly NominationStatus[] = ["draft", "returned"];

export class CommendationService {
  constructor(
    private readonly repository: CommendationRepository,
    private readonly attachments: () => Promise<AttachmentStore>,
    /** The HMAC key of nominee duplicate keys (derived with KMS in AWS: functions/lib/derived-secrets.ts). */
    private readonly nomineeSecret: () => Promise<string>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ------------------------------------------------------------------------------------------
  // Cycles

  listCycles(): Promise<Cycle[]> {
    return this.repository.listCycles();
  }

  async createCycle(actor: Actor, input: CycleInput): Promise<Cycle> {
    this.require(actor, "nomination:decide", "province");
    if (input.reviewDeadline !== undefined && input.reviewDeadline < input.submissionDeadline) {
      throw new RuleError(
        "body.reviewDeadline",
        "Hạn xét của Hội đồng không được trước hạn gửi đề nghị",
        "The council's deadline cannot be before the submission deadline",
      );
    }
    const cycle: Cycle = { id: randomUUID(), ...input, createdAt: this.now().toISOString(), createdBy: actor.id };
    await this.repository.createCycle(cycle);
    return cycle;
  }

  // ------------------------------------------------------------------------------------------
  // Nominations: the commune's steps

  async create(actor: Actor, commune: string, input: NominationInput): Promise<Nomination> {
    this.require(actor, "nomination:submit", { commune });
    const cycle = await this.openCycle(input.cycleId, "body.cycleId");
    this.checkFormLevel(input.form, input.level);
    const at = this.now().toISOString();
    const nominee = cleanNominee(input.nominee);
    const nomination: Nomination = {
      id: randomUUID(),
      cycleId: cycle.id,
      commune,
      status: "draft",
      version: 1,
      nominee,
      report: input.report,
      form: input.form,
      level: input.level,
      publicConsent: input.publicConsent,
      ...(input.publicConsent ? { consentRecordedAt: at } : {}),
      nomineeKey: nomineeKey(await this.nomineeSecret(), cycle.id, commune, nominee),
      createdAt: at,
      createdBy: actor.id,
      updatedAt: at,
    };
    await this.repository.createNomination(nomination, this.step(actor, at, "created", undefined, "draft"));
    return nomination;
  }

  async update(actor: Actor, current: Nomination, input: Omit<NominationInput, "cycleId"> & { expectedVersion: number }): Promise<Nomination> {
    this.require(actor, "nomination:submit", { commune: current.commune });
    this.checkVersion(current, input.expectedVersion);
    if (current.status === "decided" || current.status === "published") {
      throw new RuleError(
        "body",
        "Khen thưởng đã có quyết định: không sửa được, chỉ có thể thu hồi kèm lý do",
        "A decided award cannot be edited, only revoked with a reason",
      );
    }
    if (!editable.includes(current.status)) {
      throw new RuleError("body", "Chỉ sửa được hồ sơ nháp hoặc hồ sơ bị trả lại", "Only a draft or a returned nomination can be edited");
    }
    this.checkFormLevel(input.form, input.level);
    const at = this.now().toISOString();
    const nominee = cleanNominee(input.nominee);
    const key = nomineeKey(await this.nomineeSecret(), current.cycleId, current.commune, nominee);
    const next: Nomination = {
      ...current,
      nominee,
      report: input.report,
      form: input.form,
      level: input.level,
      publicConsent: input.publicConsent,
      nomineeKey: key,
      version: current.version + 1,
      updatedAt: at,
    };
    if (input.publicConsent && !current.publicConsent) next.consentRecordedAt = at;
    if (!input.publicConsent) delete next.consentRecordedAt;
    return this.apply(current, {
      next,
      expectedVersion: input.expectedVersion,
      from: editable,
      step: this.step(actor, at, "edited", current.status, current.status),
      ...(key === current.nomineeKey ? {} : { previousNomineeKey: current.nomineeKey }),
    });
  }

  async submit(actor: Actor, current: Nomination, expectedVersion: number): Promise<Nomination> {
    this.require(actor, "nomination:submit", { commune: current.commune });
    this.checkVersion(current, expectedVersion);
    if (!editable.includes(current.status)) {
      throw new RuleError("body", "Hồ sơ này đã được gửi", "This nomination has already been submitted");
    }
    if (current.status === "draft") await this.openCycle(current.cycleId, "body");
    else await this.openForResubmission(current.cycleId);
    const at = this.now().toISOString();
    const next: Nomination = { ...current, status: "submitted", version: current.version + 1, updatedAt: at };
    const action = current.status === "returned" ? "resubmitted" : "submitted";
    return this.apply(current, { next, expectedVersion, from: editable, step: this.step(actor, at, action, current.status, "submitted") });
  }

  // ------------------------------------------------------------------------------------------
  // Council, appraisal, decision, publication, revocation

  async council(actor: Actor, current: Nomination, input: CouncilInput): Promise<Nomination> {
    this.require(actor, "nomination:review", { commune: current.commune });
    this.checkVersion(current, input.expectedVersion);
    this.checkStatus(current, ["submitted"], "Chỉ hồ sơ đã gửi mới được Hội đồng xét", "Only a submitted nomination goes to the council");
    const cycle = await this.repository.getCycle(current.cycleId);
    const today = vietnamDay(this.now());
    if (cycle?.reviewDeadline !== undefined && today > cycle.reviewDeadline) {
      throw new RuleError("body", `Đã quá hạn xét của Hội đồng (${cycle.reviewDeadline})`, `The council's deadline (${cycle.reviewDeadline}) has passed`);
    }
    if (input.meetingDate > today) throw new RuleError("body.meetingDate", "Ngày họp không được ở tương lai", "The meeting cannot be in the future");
    if (input.membersPresent > input.membersTotal) {
      throw new RuleError("body.membersPresent", "Số thành viên có mặt vượt quá tổng số thành viên", "More members present than the council has");
    }
    if (input.votesFor + input.votesAgainst + input.abstentions > input.membersPresent) {
      throw new RuleError("body.votesFor", "Tổng số phiếu vượt quá số thành viên có mặt", "More votes than members present");
    }
    if (input.membersPresent * 2 <= input.membersTotal) {
      throw new RuleError("body.membersPresent", "Cuộc họp chưa đủ quá nửa số thành viên Hội đồng", "Fewer than half of the council's members were present");
    }
    if (input.outcome === "approve" && input.votesFor * 2 <= input.membersPresent) {
      throw new RuleError(
        "body.outcome",
        "Chỉ thông qua khi quá nửa số thành viên có mặt đồng ý",
        "Approval needs more than half of the members present voting for it",
      );
    }
    if (input.outcome !== "approve" && !input.comments) {
      throw new RuleError("body.comments", "Hãy ghi ý kiến khi trả lại hoặc không thông qua", "Give comments when returning or rejecting");
    }
    const at = this.now().toISOString();
    const to: NominationStatus = input.outcome === "approve" ? "council-approved" : input.outcome === "return" ? "returned" : "rejected";
    const { expectedVersion, ...vote } = input;
    const next: Nomination = {
      ...current,
      status: to,
      version: current.version + 1,
      updatedAt: at,
      council: { ...vote, recordedBy: actor.id, recordedByName: actor.name, recordedAt: at },
    };
    if (to === "returned" && input.comments) next.returnComments = input.comments;
    const action: StepAction = input.outcome === "approve" ? "council-approved" : input.outcome === "return" ? "council-returned" : "council-rejected";
    return this.apply(current, { next, expectedVersion, from: ["submitted"], step: this.step(actor, at, action, "submitted", to, input.comments) });
  }

  async appraise(actor: Actor, current: Nomination, input: { outcome: Outcome; comments?: string; expectedVersion: number }): Promise<Nomination> {
    this.require(actor, "nomination:appraise", { commune: current.commune });
    this.checkVersion(current, input.expectedVersion);
    this.checkStatus(current, ["council-approved"], "Chỉ thẩm định hồ sơ Hội đồng đã thông qua", "Only a council-approved nomination is appraised");
    if (input.outcome !== "approve" && !input.comments) {
      throw new RuleError("body.comments", "Hãy ghi ý kiến thẩm định khi trả lại hoặc không đạt", "Give comments when returning or rejecting");
    }
    const at = this.now().toISOString();
    const to: NominationStatus = input.outcome === "approve" ? "appraised" : input.outcome === "return" ? "returned" : "rejected";
    const next: Nomination = {
      ...current,
      status: to,
      version: current.version + 1,
      updatedAt: at,
      appraisal: { outcome: input.outcome, ...(input.comments ? { comments: input.comments } : {}), by: actor.id, byName: actor.name, at },
    };
    if (to === "returned" && input.comments) next.returnComments = input.comments;
    const action: StepAction = input.outcome === "approve" ? "appraisal-approved" : input.outcome === "return" ? "appraisal-returned" : "appraisal-rejected";
    return this.apply(current, {
      next,
      expectedVersion: input.expectedVersion,
      from: ["council-approved"],
      step: this.step(actor, at, action, "council-approved", to, input.comments),
    });
  }

  async decide(actor: Actor, current: Nomination, input: { number: string; date: string; signer: string; expectedVersion: number }): Promise<Nomination> {
    this.require(actor, "nomination:decide", { commune: current.commune });
    this.checkVersion(current, input.expectedVersion);
    this.checkStatus(current, ["appraised"], "Chỉ ra quyết định cho hồ sơ đã thẩm định đạt", "Only an appraised nomination can be decided");
    if (input.date > vietnamDay(this.now()))
      throw new RuleError("body.date", "Ngày quyết định không được ở tương lai", "The decision date cannot be in the future");
    const at = this.now().toISOString();
    const next: Nomination = {
      ...current,
      status: "decided",
      version: current.version + 1,
      updatedAt: at,
      decision: { number: input.number, date: input.date, signer: input.signer, by: actor.id, byName: actor.name, at },
    };
    delete next.returnComments;
    return this.apply(current, {
      next,
      expectedVersion: input.expectedVersion,
      from: ["appraised"],
      step: this.step(actor, at, "decided", "appraised", "decided", `Số ${input.number}, ngày ${input.date}, ${input.signer}`),
    });
  }

  async publish(actor: Actor, current: Nomination, expectedVersion: number): Promise<Nomination> {
    this.require(actor, "nomination:decide", { commune: current.commune });
    this.checkVersion(current, expectedVersion);
    this.checkStatus(current, ["decided"], "Chỉ công bố khen thưởng đã có quyết định", "Only a decided award is published");
    const at = this.now().toISOString();
    const next: Nomination = { ...current, status: "published", version: current.version + 1, updatedAt: at };
    // An individual's or a household's name appears only with their recorded consent.
    const named = current.nominee.kind === "collective" || current.publicConsent;
    if (named) next.publicName = current.nominee.name;
    else delete next.publicName;
    return this.apply(current, { next, expectedVersion, from: ["decided"], step: this.step(actor, at, "published", "decided", "published") });
  }

  async revoke(actor: Actor, current: Nomination, input: { reason: string; expectedVersion: number }): Promise<Nomination> {
    this.require(actor, "nomination:decide", { commune: current.commune });
    this.checkVersion(current, input.expectedVersion);
    this.checkStatus(current, ["decided", "published"], "Chỉ thu hồi được khen thưởng đã có quyết định", "Only a decided award can be revoked");
    const at = this.now().toISOString();
    const next: Nomination = {
      ...current,
      status: "revoked",
      version: current.version + 1,
      updatedAt: at,
      revocation: { reason: input.reason, by: actor.id, byName: actor.name, at },
    };
    delete next.publicName;
    return this.apply(current, {
      next,
      expectedVersion: input.expectedVersion,
      from: ["decided", "published"],
      step: this.step(actor, at, "revoked", current.status, "revoked", input.reason),
    });
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  async detail(current: Nomination) {
    const nominationId = current.id;
    const found = await this.repository.getDetail(nominationId, current);
    if (found === undefined) throw new NotFoundError("nomination");
    const others = await this.repository.nominationsWithNominee(found.nomination.cycleId, found.nomination.nomineeKey);
    return {
      ...found,
      attachments: found.attachments.filter((attachment) => attachment.status === "ready"),
      duplicates: others.filter((id) => id !== nominationId),
    };
  }

  /** The nominations of a commune (or all communes, for province roles) in a cycle. */
  async list(query: { cycleId: string; commune?: string; status?: NominationStatus; limit: number; cursor?: string }): Promise<NominationPage> {
    if (query.commune !== undefined) return this.repository.listByCommune(query.commune, query.cycleId, query.status, query.limit, query.cursor);
    return this.repository.listByCycle(query.cycleId, query.status, query.limit, query.cursor);
  }

  /** Every nomination of a cycle that went through the council with approval (the dossier). */
  async dossier(cycleId: string): Promise<{ cycle: Cycle; nominations: NominationSummary[] }> {
    const cycle = await this.repository.getCycle(cycleId);
    if (cycle === undefined) throw new NotFoundError("nomination");
    const nominations: NominationSummary[] = [];
    for (const status of ["council-approved", "appraised", "decided", "published"] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.repository.listByCycle(cycleId, status, 100, cursor);
        nominations.push(...page.items);
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    nominations.sort((a, b) => a.commune.localeCompare(b.commune) || a.createdAt.localeCompare(b.createdAt));
    return { cycle, nominations };
  }

  honourRoll(year: number, commune?: string): Promise<HonourEntry[]> {
    return this.repository.honourRoll(year, commune);
  }

  // ------------------------------------------------------------------------------------------
  // Attachments

  async startUpload(
    actor: Actor,
    current: Nomination,
    input: { fileName: string; contentType: AttachmentType; size: number },
  ): Promise<{ attachment: Attachment; upload: UploadTarget }> {
    this.require(actor, "nomination:submit", { commune: current.commune });
    if (!editable.includes(current.status)) {
      throw new RuleError("body", "Chỉ thêm tệp vào hồ sơ nháp hoặc bị trả lại", "Files are added to a draft or returned nomination only");
    }
    if (input.size > maxAttachmentBytes) {
      throw new RuleError("body.size", "Tệp lớn hơn 4 MB", "The file is larger than 4 MB");
    }
    const detail = await this.repository.getDetail(current.id, current);
    // Refused files do not count; files still being uploaded do.
    const kept = (detail?.attachments ?? []).filter((attachment) => attachment.status !== "rejected");
    if (kept.length >= maxAttachmentsPerNomination) {
      throw new RuleError(
        "body",
        `Mỗi hồ sơ có tối đa ${String(maxAttachmentsPerNomination)} tệp`,
        `At most ${String(maxAttachmentsPerNomination)} files per nomination`,
      );
    }
    const id = randomUUID();
    const attachment: Attachment = {
      id,
      fileName: safeFileName(input.fileName, input.contentType),
      contentType: input.contentType,
      size: input.size,
      status: "pending",
      key: `nominations/${current.id}/${id}`,
      uploadedBy: actor.id,
      createdAt: this.now().toISOString(),
    };
    await this.repository.putAttachment(current.id, attachment);
    const upload = await (await this.attachments()).uploadTarget(attachment.key, attachment.contentType, attachment.size);
    return { attachment, upload };
  }

  /** Reads the uploaded file back: size and first bytes must match what was declared, or it is deleted. */
  async confirmUpload(actor: Actor, current: Nomination, attachmentId: string): Promise<Attachment> {
    this.require(actor, "nomination:submit", { commune: current.commune });
    const attachment = await this.repository.getAttachment(current.id, attachmentId);
    if (attachment === undefined) throw new NotFoundError("nomination");
    if (attachment.status === "ready") return attachment;
    // What arrived at the single-use upload address; once checked, the store keeps these bytes as
    // the evidence and closes the address (attachments.ts). An earlier confirm may have got that far.
    const arrival = await checkArrival(await this.attachments(), attachment);
    if (arrival === "missing") throw notArrived();
    if (arrival === "refused") {
      await this.repository.removeAttachment(current.id, attachment.id);
      throw wrongFile(attachment.contentType);
    }
    const at = this.now().toISOString();
    await this.repository.markAttachmentReady(
      current.id,
      attachment.id,
      this.step(actor, at, "attachment-added", current.status, current.status, attachment.fileName),
    );
    return { ...attachment, status: "ready" };
  }

  async download(current: Nomination, attachmentId: string): Promise<{ attachment: Attachment; bytes: Uint8Array }> {
    const attachment = await this.repository.getAttachment(current.id, attachmentId);
    if (attachment === undefined || attachment.status !== "ready") throw new NotFoundError("nomination");
    const bytes = await (await this.attachments()).read(attachment.key);
    if (bytes === undefined) throw new NotFoundError("nomination");
    return { attachment, bytes };
  }

  // ------------------------------------------------------------------------------------------

  private async apply(current: Nomination, change: NominationChange): Promise<Nomination> {
    try {
      await this.repository.changeNomination(change);
      return change.next;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      const latest = await this.repository.getNomination(current.id);
      if (latest === undefined) throw new NotFoundError("nomination");
      throw new StaleError(latest, staleNomination);
    }
  }

  private step(actor: Actor, at: string, action: StepAction, from: NominationStatus | undefined, to: NominationStatus, comments?: string): Step {
    return { at, action, ...(from === undefined ? {} : { from }), to, officerId: actor.id, officerName: actor.name, ...(comments ? { comments } : {}) };
  }

  private require(actor: Principal, permission: Permission, scope: { commune: string } | "province"): void {
    if (!authorize(actor, permission, scope).allowed) throw new NotFoundError("nomination");
  }

  private checkVersion(current: Nomination, expected: number): void {
    if (current.version !== expected) throw new StaleError(current, staleNomination);
  }

  private checkStatus(current: Nomination, allowed: readonly NominationStatus[], vi: string, en: string): void {
    if (current.status === "decided" || current.status === "published") {
      if (!allowed.includes(current.status))
        throw new RuleError("body", "Khen thưởng đã có quyết định: chỉ có thể thu hồi kèm lý do", "A decided award can only be revoked with a reason");
    }
    if (!allowed.includes(current.status)) throw new RuleError("body", vi, en);
  }

  private checkFormLevel(form: AwardForm, level: AwardLevel): void {
    if (!levelsOfForm[form].includes(level)) {
      throw new RuleError(
        "body.level",
        form === "bang-khen" ? "Bằng khen do Chủ tịch UBND tỉnh tặng" : "Giấy khen do Chủ tịch UBND xã hoặc Giám đốc Sở tặng",
        form === "bang-khen" ? "A Bằng khen is awarded by the province chair" : "A Giấy khen is awarded by a commune chair or a department head",
      );
    }
  }

  /**
   * A returned nomination comes back after the submission deadline (the council returns it while
   * reviewing): it may be resubmitted until the council's own deadline, when the cycle has one.
   */
  private async openForResubmission(cycleId: string): Promise<void> {
    const cycle = await this.repository.getCycle(cycleId);
    if (cycle?.reviewDeadline !== undefined && vietnamDay(this.now()) > cycle.reviewDeadline) {
      throw new RuleError("body", `Đã quá hạn xét của Hội đồng (${cycle.reviewDeadline})`, `The council's deadline (${cycle.reviewDeadline}) has passed`);
    }
  }

  /** The cycle, when it still takes nominations (today ≤ its submission deadline, Vietnam time). */
  private async openCycle(cycleId: string, field: string): Promise<Cycle> {
    const cycle = await this.repository.getCycle(cycleId);
    if (cycle === undefined) throw new RuleError(field, "Không có đợt khen thưởng này", "There is no such commendation cycle");
    if (vietnamDay(this.now()) > cycle.submissionDeadline) {
      throw new RuleError(
        field,
        `Đã quá hạn gửi đề nghị của đợt (${cycle.submissionDeadline})`,
        `The cycle's submission deadline (${cycle.submissionDeadline}) has passed`,
      );
    }
    return cycle;
  }
}

function cleanNominee(nominee: NominationInput["nominee"]): Nominee {
  return {
    kind: nominee.kind,
    name: nominee.name.trim(),
    unit: nominee.unit.trim(),
    ...(nominee.position?.trim() ? { position: nominee.position.trim() } : {}),
  };
}
