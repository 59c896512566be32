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
import { FieldCipher, type RecordContext, sealedAttribute } from "../lib/field-encryption.ts";
import { type CaseChange, type DynamoCaseRepository, type Item, StaleCaseError } from "./repository.ts";
import {
  assessRisk,
  CaseRuleError,
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
  vietnamDate,
} from "./rules.ts";

/**
 * Case tracking: the domain service behind the cases API. It loads the case file, applies the
 * Law's rules (rules.ts), encrypts personal fields before they reach the repository (one envelope
 * per item, `sealed`) and decrypts them only for readers allowed `case:read-identity`, and writes
 * every change as one transaction conditioned on the version the officer read (a stale edit →
 * StaleCaseError → 409). Each request works with its own `forRequest()` cipher, so no item's
 * envelope is opened twice in a request (an item just written is shown without decrypting it).
 */
export type Cipher = Pick<FieldCipher, "encryptFields" | "decryptFields" | "forRequest">;

/** Seals and opens the items of one case file, for one request. */
interface ItemCipher {
  /** The item attributes that hold `values` (`{ sealed }`, or nothing when every value is empty). */
  seal(sk: string, values: Record<string, string | undefined>): Promise<{ sealed?: string }>;
  /** The item's personal fields (of its kind) in clear. */
  open(item: Item): Promise<Record<string, string>>;
}

export interface CaseOfficer extends Principal {
  name: string;
}

