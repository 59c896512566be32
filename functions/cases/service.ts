import { randomUUID } from "node:crypto";
import type { CaseNoteView, PersonMatch, ReferralStatus, ReferralStep, SamePersonLink } from "../../shared/case-work.ts";
import type {
  CasePriority,
  CaseStatus,
  CaseSummary,
  CaseView,
  CloseReason,
  ConsentPurpose,
  ConsentState,
  FollowUpView,
  Guarded,
  MeasureView,
  PartyAgeBand,
  PartyRole,
  PartySex,
  PartyView,
  ReferralTarget,
  ReferralView,
  Relationship,
  RiskQuestion,
  ServiceKind,
  ServiceView,
  SessionKind,
  SessionView,
  TimelineEvent,
  Vulnerability,
} from "../../shared/cases.ts";
import { normalizeCaseNumber } from "../../shared/cases.ts";
import { measureDefinition, type OrderingAuthority } from "../../shared/measures.ts";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import type { PendingTransfer, TransferView } from "../../shared/transfers.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { FieldCipher, type RecordContext, sealedAttribute } from "../lib/field-encryption.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/index.ts";
import {
  checkPending,
  checkTarget,
  decided,
  refuseWhilePending,
  type StoredTransfer,
  type TransferRequest,
  toStoredTransfer,
  transferViewBase,
} from "../lib/transfers.ts";
import { actsWithinTwelveMonths, checkReferralStep, checkRepeatRule } from "./casework-rules.ts";
import type { PersonKeys } from "./person-index.ts";
import {
  assessRisk,
  type CaseWork,
  checkClosing,
  checkCriticismSession,
  checkMeasure,
  checkPartyFacts,
  checkReferral,
  checkTransition,
  describeOpenWork,
  isChild,
  isOverdue,
  type MeasureInput,
  nextDue,
  openWork,
  type PartyFacts,
  raisePriority,
  reminderTime,
} from "./rules.ts";
import { type CaseChange, type CaseStore, type Entry, refPrefixes, refs } from "./store.ts";

/**
 * Case tracking: the domain service behind the cases API. It loads the case file, applies the
 * Law's rules (rules.ts), encrypts personal fields before they reach the repository (one envelope
 * per entry, `sealed`) and decrypts them only for readers allowed `case:read-identity`, and writes
 * every change at once, conditioned on the version the officer read (a stale edit → StaleError with
 * the current case → 409). It works against the CaseStore it declares (store.ts); keys and DynamoDB
 * are the repository's. Each request works with its own `forRequest()` cipher, so no entry's
 * envelope is opened twice in a request (an entry just written is shown without decrypting it).
 */
export type Cipher = Pick<FieldCipher, "encryptFields" | "decryptFields" | "forRequest">;

/** Seals and opens the entries of one case file, for one request. */
interface ItemCipher {
  /** The entry attributes that hold `values` (`{ sealed }`, or nothing when every value is empty). */
  seal(ref: string, values: Record<string, string | undefined>): Promise<{ sealed?: string }>;
  /** The entry's personal fields (of its kind) in clear. */
  open(entry: Entry): Promise<Record<string, string>>;
}

export interface CaseOfficer extends Principal {
  name: string;
}

/** The personal (encrypted) attributes of each kind of item: erased by retention, hidden from readers without identity. */
export const personalFields: Record<string, readonly string[]> = {
  case: ["closeNote", "closeOverride"],
  party: ["name", "phone", "address"],
  service: ["location"],
  referral: ["overrideReason"],
  session: ["outcome", "overrideReason"],
  followUp: ["notes"],
  note: ["text"],
  measure: ["overrideReason"],
  // The sender's words to the receiving commune, and the receiver's reason to decline.
  transfer: ["note", "declineReason"],
};

/** Who may be assigned to a commune's cases: the officers the directory lists for it (ids and names). */
export type CommuneRoster = (commune: string) => Promise<{ officerId: string; name: string }[]>;

export interface Versioned {
  expectedVersion: number;
}

export interface CaseUpdate extends Versioned {
  acts?: string[];
  priority?: CasePriority;
  assignedOfficers?: { officerId: string; name: string }[];
  childProtectionOfficer?: { name: string; unit: string } | null;
}

export interface PartyInput {
  role: PartyRole;
  name?: string;
  phone?: string;
  address?: string;
  sex: PartySex;
  birthYear?: number;
  ageBand: PartyAgeBand;
  relationship: Relationship;
  vulnerabilities: Vulnerability[];
}

export interface ServiceInput {
  kind: ServiceKind;
  victimId?: string;
  provider: string;
  startsOn: string;
  endsOn?: string;
  location?: string;
}

export interface ListQuery {
  commune: string;
  status?: CaseStatus;
  priority?: CasePriority;
  overdue?: boolean;
  number?: string;
  limit: number;
  cursor?: string;
}

const table = "cases";
/** DynamoDB's limit of items in one transaction. */
const maxTransactionItems = 100;

const staleCase = {
  vi: "Hồ sơ vụ việc đã được người khác thay đổi; dữ liệu bạn nhập vẫn còn — hãy xem bản hiện tại rồi gửi lại.",
  en: "Someone else changed this case; your input is kept — review the current version and send it again.",
};

export class CaseService {
  constructor(
    private readonly store: CaseStore,
    private readonly cipher: Cipher,
    private readonly province: string,
    private readonly options: {
      retentionDays: number;
      now?: () => Date;
      /** The keyed person index (issue 14): derived at the first use. */
      personKeys?: () => Promise<PersonKeys>;
      /** The commune's case officers, for assignment. */
      roster?: CommuneRoster;
      /** Whether the province has a commune (the directory): a transfer's target must exist. */
      communeExists?: (code: string) => Promise<boolean>;
    },
  ) {}

