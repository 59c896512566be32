import { randomUUID } from "node:crypto";
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
import { measureDefinition, type OrderingAuthority } from "../../shared/measures.ts";
import { hasPermission, type Principal } from "../../shared/permissions.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { FieldCipher, type RecordContext, sealedAttribute } from "../lib/field-encryption.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/index.ts";
import {
  assessRisk,
  checkCriticismSession,
  checkMeasure,
  checkPartyFacts,
  checkReferral,
  checkTransition,
  isChild,
  isOverdue,
  type MeasureInput,
  nextDue,
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
  case: ["closeNote"],
  party: ["name", "phone", "address"],
  service: ["location"],
  referral: ["overrideReason"],
  session: ["outcome"],
  followUp: ["notes"],
};

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

const staleCase = {
  vi: "Hồ sơ vụ việc đã được người khác thay đổi; dữ liệu bạn nhập vẫn còn — hãy xem bản hiện tại rồi gửi lại.",
  en: "Someone else changed this case; your input is kept — review the current version and send it again.",
};

export class CaseService {
  constructor(
    private readonly store: CaseStore,
    private readonly cipher: Cipher,
    private readonly province: string,
    private readonly options: { retentionDays: number; now?: () => Date },
  ) {}

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
  private async guarded(reader: CaseOfficer, cipher: ItemCipher, entry: Entry): Promise<Record<string, Guarded>> {
    const fields = personalFieldsOf(entry);
    if (!FieldCipher.holds(entry, fields)) return {};
    if (!hasPermission(reader, "case:read-identity")) {
      const shown = typeof entry[sealedAttribute] === "string" ? fields : fields.filter((field) => typeof entry[field] === "string");
      return Object.fromEntries(shown.map((field) => [field, { hidden: true }]));
    }
    const values = await cipher.open(entry);
    return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value }]));
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
    const guarded = (item: Entry) => this.guarded(reader, cipher, item);
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
          ...(await guarded(item)),
        }),
      ),
    );
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
    const [parties, services, referrals, sessions, followUps, closeNote] = await Promise.all([
      partiesPromise,
      servicesPromise,
      referralsPromise,
      sessionsPromise,
      followUpsPromise,
      guarded(header),
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
      canSeeIdentity: hasPermission(reader, "case:read-identity"),
      canWrite: hasPermission(reader, "case:write"),
      canOrder: hasPermission(reader, "measure:order"),
    } as CaseView;
  }

  async list(reader: CaseOfficer, query: ListQuery): Promise<{ items: CaseSummary[]; cursor?: string }> {
    if (query.number !== undefined) {
      const found = await this.store.byNumber(query.number.trim().toUpperCase());
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
  private async change(officer: CaseOfficer, file: CaseFile, expectedVersion: number, build: (cipher: ItemCipher) => Promise<CaseChange>): Promise<CaseView> {
    if (Number(file.header.version) !== expectedVersion) throw new StaleError(this.summary(file.header), staleCase);
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
    const result = await this.store.commit(file, expectedVersion, change, { id: officer.id, name: officer.name }, at);
    if (!result.committed) throw new StaleError(result.current === undefined ? undefined : this.summary(result.current), staleCase);
    return this.present(officer, await this.loadOrFail(file.caseId), cipher);
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
      if (input.assignedOfficers !== undefined) set.assignedOfficers = input.assignedOfficers;
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

  async transition(officer: CaseOfficer, file: CaseFile, input: Versioned & { to: CaseStatus; reason?: CloseReason; note?: string }): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
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
      if (input.to === "closed") {
        const retainUntil = new Date(at.getTime() + this.options.retentionDays * 86_400_000).toISOString();
        Object.assign(set, { closeReason: input.reason, closedAt: at.toISOString(), retainUntil });
        // The header's only personal field: its envelope is the note's (a legacy `closeNote` goes).
        const { sealed } = await cipher.seal(refs.header, { closeNote: input.note });
        remove.push("closeNote");
        if (sealed !== undefined) set[sealedAttribute] = sealed;
        else remove.push(sealedAttribute);
      } else if (from === "closed") {
        remove.push("closeReason", "closedAt", "retainUntil", "closeNote", sealedAttribute);
      }
      const due = this.dueAttributes(followUps, input.to);
      return {
        set: { ...set, ...due.set },
        remove: [...remove, ...(due.remove ?? [])],
        event: {
          action: from === "closed" ? "case.reopened" : "case.status",
          detail: { from, to: input.to, ...(input.reason === undefined ? {} : { reason: input.reason }) },
        },
      };
    });
  }

  async addParty(officer: CaseOfficer, file: CaseFile, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const partyId = randomUUID();
      const item = await this.partyItem(cipher, partyId, input, {});
      return { puts: [item], event: { action: "party.added", detail: { partyId, role: input.role } } };
    });
  }

  async updateParty(officer: CaseOfficer, file: CaseFile, partyId: string, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      const current = file.item(refs.party(partyId));
      if (current === undefined) throw new NotFoundError("case");
      // A field left empty keeps its stored value (the reader may not have seen it): the stored
      // fields are opened only then, and the party re-sealed with the merged values.
      const empty = (personalFields.party ?? []).filter((field) => !input[field as "name"]);
      const stored = empty.length > 0 && FieldCipher.holds(current, empty) ? await cipher.open(current) : {};
      const merged = { ...input, ...Object.fromEntries(empty.flatMap((field) => (stored[field] === undefined ? [] : [[field, stored[field]]]))) };
      const item = await this.partyItem(cipher, partyId, merged, (current.consents as Record<string, unknown> | undefined) ?? {});
      return { puts: [item], event: { action: "party.updated", detail: { partyId, role: input.role } } };
    });
  }

  private async partyItem(cipher: ItemCipher, partyId: string, input: PartyInput, consents: Record<string, unknown>): Promise<Entry> {
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

  async addMeasure(officer: CaseOfficer, file: CaseFile, input: Versioned & MeasureInput): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const measureId = randomUUID();
      return this.measureChange(officer, file, measureId, input, "measure.recorded");
    });
  }

  async updateMeasure(officer: CaseOfficer, file: CaseFile, measureId: string, input: Versioned & Partial<MeasureInput>): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async () => {
      const current = file.item(refs.measure(measureId));
      if (current === undefined) throw new NotFoundError("case");
      const merged = { ...pick(current, "code", "status", "authority", "perpetratorId", "decisionNumber", "startsAt", "endsAt"), ...input } as MeasureInput;
      if (merged.code !== current.code)
        throw new RuleError("body.code", "Không đổi loại biện pháp; hãy ghi biện pháp mới", "A measure's kind does not change; record a new one");
      return this.measureChange(officer, file, measureId, merged, "measure.updated");
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
          },
        ],
        event: { action: basis === "override" ? "referral.override" : "referral.recorded", detail: { referralId, target: input.target, basis } },
      };
    });
  }

  async addSession(
    officer: CaseOfficer,
    file: CaseFile,
    input: Versioned & { kind: SessionKind; heldOn: string; perpetratorId?: string; outcome?: string },
  ): Promise<CaseView> {
    return this.change(officer, file, input.expectedVersion, async (cipher) => {
      if (input.kind === "community-criticism") {
        checkCriticismSession(input.perpetratorId === undefined ? undefined : file.partyFacts(input.perpetratorId), this.now());
      } else if (input.perpetratorId !== undefined && file.partyFacts(input.perpetratorId) === undefined) {
        throw new RuleError("body.perpetratorId", "Không có người này trong vụ việc", "No such party in this case");
      }
      const sessionId = randomUUID();
      const ref = refs.session(sessionId);
      const outcome = await cipher.seal(ref, { outcome: input.outcome });
      return {
        puts: [
          {
            ref,
            kind: "session",
            sessionId,
            sessionKind: input.kind,
            heldOn: input.heldOn,
            ...(input.perpetratorId === undefined ? {} : { perpetratorId: input.perpetratorId }),
            ...outcome,
          },
        ],
        event: { action: "session.recorded", detail: { sessionId, kind: input.kind } },
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

  followUps(): { ref: string; dueOn: string; doneOn?: string }[] {
    return this.entries
      .filter((item) => item.ref.startsWith(refPrefixes.followUp))
      .map((item) => ({ ref: item.ref, dueOn: String(item.dueOn), ...optional(item, "doneOn") }));
  }
}

/** The personal fields an entry's kind may hold (personalFields). */
function personalFieldsOf(entry: Entry): string[] {
  return [...(personalFields[entry.ref === refs.header ? "case" : String(entry.kind)] ?? [])];
}

function pick(source: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined && source[name] !== null) result[name] = source[name];
  return result;
}

function optional<K extends string>(source: Record<string, unknown>, ...names: K[]): Partial<Record<K, string>> {
  return pick(source, ...names) as Partial<Record<K, string>>;
}