export class CaseNotFoundError extends Error {
  override name = "CaseNotFoundError";
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

export class CaseService {
  constructor(
    private readonly repository: DynamoCaseRepository,
    private readonly cipher: Cipher,
    private readonly province: string,
    private readonly options: { retentionDays: number; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  // — Reading —————————————————————————————————————————————————————————————————————————————————

  private context(caseId: string, sk: string): RecordContext {
    return { province: this.province, table, recordId: `${caseId}/${sk}` };
  }

  /** One request's sealing and opening of the items of case `caseId`. */
  private itemCipher(caseId: string): ItemCipher {
    const cipher = this.cipher.forRequest();
    return {
      seal: async (sk, values) => {
        const { sealed } = await cipher.encryptFields(values, Object.keys(values), this.context(caseId, sk));
        return sealed === undefined ? {} : { sealed };
      },
      open: async (item) => {
        const fields = personalFieldsOf(item);
        const stored = pick(item, sealedAttribute, ...fields);
        return (await cipher.decryptFields(stored, fields, this.context(caseId, item.sk))) as Record<string, string>;
      },
    };
  }

  /**
   * The personal fields of an item as `reader` may see them: in clear with `case:read-identity`,
   * otherwise `{ hidden: true }` — for every field its kind may hold once the item has an envelope
   * (which fields it holds is not read without decrypting, nor told).
   */
  private async guarded(reader: CaseOfficer, cipher: ItemCipher, item: Item): Promise<Record<string, Guarded>> {
    const fields = personalFieldsOf(item);
    if (!FieldCipher.holds(item, fields)) return {};
    if (!hasPermission(reader, "case:read-identity")) {
      const shown = typeof item[sealedAttribute] === "string" ? fields : fields.filter((field) => typeof item[field] === "string");
      return Object.fromEntries(shown.map((field) => [field, { hidden: true }]));
    }
    const values = await cipher.open(item);
    return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value }]));
  }

  summary(header: Item): CaseSummary {
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

  /** The whole case file as `reader` may see it; undefined when there is no such case. */
  async view(reader: CaseOfficer, caseId: string, items?: Item[]): Promise<CaseView | undefined> {
    return this.viewOf(reader, caseId, items ?? (await this.repository.file(caseId)), this.itemCipher(caseId));
  }

  private async viewOf(reader: CaseOfficer, caseId: string, items: Item[], cipher: ItemCipher): Promise<CaseView | undefined> {
    const header = items.find((item) => item.sk === "CASE");
    if (header === undefined) return undefined;
    const of = (prefix: string) => items.filter((item) => item.sk.startsWith(prefix));
    const now = this.now();
    // All of an item's personal fields at once: one envelope, one decryption.
    const guarded = (item: Item) => this.guarded(reader, cipher, item);
    const partiesPromise = Promise.all(
      of("PARTY#").map(
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
    const measures = of("MEASURE#").map(
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
      of("SERVICE#").map(
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
      of("REFERRAL#").map(
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
      of("SESSION#").map(
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
      of("FOLLOWUP#").map(
        async (item): Promise<FollowUpView> => ({
          followUpId: String(item.followUpId),
          dueOn: String(item.dueOn),
          ...optional(item, "doneOn"),
          ...(await guarded(item)),
          overdue: isOverdue({ dueOn: String(item.dueOn), ...optional(item, "doneOn") }, now),
        }),
      ),
    );
    const timeline = of("EVENT#").map(
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
      const found = await this.repository.byNumber(query.number.trim().toUpperCase());
      return { items: found !== undefined && found.commune === query.commune ? [this.summary(found)] : [] };
    }
    void reader;
    const page = await this.repository.list({
      commune: query.commune,
      limit: query.limit,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.priority === undefined ? {} : { priority: query.priority }),
      ...(query.overdue ? { overdueBefore: vietnamDate(this.now()) } : {}),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return { items: page.items.map((item) => this.summary(item)), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
  }

  // — Writing —————————————————————————————————————————————————————————————————————————————————

  /**
   * Loads the file, refuses a stale version at once, lets `build` apply the rules and describe the
   * change, commits it (the transaction re-checks the version), and answers the new file.
   */
  private async change(
    officer: CaseOfficer,
    caseId: string,
    expectedVersion: number,
    build: (file: CaseFile, cipher: ItemCipher) => Promise<CaseChange>,
  ): Promise<CaseView> {
    const items = await this.repository.file(caseId);
    const header = items.find((item) => item.sk === "CASE");
    if (header === undefined) throw new CaseNotFoundError();
    if (Number(header.version) !== expectedVersion) throw new StaleCaseError(header);
    if (header.erasedAt !== undefined) {
      throw new CaseRuleError(
        "body",
        "Hồ sơ đã hết thời hạn lưu trữ và đã xóa thông tin cá nhân",
        "The file passed its retention period; personal data was erased",
      );
    }
    const cipher = this.itemCipher(caseId);
    const change = await build(new CaseFile(caseId, header, items), cipher);
    const at = this.now().toISOString();
    await this.repository.commit(caseId, expectedVersion, change, { id: officer.id, name: officer.name }, at);
    return (await this.viewOf(officer, caseId, await this.repository.file(caseId), cipher)) as CaseView;
  }

  /** The change's header attributes that keep the follow-up index in step with the file's follow-ups. */
  private dueAttributes(file: CaseFile, followUps: { dueOn: string; doneOn?: string }[], status: string): Pick<CaseChange, "set" | "remove"> {
    const due = status === "closed" ? undefined : nextDue(followUps);
    if (due === undefined) return { remove: ["nextDue", "dueCommune", "dueSort"] };
    return { set: { nextDue: due, dueCommune: file.header.commune, dueSort: `${due}#${file.caseId}` } };
  }

  async update(officer: CaseOfficer, caseId: string, input: CaseUpdate): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file) => {
      const set: Record<string, unknown> = {};
      const remove: string[] = [];
      if (input.acts !== undefined) set.acts = [...new Set(input.acts)];
      if (input.priority !== undefined) set.priority = input.priority;
      if (input.assignedOfficers !== undefined) set.assignedOfficers = input.assignedOfficers;
      if (input.childProtectionOfficer === null) remove.push("childProtectionOfficer");
      else if (input.childProtectionOfficer !== undefined) set.childProtectionOfficer = input.childProtectionOfficer;
      if (input.childProtectionOfficer === null && file.hasChildVictim(this.now()) && file.header.status !== "new") {
        throw new CaseRuleError(
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

  async assessRisk(officer: CaseOfficer, caseId: string, input: Versioned & { answers: RiskQuestion[] }): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file) => {
      const { score, priority } = assessRisk(input.answers);
      const raised = raisePriority(file.header.priority as CasePriority, priority);
      const at = this.now().toISOString();
      return {
        set: { risk: { answers: [...new Set(input.answers)], score, priority, assessedBy: officer.id, assessedAt: at }, priority: raised },
        event: { action: "risk.assessed", detail: { score, priority: raised } },
      };
    });
  }

  async transition(officer: CaseOfficer, caseId: string, input: Versioned & { to: CaseStatus; reason?: CloseReason; note?: string }): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const from = file.header.status as CaseStatus;
      checkTransition({
        from,
        to: input.to,
        ...(input.to === "closed" ? (input.reason === undefined ? {} : { reason: input.reason }) : input.note === undefined ? {} : { reason: input.note }),
        childProtectionMissing: file.hasChildVictim(this.now()) && file.header.childProtectionOfficer === undefined,
      });
      if (input.to === "closed" && input.reason === "other" && (input.note === undefined || input.note.trim() === "")) {
        throw new CaseRuleError("body.note", "Hãy ghi rõ lý do khác", "Explain the other reason");
      }
      const commune = String(file.header.commune);
      const at = this.now();
      const set: Record<string, unknown> = { status: input.to, communeStatus: `${commune}#${input.to}` };
      const remove: string[] = [];
      const followUps = file.followUps();
      if (input.to === "closed") {
        const retainUntil = new Date(at.getTime() + this.options.retentionDays * 86_400_000).toISOString();
        Object.assign(set, { closeReason: input.reason, closedAt: at.toISOString(), retentionQueue: "CLOSED", retainUntil });
        // The header's only personal field: its envelope is the note's (a legacy `closeNote` goes).
        const { sealed } = await cipher.seal("CASE", { closeNote: input.note });
        remove.push("closeNote");
        if (sealed !== undefined) set.sealed = sealed;
        else remove.push(sealedAttribute);
      } else if (from === "closed") {
        remove.push("closeReason", "closedAt", "retentionQueue", "retainUntil", "closeNote", sealedAttribute);
      }
      const due = this.dueAttributes(file, followUps, input.to);
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

  async addParty(officer: CaseOfficer, caseId: string, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (_file, cipher) => {
      const partyId = randomUUID();
      const item = await this.partyItem(cipher, caseId, partyId, input, {});
      return { puts: [item], event: { action: "party.added", detail: { partyId, role: input.role } } };
    });
  }

  async updateParty(officer: CaseOfficer, caseId: string, partyId: string, input: Versioned & PartyInput): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const current = file.item(`PARTY#${partyId}`);
      if (current === undefined) throw new CaseNotFoundError();
      // A field left empty keeps its stored value (the reader may not have seen it): the stored
      // fields are opened only then, and the party re-sealed with the merged values.
      const empty = (personalFields.party ?? []).filter((field) => !input[field as "name"]);
      const stored = empty.length > 0 && FieldCipher.holds(current, empty) ? await cipher.open(current) : {};
      const merged = { ...input, ...Object.fromEntries(empty.flatMap((field) => (stored[field] === undefined ? [] : [[field, stored[field]]]))) };
      const item = await this.partyItem(cipher, caseId, partyId, merged, (current.consents as Record<string, unknown> | undefined) ?? {});
      return { puts: [item], event: { action: "party.updated", detail: { partyId, role: input.role } } };
    });
  }

  private async partyItem(cipher: ItemCipher, caseId: string, partyId: string, input: PartyInput, consents: Record<string, unknown>): Promise<Item> {
    checkPartyFacts(input, this.now());
    const sk = `PARTY#${partyId}`;
    const item: Item = {
      pk: `CASE#${caseId}`,
      sk,
      kind: "party",
      partyId,
      role: input.role,
      sex: input.sex,
      ageBand: input.ageBand,
      relationship: input.relationship,
      vulnerabilities: [...new Set(input.vulnerabilities)],
      consents,
      ...(input.birthYear === undefined ? {} : { birthYear: input.birthYear }),
      ...(await cipher.seal(sk, { name: input.name, phone: input.phone, address: input.address })),
    };
    return item;
  }

  async setConsent(officer: CaseOfficer, caseId: string, partyId: string, purpose: ConsentPurpose, input: Versioned & { given: boolean }): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file) => {
      const party = file.item(`PARTY#${partyId}`);
      if (party === undefined) throw new CaseNotFoundError();
      if (party.role !== "victim") throw new CaseRuleError("path.partyId", "Chỉ ghi nhận sự đồng ý của người bị bạo lực", "Consent is recorded for victims");
      const consents = { ...((party.consents as Record<string, ConsentState> | undefined) ?? {}) };
      consents[purpose] = { given: input.given, by: officer.id, at: this.now().toISOString() };
      return {
        puts: [{ ...party, consents }],
        event: { action: input.given ? "consent.given" : "consent.withdrawn", detail: { partyId, purpose } },
      };
    });
  }

  async addMeasure(officer: CaseOfficer, caseId: string, input: Versioned & MeasureInput): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file) => {
      const measureId = randomUUID();
      return this.measureChange(officer, file, measureId, input, "measure.recorded");
    });
  }

  async updateMeasure(officer: CaseOfficer, caseId: string, measureId: string, input: Versioned & Partial<MeasureInput>): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file) => {
      const current = file.item(`MEASURE#${measureId}`);
      if (current === undefined) throw new CaseNotFoundError();
      const merged = { ...pick(current, "code", "status", "authority", "perpetratorId", "decisionNumber", "startsAt", "endsAt"), ...input } as MeasureInput;
      if (merged.code !== current.code)
        throw new CaseRuleError("body.code", "Không đổi loại biện pháp; hãy ghi biện pháp mới", "A measure's kind does not change; record a new one");
      return this.measureChange(officer, file, measureId, merged, "measure.updated");
    });
  }

  private async measureChange(officer: CaseOfficer, file: CaseFile, measureId: string, input: MeasureInput, action: string): Promise<CaseChange> {
    const perpetrator = input.perpetratorId === undefined ? undefined : file.partyFacts(input.perpetratorId);
    checkMeasure(input, { mayOrder: hasPermission(officer, "measure:order"), ...(perpetrator ? { perpetrator } : {}), now: this.now() });
    const caseId = file.caseId;
    const at = this.now().toISOString();
    const item: Item = {
      pk: `CASE#${caseId}`,
      sk: `MEASURE#${measureId}`,
      kind: "measure",
      measureId,
      code: input.code,
      status: input.status,
      authority: input.authority,
      ...pick(input as unknown as Record<string, unknown>, "perpetratorId", "decisionNumber", "startsAt", "endsAt"),
      recordedBy: officer.id,
      recordedAt: at,
    };
    const puts: Item[] = [item];
    const deletes: { pk: string; sk: string }[] = [];
    const reminderKey = { pk: `CASE#${caseId}`, sk: `REMINDER#${measureId}` };
    const remind = measureDefinition(input.code)?.remindBeforeEnd === true && input.status === "ordered" && input.startsAt && input.endsAt;
    if (remind && input.startsAt !== undefined && input.endsAt !== undefined) {
      puts.push({
        ...reminderKey,
        kind: "reminder",
        caseId,
        caseNumber: file.header.caseNumber,
        commune: file.header.commune,
        measureId,
        endsAt: input.endsAt,
        reminderQueue: "PENDING",
        remindAt: reminderTime(input.startsAt, input.endsAt),
      });
    } else if (file.item(reminderKey.sk) !== undefined) {
      deletes.push(reminderKey);
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

  async addService(officer: CaseOfficer, caseId: string, input: Versioned & ServiceInput): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const serviceId = randomUUID();
      return { puts: [await this.serviceItem(cipher, file, serviceId, input)], event: { action: "service.recorded", detail: { serviceId, kind: input.kind } } };
    });
  }

  async updateService(officer: CaseOfficer, caseId: string, serviceId: string, input: Versioned & ServiceInput): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const current = file.item(`SERVICE#${serviceId}`);
      if (current === undefined) throw new CaseNotFoundError();
      // A shelter's location left empty keeps the stored one (the item's envelope, or a legacy field, as it is).
      const keep = input.location === undefined && input.kind === "shelter" ? pick(current, sealedAttribute, "location") : {};
      const item = { ...(await this.serviceItem(cipher, file, serviceId, input)), ...keep };
      return { puts: [item], event: { action: "service.updated", detail: { serviceId, kind: input.kind } } };
    });
  }

  private async serviceItem(cipher: ItemCipher, file: CaseFile, serviceId: string, input: ServiceInput): Promise<Item> {
    if (input.victimId !== undefined && file.partyFacts(input.victimId)?.role !== "victim") {
      throw new CaseRuleError("body.victimId", "Không có người bị bạo lực này trong vụ việc", "No such victim in this case");
    }
    if (input.endsOn !== undefined && input.endsOn < input.startsOn) {
      throw new CaseRuleError("body.endsOn", "Ngày kết thúc phải sau ngày bắt đầu", "It must end after it starts");
    }
    if (input.location !== undefined && input.kind !== "shelter") {
      throw new CaseRuleError("body.location", "Chỉ ghi địa điểm cho nơi tạm lánh", "A location is recorded for shelters only");
    }
    const sk = `SERVICE#${serviceId}`;
    return {
      pk: `CASE#${file.caseId}`,
      sk,
      kind: "service",
      serviceId,
      serviceKind: input.kind,
      provider: input.provider,
      startsOn: input.startsOn,
      ...pick(input as unknown as Record<string, unknown>, "victimId", "endsOn"),
      ...(await cipher.seal(sk, { location: input.location })),
    };
  }

  async addReferral(
    officer: CaseOfficer,
    caseId: string,
    input: Versioned & { target: ReferralTarget; victimId: string; referredOn: string; override?: { reason: string } },
  ): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const victim = file.partyFacts(input.victimId);
      const party = file.item(`PARTY#${input.victimId}`);
      const consent = (party?.consents as Record<string, ConsentState> | undefined)?.referral;
      const basis = checkReferral({
        ...(victim ? { victim: { ...victim, referralConsent: consent?.given === true } } : {}),
        ...(input.override ? { override: input.override } : {}),
        mayOverride: hasPermission(officer, "measure:order"),
      });
      const referralId = randomUUID();
      const sk = `REFERRAL#${referralId}`;
      const reason = await cipher.seal(sk, { overrideReason: basis === "override" ? input.override?.reason : undefined });
      return {
        puts: [
          {
            pk: `CASE#${caseId}`,
            sk,
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
    caseId: string,
    input: Versioned & { kind: SessionKind; heldOn: string; perpetratorId?: string; outcome?: string },
  ): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      if (input.kind === "community-criticism") {
        checkCriticismSession(input.perpetratorId === undefined ? undefined : file.partyFacts(input.perpetratorId), this.now());
      } else if (input.perpetratorId !== undefined && file.partyFacts(input.perpetratorId) === undefined) {
        throw new CaseRuleError("body.perpetratorId", "Không có người này trong vụ việc", "No such party in this case");
      }
      const sessionId = randomUUID();
      const sk = `SESSION#${sessionId}`;
      const outcome = await cipher.seal(sk, { outcome: input.outcome });
      return {
        puts: [
          {
            pk: `CASE#${caseId}`,
            sk,
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

  async addFollowUp(officer: CaseOfficer, caseId: string, input: Versioned & { dueOn: string; notes?: string }): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const followUpId = randomUUID();
      const sk = `FOLLOWUP#${followUpId}`;
      const notes = await cipher.seal(sk, { notes: input.notes });
      const item: Item = {
        pk: `CASE#${caseId}`,
        sk,
        kind: "followUp",
        followUpId,
        dueOn: input.dueOn,
        ...notes,
      };
      const due = this.dueAttributes(file, [...file.followUps(), { dueOn: input.dueOn }], String(file.header.status));
      return { puts: [item], ...due, event: { action: "follow-up.planned", detail: { followUpId, dueOn: input.dueOn } } };
    });
  }

  async updateFollowUp(
    officer: CaseOfficer,
    caseId: string,
    followUpId: string,
    input: Versioned & { dueOn?: string; doneOn?: string | null; notes?: string },
  ): Promise<CaseView> {
    return this.change(officer, caseId, input.expectedVersion, async (file, cipher) => {
      const sk = `FOLLOWUP#${followUpId}`;
      const current = file.item(sk);
      if (current === undefined) throw new CaseNotFoundError();
      const item: Item = { ...current };
      if (input.dueOn !== undefined) item.dueOn = input.dueOn;
      if (input.doneOn === null) delete item.doneOn;
      else if (input.doneOn !== undefined) item.doneOn = input.doneOn;
      if (input.notes !== undefined && input.notes !== "") {
        delete item.notes; // a legacy per-field note gives way to the envelope
        Object.assign(item, await cipher.seal(sk, { notes: input.notes }));
      }
      const followUps = file.followUps().map((followUp) => (followUp.sk === sk ? { dueOn: String(item.dueOn), ...optional(item, "doneOn") } : followUp));
      const due = this.dueAttributes(file, followUps, String(file.header.status));
      return {
        puts: [item],
        ...due,
        event: { action: item.doneOn === undefined ? "follow-up.updated" : "follow-up.done", detail: { followUpId, dueOn: String(item.dueOn) } },
      };
    });
  }
}

/** The loaded case file: what the rules read before a change. */
class CaseFile {
  constructor(
    readonly caseId: string,
    readonly header: Item,
    private readonly items: Item[],
  ) {}

  item(sk: string): Item | undefined {
    return this.items.find((item) => item.sk === sk);
  }

  partyFacts(partyId: string): PartyFacts | undefined {
    const party = this.item(`PARTY#${partyId}`);
    if (party === undefined) return undefined;
    return {
      role: party.role as PartyRole,
      ageBand: party.ageBand as PartyAgeBand,
      vulnerabilities: (party.vulnerabilities as Vulnerability[] | undefined) ?? [],
      ...(typeof party.birthYear === "number" ? { birthYear: party.birthYear } : {}),
    };
  }

  hasChildVictim(now: Date): boolean {
    return this.items
      .filter((item) => item.sk.startsWith("PARTY#") && item.role === "victim")
      .some((item) => isChild(this.partyFacts(String(item.partyId)) as PartyFacts, now));
  }

  followUps(): { sk: string; dueOn: string; doneOn?: string }[] {
    return this.items
      .filter((item) => item.sk.startsWith("FOLLOWUP#"))
      .map((item) => ({ sk: item.sk, dueOn: String(item.dueOn), ...optional(item, "doneOn") }));
  }
}

/** The personal fields an item's kind may hold (personalFields). */
function personalFieldsOf(item: Item): string[] {
  return [...(personalFields[item.sk === "CASE" ? "case" : String(item.kind)] ?? [])];
}

function pick(source: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined && source[name] !== null) result[name] = source[name];
  return result;
}

function optional<K extends string>(source: Record<string, unknown>, ...names: K[]): Partial<Record<K, string>> {
  return pick(source, ...names) as Partial<Record<K, string>>;
}