  private async keys(): Promise<PersonKeys> {
    if (this.options.personKeys === undefined) throw new Error("the person index is not configured");
    return this.options.personKeys();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  // — Reading —————————————————————————————————————————————————————————————————————————————————

  /** The encryption context of an entry's envelope: the case file's entry by its ref (`<case id>/PARTY#<id>`). */
  private context(caseId: string, ref: string): RecordContext {
    return { province: this.province, table, recordId: `${caseId}/${ref}` };
  }

  /** One request's sealing and opening of the entries of case `caseId`. */
  private itemCipher(caseId: string): ItemCipher {
    const cipher = this.cipher.forRequest();
    return {
      seal: async (ref, values) => {
        const { sealed } = await cipher.encryptFields(values, Object.keys(values), this.context(caseId, ref));
        return sealed === undefined ? {} : { sealed };
      },
      open: async (entry) => {
        const fields = personalFieldsOf(entry);
        const stored = pick(entry, sealedAttribute, ...fields);
        return (await cipher.decryptFields(stored, fields, this.context(caseId, entry.ref))) as Record<string, string>;
      },
    };
  }

  /**
   * The personal fields of an entry as `reader` may see them: in clear with `case:read-identity`,
   * otherwise `{ hidden: true }` — for every field its kind may hold once the entry has an envelope
   * (which fields it holds is not read without decrypting, nor told).
   */
  private async guarded(reader: CaseOfficer, cipher: ItemCipher, entry: Entry, fields = personalFieldsOf(entry)): Promise<Record<string, Guarded>> {
    if (!FieldCipher.holds(entry, personalFieldsOf(entry))) return {};
    if (!hasPermission(reader, "case:read-identity")) {
      const shown = typeof entry[sealedAttribute] === "string" ? fields : fields.filter((field) => typeof entry[field] === "string");
      return Object.fromEntries(shown.map((field) => [field, { hidden: true }]));
    }
    const values = await cipher.open(entry);
    return Object.fromEntries(fields.flatMap((field) => (values[field] === undefined ? [] : [[field, { value: values[field] }]])));
  }

  summary(header: Entry): CaseSummary {
    const next = typeof header.nextDue === "string" ? header.nextDue : undefined;
    return {
      caseId: String(header.caseId),
      caseNumber: String(header.caseNumber),
      commune: String(header.commune),
      status: header.status as CaseStatus,
      priority: header.priority as CasePriority,
      openedAt: String(header.openedAt),
      updatedAt: String(header.updatedAt),
      version: Number(header.version),
      ...(next === undefined ? {} : { nextDue: next }),
      overdue: next !== undefined && header.status !== "closed" && isOverdue({ dueOn: next }, this.now()),
      alerts: header.alerts instanceof Set ? [...(header.alerts as Set<string>)].sort() : [],
      ...(header.transfer === undefined ? {} : { transfer: header.transfer as PendingTransfer }),
    };
  }

  /**
   * The case file, read once: the route's access check takes its commune from it and the route
   * works on it. Undefined when there is no such case.
   */
  async load(caseId: string): Promise<CaseFile | undefined> {
    const entries = await this.store.file(caseId);
    const header = entries.find((entry) => entry.ref === refs.header);
    return header === undefined ? undefined : new CaseFile(caseId, header, entries);
  }

  private async loadOrFail(caseId: string): Promise<CaseFile> {
    const file = await this.load(caseId);
    if (file === undefined) throw new NotFoundError("case");
    return file;
  }

  /** The whole case file as `reader` may see it (`cipher`: the request's, when it has sealed entries already). */
  async present(reader: CaseOfficer, file: CaseFile, cipher: ItemCipher = this.itemCipher(file.caseId)): Promise<CaseView> {
    const { header } = file;
    const of = (prefix: string) => file.entries.filter((item) => item.ref.startsWith(prefix));
    const now = this.now();
    // All of an entry's personal fields at once: one envelope, one decryption.
    const guarded = (item: Entry, fields?: string[]) => this.guarded(reader, cipher, item, fields);
    const partiesPromise = Promise.all(
      of(refPrefixes.party).map(
        async (item): Promise<PartyView> => ({
          partyId: String(item.partyId),
          role: item.role as PartyRole,
          ...(await guarded(item)),
          sex: item.sex as PartySex,
          ...(typeof item.birthYear === "number" ? { birthYear: item.birthYear } : {}),
          ageBand: item.ageBand as PartyAgeBand,
          relationship: item.relationship as Relationship,
          vulnerabilities: (item.vulnerabilities as Vulnerability[] | undefined) ?? [],
          consents: (item.consents as Partial<Record<ConsentPurpose, ConsentState>> | undefined) ?? {},
          ...(Array.isArray(item.sameAs) && item.sameAs.length > 0 ? { sameAs: item.sameAs as SamePersonLink[] } : {}),
        }),
      ),
    );
    const measures = of(refPrefixes.measure).map(
      (item): MeasureView => ({
        measureId: String(item.measureId),
        code: item.code as MeasureView["code"],
        status: item.status as MeasureView["status"],
        authority: item.authority as OrderingAuthority,
        ...optional(item, "perpetratorId", "decisionNumber", "startsAt", "endsAt"),
        recordedBy: String(item.recordedBy),
        recordedAt: String(item.recordedAt),
      }),
    );
    const servicesPromise = Promise.all(
      of(refPrefixes.service).map(
        async (item): Promise<ServiceView> => ({
          serviceId: String(item.serviceId),
          kind: item.serviceKind as ServiceKind,
          provider: String(item.provider),
          startsOn: String(item.startsOn),
          ...optional(item, "victimId", "endsOn"),
          ...(await guarded(item)),
        }),
      ),
    );
    const referralsPromise = Promise.all(
      of(refPrefixes.referral).map(
        async (item): Promise<ReferralView> => ({
          referralId: String(item.referralId),
          target: item.target as ReferralTarget,
          victimId: String(item.victimId),
          basis: item.basis as "consent" | "override",
          referredOn: String(item.referredOn),
          recordedBy: String(item.recordedBy),
          ...(await guarded(item, ["overrideReason"])),
          status: (item.status as ReferralStatus | undefined) ?? "sent",
          history: await this.referralHistory(reader, cipher, item),
        }),
      ),
    );
    const notesPromise = hasPermission(reader, "case:read-identity")
      ? Promise.all(
          of(refPrefixes.note).map(
            async (item): Promise<CaseNoteView> => ({
              noteId: String(item.noteId),
              at: String(item.at),
              by: String(item.by),
              byName: String(item.byName ?? ""),
              text: (await cipher.open(item)).text ?? "",
              ...optional(item, "corrects"),
            }),
          ),
        )
      : Promise.resolve(undefined);
    const sessionsPromise = Promise.all(
      of(refPrefixes.session).map(
        async (item): Promise<SessionView> => ({
          sessionId: String(item.sessionId),
          kind: item.sessionKind as SessionKind,
          heldOn: String(item.heldOn),
          ...optional(item, "perpetratorId"),
          ...(await guarded(item)),
        }),
      ),
    );
    const followUpsPromise = Promise.all(
      of(refPrefixes.followUp).map(
        async (item): Promise<FollowUpView> => ({
          followUpId: String(item.followUpId),
          dueOn: String(item.dueOn),
          ...optional(item, "doneOn"),
          ...(await guarded(item)),
          overdue: isOverdue({ dueOn: String(item.dueOn), ...optional(item, "doneOn") }, now),
        }),
      ),
    );
    const timeline = of(refPrefixes.event).map(
      (item): TimelineEvent => ({
        at: String(item.at),
        by: String(item.by),
        byName: String(item.byName ?? ""),
        action: String(item.action),
        detail: (item.detail as TimelineEvent["detail"] | undefined) ?? {},
        version: Number(item.version ?? 0),
      }),
    );
    const [parties, services, referrals, sessions, followUps, closeNote, notes] = await Promise.all([
      partiesPromise,
      servicesPromise,
      referralsPromise,
      sessionsPromise,
      followUpsPromise,
      guarded(header),
      notesPromise,
    ]);
    followUps.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    return {
      ...this.summary(header),
      acts: (header.acts as string[] | undefined) ?? [],
      reportIds: (header.reportIds as string[] | undefined) ?? [],
      assignedOfficers: (header.assignedOfficers as CaseView["assignedOfficers"] | undefined) ?? [],
      ...optional(header, "childProtectionOfficer", "risk", "closeReason", "closedAt", "erasedAt"),
      ...closeNote,
      parties,
      measures,
      services,
      referrals,
      sessions,
      followUps,
      timeline,
      ...(notes === undefined ? {} : { notes: notes.sort((a, b) => a.at.localeCompare(b.at)) }),
      canSeeIdentity: hasPermission(reader, "case:read-identity"),
      canWrite: hasPermission(reader, "case:write"),
      canOrder: hasPermission(reader, "measure:order"),
      transfers: await Promise.all(of(refPrefixes.transfer).map((item) => this.transferView(reader, file.caseId, item, cipher))),
      canTransfer: hasPermission(reader, "case:transfer"),
    } as CaseView;
  }

  async list(reader: CaseOfficer, query: ListQuery): Promise<{ items: CaseSummary[]; cursor?: string }> {
    if (query.number !== undefined) {
      const found = await this.store.byNumber(normalizeCaseNumber(query.number) ?? query.number);
      return { items: found !== undefined && found.commune === query.commune ? [this.summary(found)] : [] };
    }
    void reader;
    const page = await this.store.list({
      commune: query.commune,
      limit: query.limit,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.priority === undefined ? {} : { priority: query.priority }),
      ...(query.overdue ? { overdueBefore: vietnamDay(this.now()) } : {}),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return { items: page.items.map((item) => this.summary(item)), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
  }

  // — Writing —————————————————————————————————————————————————————————————————————————————————

  /**
   * Refuses a stale version of the loaded file at once, lets `build` apply the rules and describe
   * the change, commits it (the store re-checks the version), and answers the new file.
   */
  private async change(
    officer: CaseOfficer,
    file: CaseFile,
    expectedVersion: number,
    build: (cipher: ItemCipher) => Promise<CaseChange>,
    options: { whenClosed?: boolean; commune?: string } = {},
  ): Promise<CaseView> {
    const cipher = await this.commitChange(officer, file, expectedVersion, build, options);
    return this.present(officer, await this.loadOrFail(file.caseId), cipher);
  }

  /**
   * The change without the answer (`change` presents the new file; a declined transfer must not show
   * the receiving commune the file). `commune`: the commune the file belongs to after the change (a
   * transfer), whose keys its index attributes take. Answers the request's cipher.
   */
  private async commitChange(
    officer: CaseOfficer,
    file: CaseFile,
    expectedVersion: number,
    build: (cipher: ItemCipher) => Promise<CaseChange>,
    options: { whenClosed?: boolean; commune?: string } = {},
  ): Promise<ItemCipher> {
    if (Number(file.header.version) !== expectedVersion) throw new StaleError(this.summary(file.header), staleCase);
    // A closed case is read-only until it is reopened (the status change is the one way back).
    if (file.header.status === "closed" && options.whenClosed !== true) {
      throw new RuleError("body", "Vụ việc đã đóng: hãy mở lại vụ việc trước khi ghi thêm", "The case is closed: reopen it before recording anything");
    }
    if (file.header.erasedAt !== undefined) {
      throw new RuleError(
        "body",
        "Hồ sơ đã hết thời hạn lưu trữ và đã xóa thông tin cá nhân",
        "The file passed its retention period; personal data was erased",
      );
    }
    const cipher = this.itemCipher(file.caseId);
    const change = await build(cipher);
    const at = this.now().toISOString();
    const identity = options.commune === undefined ? file : { caseId: file.caseId, commune: options.commune };
    const result = await this.store.commit(identity, expectedVersion, change, { id: officer.id, name: officer.name }, at);
    if (!result.committed) throw new StaleError(result.current === undefined ? undefined : this.summary(result.current), staleCase);
    return cipher;
  }

  /** The header's next due date, in step with the file's follow-ups (none once closed). */
  private dueAttributes(followUps: { dueOn: string; doneOn?: string }[], status: string): Pick<CaseChange, "set" | "remove"> {
    const due = status === "closed" ? undefined : nextDue(followUps);
    if (due === undefined) return { remove: ["nextDue"] };
    return { set: { nextDue: due } };
  }

  async update(officer: CaseOfficer, file: CaseFile, input: CaseUpdate): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const set: Record<string, unknown> = {};
      const remove: string[] = [];
      if (input.acts !== undefined) set.acts = [...new Set(input.acts)];
      if (input.priority !== undefined) set.priority = input.priority;
      const assignment =
        input.assignedOfficers === undefined
          ? undefined
          : await this.assignmentChange(
              officer,
              file,
              input.assignedOfficers.map((entry) => entry.officerId),
            );
      if (assignment !== undefined) Object.assign(set, assignment.set);
      if (input.childProtectionOfficer === null) remove.push("childProtectionOfficer");
      else if (input.childProtectionOfficer !== undefined) set.childProtectionOfficer = input.childProtectionOfficer;
      if (input.childProtectionOfficer === null && file.hasChildVictim(this.now()) && file.header.status !== "new") {
        throw new RuleError(
          "body.childProtectionOfficer",
          "Vụ việc có trẻ em bị bạo lực: phải có cán bộ bảo vệ trẻ em",
          "A child is a victim: the child-protection officer must stay linked",
        );
      }
      return {
        set,
        remove,
        ...(assignment === undefined ? {} : { puts: assignment.puts ?? [], deletes: assignment.deletes ?? [] }),
        event: { action: "case.updated", detail: { fields: [...Object.keys(set), ...remove].join(",") } },
      };
    });
  }

  async assessRisk(officer: CaseOfficer, file: CaseFile, input: Versioned & { answers: RiskQuestion[] }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const { score, priority } = assessRisk(input.answers);
      const raised = raisePriority(file.header.priority as CasePriority, priority);
      const at = this.now().toISOString();
      return {
        set: { risk: { answers: [...new Set(input.answers)], score, priority, assessedBy: officer.id, assessedAt: at }, priority: raised },
        event: { action: "risk.assessed", detail: { score, priority: raised } },
      };
    });
  }

  async transition(
    officer: CaseOfficer,
    file: CaseFile,
    input: Versioned & { to: CaseStatus; reason?: CloseReason; note?: string; override?: string },
  ): Promise<CaseView> {
    return this.change(
      officer,
      file,
      input.expectedVersion,
      async (cipher) => {
        const from = file.header.status as CaseStatus;
        checkTransition({
          from,
          to: input.to,
          ...(input.to === "closed" ? (input.reason === undefined ? {} : { reason: input.reason }) : input.note === undefined ? {} : { reason: input.note }),
          childProtectionMissing: file.hasChildVictim(this.now()) && file.header.childProtectionOfficer === undefined,
        });
        if (input.to === "closed" && input.reason === "other" && (input.note === undefined || input.note.trim() === "")) {
          throw new RuleError("body.note", "Hãy ghi rõ lý do khác", "Explain the other reason");
        }
        const at = this.now();
        const set: Record<string, unknown> = { status: input.to };
        const remove: string[] = [];
        const followUps = file.followUps();
        const closing: Record<string, string | boolean> = {};
        if (input.to === "closed") {
          // What is still open decides: nothing → closed; something → refused, or a leader's reasoned override.
          const open = openWork(file.work(), at);
          const basis = checkClosing(open, {
            mayOverride: hasPermission(officer, "measure:order"),
            ...(input.override === undefined ? {} : { override: input.override }),
          });
          const retainUntil = new Date(at.getTime() + this.options.retentionDays * 86_400_000).toISOString();
          Object.assign(set, { closeReason: input.reason, closedAt: at.toISOString(), retainUntil });
          // The header's personal fields, the note and a leader's override reason, in its envelope (legacy fields go).
          const { sealed } = await cipher.seal(refs.header, { closeNote: input.note, closeOverride: basis === "override" ? input.override : undefined });
          remove.push("closeNote", "closeOverride");
          if (sealed !== undefined) set[sealedAttribute] = sealed;
          else remove.push(sealedAttribute);
          if (basis === "override") Object.assign(closing, { override: true, openWork: describeOpenWork(open).vi });
        } else if (from === "closed") {
          remove.push("closeReason", "closedAt", "retainUntil", "closeNote", "closeOverride", sealedAttribute);
        }
        const due = this.dueAttributes(followUps, input.to);
        return {
          set: { ...set, ...due.set },
          remove: [...remove, ...(due.remove ?? [])],
          event: {
            action: from === "closed" ? "case.reopened" : "case.status",
            detail: { from, to: input.to, ...(input.reason === undefined ? {} : { reason: input.reason }), ...closing },
          },
        };
      },
      { whenClosed: true },
    );
  }

  async addParty(officer: CaseOfficer, file: CaseFile, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const partyId = randomUUID();
      const item = await this.partyItem(cipher, partyId, input, {}, undefined);
      return { puts: [item], event: { action: "party.added", detail: { partyId, role: input.role } } };
    });
  }

  async updateParty(officer: CaseOfficer, file: CaseFile, partyId: string, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const current = file.item(refs.party(partyId));
      if (current === undefined) throw new NotFoundError("case");
      // A field left empty keeps its stored value (the reader may not have seen it): the stored
      // fields are opened only then, and the party re-sealed with the merged values. The person
      // index needs the name in clear: the stored one when the reader left it empty.
      const empty = (personalFields.party ?? []).filter((field) => !input[field as "name"]);
      const stored = empty.length > 0 && FieldCipher.holds(current, empty) ? await cipher.open(current) : {};
      const merged = { ...input, ...Object.fromEntries(empty.flatMap((field) => (stored[field] === undefined ? [] : [[field, stored[field]]]))) };
      const item = await this.partyItem(cipher, partyId, merged, (current.consents as Record<string, unknown> | undefined) ?? {}, undefined);
      if (Array.isArray(current.sameAs)) item.sameAs = current.sameAs;
      return { puts: [item], event: { action: "party.updated", detail: { partyId, role: input.role } } };
    });
  }

  private async partyItem(
    cipher: ItemCipher,
    partyId: string,
    input: PartyInput,
    consents: Record<string, unknown>,
    storedName: string | undefined,
  ): Promise<Entry> {
    checkPartyFacts(input, this.now());
    const ref = refs.party(partyId);
    const item: Entry = {
      ref,
      kind: "party",
      partyId,
      role: input.role,
      sex: input.sex,
      ageBand: input.ageBand,
      relationship: input.relationship,
      vulnerabilities: [...new Set(input.vulnerabilities)],
      consents,
      ...(input.birthYear === undefined ? {} : { birthYear: input.birthYear }),
      ...(await cipher.seal(ref, { name: input.name, phone: input.phone, address: input.address })),
      ...(await this.personIndex(input.name ?? storedName, input.birthYear)),
    };
    return item;
  }

  async setConsent(officer: CaseOfficer, file: CaseFile, partyId: string, purpose: ConsentPurpose, input: Versioned & { given: boolean }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const party = file.item(refs.party(partyId));
      if (party === undefined) throw new NotFoundError("case");
      if (party.role !== "victim") throw new RuleError("path.partyId", "Chỉ ghi nhận sự đồng ý của người bị bạo lực", "Consent is recorded for victims");
      const consents = { ...((party.consents as Record<string, ConsentState> | undefined) ?? {}) };
      consents[purpose] = { given: input.given, by: officer.id, at: this.now().toISOString() };
      return {
        puts: [{ ...party, consents }],
        event: { action: input.given ? "consent.given" : "consent.withdrawn", detail: { partyId, purpose } },
      };
    });
  }

  async addMeasure(officer: CaseOfficer, file: CaseFile, input: Versioned & MeasureInput & { override?: { reason: string } }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const measureId = randomUUID();
      const { override, ...measure } = input;
      const change = await this.measureChange(officer, file, measureId, measure, "measure.recorded");
      // Community criticism (h): Điều 32's repeat condition, checked when it is recorded.
      if (input.code === "h") {
        const repeat = await this.repeatBasis(officer, file, input.perpetratorId, override);
        Object.assign(change.puts?.[0] ?? {}, repeat.attributes, await cipher.seal(refs.measure(measureId), { overrideReason: repeat.overrideReason }));
      }
      return change;
    });
  }

  async updateMeasure(officer: CaseOfficer, file: CaseFile, measureId: string, input: Versioned & Partial<MeasureInput>): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const current = file.item(refs.measure(measureId));
      if (current === undefined) throw new NotFoundError("case");
      const merged = { ...pick(current, "code", "status", "authority", "perpetratorId", "decisionNumber", "startsAt", "endsAt"), ...input } as MeasureInput;
      if (merged.code !== current.code)
        throw new RuleError("body.code", "Không đổi loại biện pháp; hãy ghi biện pháp mới", "A measure's kind does not change; record a new one");
      // A proposal is decided on its own entry: approved (ordered, as proposed or changed) or declined.
      const decided = current.status === "proposed" && merged.status !== "proposed";
      const action = !decided ? "measure.updated" : merged.status === "declined" ? "measure.declined" : "measure.approved";
      const change = await this.measureChange(officer, file, measureId, merged, action);
      // Điều 32's basis (and a leader's sealed reason) was decided when the measure was recorded: it stays.
      Object.assign(change.puts?.[0] ?? {}, pick(current, "repeatBasis", "actsIn12Months", "overrideReason", sealedAttribute));
      return change;
    });
  }

  private async measureChange(officer: CaseOfficer, file: CaseFile, measureId: string, input: MeasureInput, action: string): Promise<CaseChange> {
    const perpetrator = input.perpetratorId === undefined ? undefined : file.partyFacts(input.perpetratorId);
    checkMeasure(input, { mayOrder: hasPermission(officer, "measure:order"), ...(perpetrator ? { perpetrator } : {}), now: this.now() });
    const caseId = file.caseId;
    const at = this.now().toISOString();
    const item: Entry = {
      ref: refs.measure(measureId),
      kind: "measure",
      measureId,
      code: input.code,
      status: input.status,
      authority: input.authority,
      ...pick(input as unknown as Record<string, unknown>, "perpetratorId", "decisionNumber", "startsAt", "endsAt"),
      recordedBy: officer.id,
      recordedAt: at,
    };
    const puts: Entry[] = [item];
    const deletes: string[] = [];
    const reminder = refs.reminder(measureId);
    const remind = measureDefinition(input.code)?.remindBeforeEnd === true && input.status === "ordered" && input.startsAt && input.endsAt;
    if (remind && input.startsAt !== undefined && input.endsAt !== undefined) {
      puts.push({
        ref: reminder,
        kind: "reminder",
        caseId,
        caseNumber: file.header.caseNumber,
        commune: file.header.commune,
        measureId,
        endsAt: input.endsAt,
        remindAt: reminderTime(input.startsAt, input.endsAt),
      });
    } else if (file.item(reminder) !== undefined) {
      deletes.push(reminder);
    }
    const alerts = file.header.alerts instanceof Set ? new Set(file.header.alerts as Set<string>) : undefined;
    const alert = `no-contact-ending:${measureId}`;
    const clearAlert = alerts?.has(alert) === true;
    if (clearAlert) alerts?.delete(alert);
    return {
      puts,
      deletes,
      ...(clearAlert ? (alerts && alerts.size > 0 ? { set: { alerts } } : { remove: ["alerts"] }) : {}),
      event: { action, detail: { measureId, code: input.code, status: input.status, authority: input.authority } },
    };
  }

  async addService(officer: CaseOfficer, file: CaseFile, input: Versioned & ServiceInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const serviceId = randomUUID();
      return { puts: [await this.serviceItem(cipher, file, serviceId, input)], event: { action: "service.recorded", detail: { serviceId, kind: input.kind } } };
    });
  }

  async updateService(officer: CaseOfficer, file: CaseFile, serviceId: string, input: Versioned & ServiceInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const current = file.item(refs.service(serviceId));
      if (current === undefined) throw new NotFoundError("case");
      // A shelter's location left empty keeps the stored one (the entry's envelope, or a legacy field, as it is).
      const keep = input.location === undefined && input.kind === "shelter" ? pick(current, sealedAttribute, "location") : {};
      const item = { ...(await this.serviceItem(cipher, file, serviceId, input)), ...keep };
      return { puts: [item], event: { action: "service.updated", detail: { serviceId, kind: input.kind } } };
    });
  }

  private async serviceItem(cipher: ItemCipher, file: CaseFile, serviceId: string, input: ServiceInput): Promise<Entry> {
    if (input.victimId !== undefined && file.partyFacts(input.victimId)?.role !== "victim") {
      throw new RuleError("body.victimId", "Không có người bị bạo lực này trong vụ việc", "No such victim in this case");
    }
    if (input.endsOn !== undefined && input.endsOn < input.startsOn) {
      throw new RuleError("body.endsOn", "Ngày kết thúc phải sau ngày bắt đầu", "It must end after it starts");
    }
    if (input.location !== undefined && input.kind !== "shelter") {
      throw new RuleError("body.location", "Chỉ ghi địa điểm cho nơi tạm lánh", "A location is recorded for shelters only");
    }
    const ref = refs.service(serviceId);
    return {
      ref,
      kind: "service",
      serviceId,
      serviceKind: input.kind,
      provider: input.provider,
      startsOn: input.startsOn,
      ...pick(input as unknown as Record<string, unknown>, "victimId", "endsOn"),
      ...(await cipher.seal(ref, { location: input.location })),
    };
  }

  async addReferral(
    officer: CaseOfficer,
    file: CaseFile,
    input: Versioned & { target: ReferralTarget; victimId: string; referredOn: string; override?: { reason: string } },
  ): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const victim = file.partyFacts(input.victimId);
      const party = file.item(refs.party(input.victimId));
      const consent = (party?.consents as Record<string, ConsentState> | undefined)?.referral;
      const basis = checkReferral({
        ...(victim ? { victim: { ...victim, referralConsent: consent?.given === true } } : {}),
        ...(input.override ? { override: input.override } : {}),
        mayOverride: hasPermission(officer, "measure:order"),
      });
      const referralId = randomUUID();
      const ref = refs.referral(referralId);
      const reason = await cipher.seal(ref, { overrideReason: basis === "override" ? input.override?.reason : undefined });
      return {
        puts: [
          {
            ref,
            kind: "referral",
            referralId,
            target: input.target,
            victimId: input.victimId,
            basis,
            referredOn: input.referredOn,
            recordedBy: officer.id,
            ...reason,
            status: "sent",
            history: [{ status: "sent", on: input.referredOn, by: officer.id, at: this.now().toISOString() }],
            // Waiting for an answer from this day (My work lists it after 7 days).
            awaitingSince: input.referredOn,
          },
        ],
        event: { action: basis === "override" ? "referral.override" : "referral.recorded", detail: { referralId, target: input.target, basis } },
      };
    });
  }

  async addSession(
    officer: CaseOfficer,
    file: CaseFile,
    input: Versioned & { kind: SessionKind; heldOn: string; perpetratorId?: string; outcome?: string; override?: { reason: string } },
  ): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const sessionId = randomUUID();
      const ref = refs.session(sessionId);
      let repeat: { attributes: Record<string, unknown>; overrideReason?: string } = { attributes: {} };
      if (input.kind === "community-criticism") {
        checkCriticismSession(input.perpetratorId === undefined ? undefined : file.partyFacts(input.perpetratorId), this.now());
        repeat = await this.repeatBasis(officer, file, input.perpetratorId, input.override);
      } else if (input.perpetratorId !== undefined && file.partyFacts(input.perpetratorId) === undefined) {
        throw new RuleError("body.perpetratorId", "Không có người này trong vụ việc", "No such party in this case");
      }
      // The outcome and a leader's reason for the Điều 32 exception: the session's one envelope.
      const sealed = await cipher.seal(ref, { outcome: input.outcome, overrideReason: repeat.overrideReason });
      return {
        puts: [
          {
            ref,
            kind: "session",
            sessionId,
            sessionKind: input.kind,
            heldOn: input.heldOn,
            ...(input.perpetratorId === undefined ? {} : { perpetratorId: input.perpetratorId }),
            ...sealed,
            ...repeat.attributes,
          },
        ],
        event: {
          action: "session.recorded",
          detail: { sessionId, kind: input.kind, ...(repeat.attributes.repeatBasis === "override" ? { override: true } : {}) },
        },
      };
    });
  }

  async addFollowUp(officer: CaseOfficer, file: CaseFile, input: Versioned & { dueOn: string; notes?: string }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const followUpId = randomUUID();
      const ref = refs.followUp(followUpId);
      const notes = await cipher.seal(ref, { notes: input.notes });
      const item: Entry = {
        ref,
        kind: "followUp",
        followUpId,
        dueOn: input.dueOn,
        ...notes,
      };
      const due = this.dueAttributes([...file.followUps(), { dueOn: input.dueOn }], String(file.header.status));
      return { puts: [item], ...due, event: { action: "follow-up.planned", detail: { followUpId, dueOn: input.dueOn } } };
    });
  }

  async updateFollowUp(
    officer: CaseOfficer,
    file: CaseFile,
    followUpId: string,
    input: Versioned & { dueOn?: string; doneOn?: string | null; notes?: string },
  ): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const ref = refs.followUp(followUpId);
      const current = file.item(ref);
      if (current === undefined) throw new NotFoundError("case");
      const item: Entry = { ...current };
      if (input.dueOn !== undefined) item.dueOn = input.dueOn;
      if (input.doneOn === null) delete item.doneOn;
      else if (input.doneOn !== undefined) item.doneOn = input.doneOn;
      if (input.notes !== undefined && input.notes !== "") {
        delete item.notes; // a legacy per-field note gives way to the envelope
        Object.assign(item, await cipher.seal(ref, { notes: input.notes }));
      }
      const followUps = file.followUps().map((followUp) => (followUp.ref === ref ? { dueOn: String(item.dueOn), ...optional(item, "doneOn") } : followUp));
      const due = this.dueAttributes(followUps, String(file.header.status));
      return {
        puts: [item],
        ...due,
        event: { action: item.doneOn === undefined ? "follow-up.updated" : "follow-up.done", detail: { followUpId, dueOn: String(item.dueOn) } },
      };
    });
  }
  // — Issue 14: referral outcomes, notes, assignment, the same person ————————————————————————————

  /** A referral's steps; a declined step's reason is in the referral's envelope as `reason#<step>`. */
  private async referralHistory(reader: CaseOfficer, cipher: ItemCipher, item: Entry): Promise<ReferralStep[]> {
    const steps = (item.history as Omit<ReferralStep, "reason">[] | undefined) ?? [
      { status: "sent" as const, on: String(item.referredOn), by: String(item.recordedBy), at: String(item.referredOn) },
    ];
    const reasons = await this.guarded(
      reader,
      cipher,
      item,
      steps.map((_, index) => `reason#${String(index)}`),
    );
    return steps.map((step, index) => {
      const reason = reasons[`reason#${String(index)}`];
      return reason === undefined || step.status !== "declined" ? step : { ...step, reason };
    });
  }

  /** A referral's next step (received, accepted, service given, declined with a reason, no answer), with its day. */
  async setReferralStatus(
    officer: CaseOfficer,
    file: CaseFile,
    referralId: string,
    input: Versioned & { status: Exclude<ReferralStatus, "sent">; on: string; reason?: string },
  ): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const ref = refs.referral(referralId);
      const current = file.item(ref);
      if (current === undefined) throw new NotFoundError("case");
      const history = (current.history as Record<string, unknown>[] | undefined) ?? [
        { status: "sent", on: String(current.referredOn), by: String(current.recordedBy), at: String(current.referredOn) },
      ];
      const from = (current.status as ReferralStatus | undefined) ?? "sent";
      checkReferralStep({ from, to: input.status, on: input.on, lastOn: String(history.at(-1)?.on ?? current.referredOn), ...optionalReason(input.reason) });
      const step = { status: input.status, on: input.on, by: officer.id, at: this.now().toISOString() };
      // Waiting for an answer only while sent and unanswered: any answer (or "no answer" noted) ends the wait.
      const { awaitingSince: _waiting, ...rest } = current;
      const next: Entry = { ...rest, status: input.status, history: [...history, step] };
      if (input.status === "declined") {
        // The reason joins the referral's envelope: opened, re-sealed with it (a legacy field gives way).
        const stored = FieldCipher.holds(current, personalFieldsOf(current)) ? await cipher.open(current) : {};
        for (const field of personalFieldsOf(current)) delete next[field];
        Object.assign(next, await cipher.seal(ref, { ...stored, [`reason#${String(history.length)}`]: input.reason }));
      }
      return {
        puts: [next],
        event: { action: "referral.status", detail: { referralId, from, to: input.status, on: input.on } },
      };
    });
  }

  /** A note: sealed, authored, timestamped; never edited — a correction is a new note naming the one it corrects. */
  async addNote(officer: CaseOfficer, file: CaseFile, input: Versioned & { text: string; corrects?: string }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      if (input.corrects !== undefined && file.item(refs.note(input.corrects)) === undefined) {
        throw new RuleError("body.corrects", "Không có ghi chú này trong vụ việc", "No such note in this case");
      }
      const noteId = randomUUID();
      const ref = refs.note(noteId);
      const text = await cipher.seal(ref, { text: input.text });
      return {
        puts: [
          {
            ref,
            kind: "note",
            noteId,
            at: this.now().toISOString(),
            by: officer.id,
            byName: officer.name,
            ...text,
            ...(input.corrects === undefined ? {} : { corrects: input.corrects }),
          },
        ],
        event: {
          action: input.corrects === undefined ? "note.added" : "note.corrected",
          detail: { noteId, ...(input.corrects ? { corrects: input.corrects } : {}) },
        },
      };
    });
  }

  /**
   * Who works on the case. A commune leader (measure:order) assigns and reassigns any of the
   * commune's case officers; anyone else may only add or remove themselves ("assign me"). Each
   * assignee has an ASSIGNEE# entry, the key of My work.
   */
  private async assignmentChange(officer: CaseOfficer, file: CaseFile, officerIds: readonly string[]): Promise<Pick<CaseChange, "set" | "puts" | "deletes">> {
    const before = ((file.header.assignedOfficers as { officerId: string; name: string }[] | undefined) ?? []).map((entry) => entry.officerId);
    const wanted = [...new Set(officerIds)];
    const changed = [...wanted.filter((id) => !before.includes(id)), ...before.filter((id) => !wanted.includes(id))];
    if (!hasPermission(officer, "measure:order") && changed.some((id) => id !== officer.id)) {
      throw new RuleError("body.assignedOfficers", "Chỉ lãnh đạo UBND xã phân công cán bộ khác", "Only a commune leader assigns other officers");
    }
    // The signed-in officer passed the route's check on this commune; others must be on its roster.
    const others = wanted.filter((id) => id !== officer.id && !before.includes(id));
    const roster = this.options.roster === undefined || others.length === 0 ? undefined : await this.options.roster(file.commune);
    const current = (file.header.assignedOfficers as { officerId: string; name: string }[] | undefined) ?? [];
    const named = wanted.map((id) => {
      const known = roster?.find((entry) => entry.officerId === id) ?? current.find((entry) => entry.officerId === id);
      if (roster !== undefined && known === undefined && id !== officer.id) {
        throw new RuleError("body.assignedOfficers", "Chỉ phân công cán bộ của xã này", "Only officers of this commune can be assigned");
      }
      return { officerId: id, name: known?.name ?? (id === officer.id ? officer.name : id) };
    });
    return {
      set: { assignedOfficers: named },
      puts: wanted
        .filter((id) => !before.includes(id))
        .map((id) => ({ ref: refs.assignee(id), kind: "assignee", officerId: id, caseNumber: String(file.header.caseNumber) })),
      deletes: before.filter((id) => !wanted.includes(id)).map((id) => refs.assignee(id)),
    };
  }

  async assign(officer: CaseOfficer, file: CaseFile, input: Versioned & { officerIds: string[] }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => ({
      ...(await this.assignmentChange(officer, file, input.officerIds)),
      event: { action: "case.assigned", detail: { officers: [...new Set(input.officerIds)].join(",") } },
    }));
  }

  /** The keys of the person index for a party's name and year (both undefined without a name). */
  private async personIndex(name: string | undefined, birthYear: number | undefined): Promise<Record<string, string>> {
    if (name === undefined || name.trim() === "" || this.options.personKeys === undefined) return {};
    const keys = await this.keys();
    const nameKey = keys.nameKey(name);
    const personKey = keys.personKey(name, birthYear);
    return { ...(nameKey === undefined ? {} : { nameKey }), ...(personKey === undefined ? {} : { personKey }) };
  }

  /**
   * Cases of a person in `communes` (the reader's jurisdiction, or one commune), by exact name —
   * diacritics and case ignored — and optionally year of birth: case numbers and dates only.
   */
  async findPerson(communes: readonly string[], name: string, birthYear?: number): Promise<PersonMatch[]> {
    const keys = await this.keys();
    const nameKey = keys.nameKey(name);
    if (nameKey === undefined) return [];
    const personKey = keys.personKey(name, birthYear);
    const parties = await this.store.partiesByName(nameKey, communes);
    const matching = parties.filter((party) => personKey === undefined || party.personKey === personKey);
    const headers = new Map((await this.store.headers([...new Set(matching.map((party) => party.caseId))])).map((header) => [String(header.caseId), header]));
    return matching
      .flatMap((party): PersonMatch[] => {
        const header = headers.get(party.caseId);
        if (header === undefined || !communes.includes(String(header.commune))) return [];
        return [
          {
            caseId: party.caseId,
            caseNumber: String(header.caseNumber),
            partyId: String(party.partyId),
            role: String(party.role),
            status: String(header.status),
            openedAt: String(header.openedAt),
            sameBirthYear: personKey !== undefined,
          },
        ];
      })
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  /** Earlier cases of the commune with a perpetrator of the same name and year of birth as this party. */
  async samePersonCandidates(file: CaseFile, partyId: string): Promise<PersonMatch[]> {
    const party = file.item(refs.party(partyId));
    if (party === undefined) throw new NotFoundError("case");
    if (typeof party.nameKey !== "string") return [];
    const parties = await this.store.partiesByName(party.nameKey, [file.commune]);
    const others = parties.filter(
      (other) => other.caseId !== file.caseId && other.role === "perpetrator" && other.personKey === party.personKey && party.personKey !== undefined,
    );
    const headers = await this.store.headers([...new Set(others.map((other) => other.caseId))]);
    return others.flatMap((other): PersonMatch[] => {
      const header = headers.find((entry) => entry.caseId === other.caseId);
      return header === undefined
        ? []
        : [
            {
              caseId: other.caseId,
              caseNumber: String(header.caseNumber),
              partyId: String(other.partyId),
              role: "perpetrator",
              status: String(header.status),
              openedAt: String(header.openedAt),
              sameBirthYear: true,
            },
          ];
    });
  }

  /** Records that this perpetrator is the same person as one in another case of the commune (keys must match). */
  async linkSamePerson(officer: CaseOfficer, file: CaseFile, partyId: string, input: Versioned & { caseId: string; partyId: string }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const party = file.item(refs.party(partyId));
      if (party === undefined) throw new NotFoundError("case");
      if (party.role !== "perpetrator") throw new RuleError("path.partyId", "Chỉ liên kết người có hành vi bạo lực", "Only a perpetrator is linked");
      const candidate = (await this.samePersonCandidates(file, partyId)).find((match) => match.caseId === input.caseId && match.partyId === input.partyId);
      if (candidate === undefined) {
        throw new RuleError(
          "body.caseId",
          "Không có vụ việc nào khác của xã có người cùng họ tên và năm sinh này",
          "No other case of the commune has a perpetrator of this name and year of birth",
        );
      }
      const links = ((party.sameAs as SamePersonLink[] | undefined) ?? []).filter((link) => link.caseId !== candidate.caseId);
      const link: SamePersonLink = { caseId: candidate.caseId, caseNumber: candidate.caseNumber, partyId: candidate.partyId, openedAt: candidate.openedAt };
      return { puts: [{ ...party, sameAs: [...links, link] }], event: { action: "party.same-person", detail: { partyId, caseNumber: candidate.caseNumber } } };
    });
  }

  /** Điều 32 for community criticism (session or measure h): ≥ 2 acts in 12 months, or a leader's reasoned exception. */
  /** The basis and its attributes; a leader's reason (`overrideReason`) in clear, for the caller to seal with the entry's other fields. */
  private async repeatBasis(officer: CaseOfficer, file: CaseFile, perpetratorId: string | undefined, override?: { reason: string }) {
    const party = perpetratorId === undefined ? undefined : file.item(refs.party(perpetratorId));
    const acts = actsWithinTwelveMonths(String(file.header.openedAt), (party?.sameAs as SamePersonLink[] | undefined) ?? []);
    const basis = checkRepeatRule({ acts, ...(override ? { override } : {}), mayOverride: hasPermission(officer, "measure:order") });
    return { acts, basis, attributes: { repeatBasis: basis, actsIn12Months: acts }, ...(basis === "override" ? { overrideReason: override?.reason } : {}) };
  }

  // — Transfers between communes (docs/cases.md "Chuyển xã") ———————————————————————————————————

  /** A transfer as `reader` may see it: the sender's note and the decline reason only for readers of identities. */
  async transferView(reader: CaseOfficer, caseId: string, entry: Entry, cipher: ItemCipher = this.itemCipher(caseId)): Promise<TransferView> {
    const words = await this.guarded(reader, cipher, entry);
    return {
      ...transferViewBase(toStoredTransfer(entry), { kind: "case", recordId: caseId, caseNumber: String(entry.caseNumber) }),
      ...(words.note === undefined ? {} : "value" in words.note ? { note: words.note.value } : { noteHidden: true }),
      ...(words.declineReason !== undefined && "value" in words.declineReason ? { declineReason: words.declineReason.value } : {}),
    };
  }

  /** The receiving commune's incoming transfers, oldest first: the non-identifying summary and the sender's note. */
  async incomingTransfers(reader: CaseOfficer, commune: string): Promise<TransferView[]> {
    const entries = await this.store.incomingTransfers(commune);
    const views = await Promise.all(entries.map((entry) => this.transferView(reader, entry.caseId, entry)));
    return views.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  /** Ask another commune to take the case; it stays here, marked pending, until that commune accepts. */
  async requestTransfer(officer: CaseOfficer, file: CaseFile, input: TransferRequest): Promise<CaseView> {
    refuseWhilePending(file.header.transfer);
    await checkTarget(file.commune, input.to, (code) => this.communeExists(code));
    const at = this.now().toISOString();
    const transfer = this.newTransfer(officer, file, input, "requested", at);
    return this.change(officer, file, input.expectedVersion, async (cipher) => ({
      set: { transfer: { transferId: transfer.transferId, to: input.to, requestedAt: at } satisfies PendingTransfer },
      puts: [await this.transferEntry(cipher, file, transfer, input.note)],
      event: { action: "case.transfer-requested", detail: { from: file.commune, to: input.to, reason: input.reason } },
    }));
  }

  /** A province officer moves the case at once (no pending state), with a reason. */
  async move(officer: CaseOfficer, file: CaseFile, input: TransferRequest): Promise<CaseView> {
    refuseWhilePending(file.header.transfer);
    await checkTarget(file.commune, input.to, (code) => this.communeExists(code));
    const transfer = this.newTransfer(officer, file, input, "moved", this.now().toISOString());
    const moved = decided(transfer, "moved", officer, transfer.requestedAt);
    return this.change(
      officer,
      file,
      input.expectedVersion,
      async (cipher) => ({
        ...this.relocation(file, input.to),
        puts: [await this.transferEntry(cipher, file, moved, input.note)],
        event: { action: "case.moved", detail: { from: file.commune, to: input.to, reason: input.reason } },
      }),
      { whenClosed: true, commune: input.to },
    );
  }

  /** The receiving commune takes the case: it is theirs from now on (the sender keeps no access); its number stays. */
  async acceptTransfer(officer: CaseOfficer, file: CaseFile, transferId: string): Promise<CaseView> {
    const { entry, transfer } = this.pendingTransfer(officer, file, transferId);
    const accepted = decided(transfer, "accepted", officer, this.now().toISOString());
    return this.change(
      officer,
      file,
      Number(file.header.version),
      async () => ({
        ...this.relocation(file, transfer.to),
        puts: [{ ...entry, ...accepted }],
        event: { action: "case.transfer-accepted", detail: { from: transfer.from, to: transfer.to } },
      }),
      { whenClosed: true, commune: transfer.to },
    );
  }

  /** The receiving commune declines, with its reason: the case stays with the sender. Answers the transfer only. */
  async declineTransfer(officer: CaseOfficer, file: CaseFile, transferId: string, reason: string): Promise<TransferView> {
    const { entry, transfer } = this.pendingTransfer(officer, file, transferId);
    const declined = { ...entry, ...decided(transfer, "declined", officer, this.now().toISOString()) };
    const cipher = await this.commitChange(
      officer,
      file,
      Number(file.header.version),
      async (requestCipher) => {
        const note = typeof entry.sealed === "string" ? (await requestCipher.open(entry)).note : undefined;
        Object.assign(declined, await requestCipher.seal(entry.ref, { note, declineReason: reason }));
        return { remove: ["transfer"], puts: [declined], event: { action: "case.transfer-declined", detail: { from: transfer.from, to: transfer.to } } };
      },
      { whenClosed: true },
    );
    return this.transferView(officer, file.caseId, declined, cipher);
  }

  /** The sender takes its request back while it is still pending. */
  async withdrawTransfer(officer: CaseOfficer, file: CaseFile, transferId: string): Promise<CaseView> {
    const { entry, transfer } = this.pendingTransfer(officer, file, transferId);
    const withdrawn = decided(transfer, "withdrawn", officer, this.now().toISOString());
    return this.change(
      officer,
      file,
      Number(file.header.version),
      async () => ({
        remove: ["transfer"],
        puts: [{ ...entry, ...withdrawn }],
        event: { action: "case.transfer-withdrawn", detail: { from: transfer.from, to: transfer.to } },
      }),
      { whenClosed: true },
    );
  }

  private async communeExists(code: string): Promise<boolean> {
    if (this.options.communeExists === undefined) throw new Error("the commune directory is not configured");
    return this.options.communeExists(code);
  }

  private newTransfer(officer: CaseOfficer, file: CaseFile, input: TransferRequest, state: "requested" | "moved", at: string): StoredTransfer {
    const { header } = file;
    return {
      transferId: randomUUID(),
      from: file.commune,
      to: input.to,
      reason: input.reason,
      state,
      requestedAt: at,
      requestedBy: officer.id,
      requestedByName: officer.name,
      // Codes only: what the receiving commune reads before it accepts.
      summary: {
        acts: (header.acts as string[] | undefined) ?? [],
        caseStatus: String(header.status),
        priority: String(header.priority),
        openedAt: String(header.openedAt),
      },
    };
  }

  private async transferEntry(cipher: ItemCipher, file: CaseFile, transfer: StoredTransfer, note: string | undefined): Promise<Entry> {
    const ref = refs.transfer(transfer.transferId);
    return { ref, kind: "transfer", caseNumber: String(file.header.caseNumber), ...transfer, ...(note ? await cipher.seal(ref, { note }) : {}) };
  }

  /** The file's transfer `transferId`, which must still be its pending one (409 with the transfer otherwise). */
  private pendingTransfer(reader: CaseOfficer, file: CaseFile, transferId: string): { entry: Entry; transfer: StoredTransfer } {
    const entry = file.item(refs.transfer(transferId));
    if (entry === undefined) throw new NotFoundError("transfer");
    const transfer = toStoredTransfer(entry);
    const pending = file.header.transfer as PendingTransfer | undefined;
    checkPending(transfer, pending?.transferId, () => ({
      ...transferViewBase(transfer, { kind: "case", recordId: file.caseId, caseNumber: String(entry.caseNumber) }),
    }));
    void reader;
    return { entry, transfer };
  }

  /**
   * The change that makes the file another commune's: the header's commune and the index keys that
   * name it (lists, status, overdue, retention; the work index's orders ending, referrals awaiting,
   * the person index), all in the one transaction of the change. The sender's assignees leave (they
   * keep no access). A transaction holds at most 100 items: a file whose moving entries exceed that
   * is refused, never half moved.
   */
  private relocation(file: CaseFile, to: string): Pick<CaseChange, "set" | "remove" | "deletes" | "reindex"> {
    const { header } = file;
    const assignees = file.entries.filter((entry) => entry.ref.startsWith(refPrefixes.assignee)).map((entry) => entry.ref);
    const reindex = file.entries.filter(
      (entry) =>
        entry.ref !== refs.header &&
        typeof entry.workKey === "string" &&
        !entry.ref.startsWith(refPrefixes.assignee) &&
        !entry.ref.startsWith(refPrefixes.transfer),
    );
    // The header, the transfer entry and the timeline event, besides these.
    if (assignees.length + reindex.length + 3 > maxTransactionItems) {
      throw new RuleError(
        "body",
        "Hồ sơ có quá nhiều mục để chuyển trong một lần; hãy liên hệ quản trị tỉnh",
        "The file has too many entries to move at once; ask the province's administrator",
      );
    }
    return {
      set: { commune: to, status: header.status, ...(typeof header.nextDue === "string" ? { nextDue: header.nextDue } : {}) },
      remove: ["transfer", "assignedOfficers"],
      deletes: assignees,
      reindex,
    };
  }
}

/** The loaded case file: what the access check, the view and the rules read. */
export class CaseFile {
  constructor(
    readonly caseId: string,
    readonly header: Entry,
    readonly entries: readonly Entry[],
  ) {}

  get commune(): string {
    return String(this.header.commune);
  }

  /** The case number officers know the case by (NB-2026-000001). */
  get number(): string | undefined {
    return typeof this.header.caseNumber === "string" ? this.header.caseNumber : undefined;
  }

  item(ref: string): Entry | undefined {
    return this.entries.find((item) => item.ref === ref);
  }

  partyFacts(partyId: string): PartyFacts | undefined {
    const party = this.item(refs.party(partyId));
    if (party === undefined) return undefined;
    return {
      role: party.role as PartyRole,
      ageBand: party.ageBand as PartyAgeBand,
      vulnerabilities: (party.vulnerabilities as Vulnerability[] | undefined) ?? [],
      ...(typeof party.birthYear === "number" ? { birthYear: party.birthYear } : {}),
    };
  }

  hasChildVictim(now: Date): boolean {
    return this.entries
      .filter((item) => item.ref.startsWith(refPrefixes.party) && item.role === "victim")
      .some((item) => isChild(this.partyFacts(String(item.partyId)) as PartyFacts, now));
  }

  /** What the closing check weighs: measures, services, referrals and follow-ups, without personal data. */
  work(): CaseWork {
    const of = (prefix: string) => this.entries.filter((item) => item.ref.startsWith(prefix));
    return {
      measures: of(refPrefixes.measure).map((item) => ({ status: String(item.status), ...optional(item, "endsAt") })),
      services: of(refPrefixes.service).map((item) => optional(item, "endsOn")),
      referrals: of(refPrefixes.referral).map((item) => optional(item, "status")),
      followUps: this.followUps(),
    };
  }

  followUps(): { ref: string; dueOn: string; doneOn?: string }[] {
    return this.entries
      .filter((item) => item.ref.startsWith(refPrefixes.followUp))
      .map((item) => ({ ref: item.ref, dueOn: String(item.dueOn), ...optional(item, "doneOn") }));
  }
}

/** The personal fields an entry may hold: its kind's (personalFields), and a referral's reasons for its steps (`reason#<step>`). */
function personalFieldsOf(entry: Entry): string[] {
  const fields = [...(personalFields[entry.ref === refs.header ? "case" : String(entry.kind)] ?? [])];
  if (entry.kind === "referral" && Array.isArray(entry.history)) fields.push(...entry.history.map((_, index) => `reason#${String(index)}`));
  return fields;
}

function optionalReason(reason: string | undefined): { reason?: string } {
  return reason === undefined ? {} : { reason };
}

function pick(source: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined && source[name] !== null) result[name] = source[name];
  return result;
}

function optional<K extends string>(source: Record<string, unknown>, ...names: K[]): Partial<Record<K, string>> {
  return pick(source, ...names) as Partial<Record<K, string>>;
}
