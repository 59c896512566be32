import { defaultCutOffDay, halfYearOf } from "../../shared/statistics-periods.ts";
import { type ActGroup, violenceActs } from "../../shared/violence-acts.ts";

/**
 * What one source item adds to the statistics: a pure function of the item's facts (codes, sexes,
 * age bands, times — never a name or a free text). The projector keeps, per source item, the
 * contribution it last added (its snapshot) and adds only the difference when the item changes,
 * so the counters always equal the sum of the current contributions: a fresh recount.
 *
 * A contribution maps counter items to attribute deltas:
 * - `COUNTS#<yyyy-Hn>|<commune>`: the half-year's counters of a commune (indicators read these);
 * - `LIVE|<commune>`: what is open right now (the province dashboard).
 */
export type Counters = Record<string, number>;
export type Contribution = Record<string, Counters>;

export const counterKey = {
  half: (half: string, commune: string) => `COUNTS#${half}|${commune}`,
  live: (commune: string) => `LIVE|${commune}`,
};

export function splitCounterKey(key: string): { pk: string; sk: string } {
  const [pk = "", sk = ""] = key.split("|");
  return { pk, sk };
}

/** The facts of a report the statistics read (the report item, any of its attributes absent). */
export interface ReportFacts {
  id: string;
  commune: string;
  channel: string;
  status: string;
  receivedAt: string;
  urgent?: boolean;
  triage?: { action?: string; at?: string };
  version: number;
  updatedAt: string;
}

export interface CaseFacts {
  caseId: string;
  commune: string;
  status: string;
  priority: string;
  acts: string[];
  openedAt: string;
  closedAt?: string;
  closeReason?: string;
  version: number;
  updatedAt: string;
  parties: { partyId: string; role: string; sex: string; ageBand: string }[];
  measures: { code: string; status: string; perpetratorId?: string }[];
  services: { kind: string; victimId?: string }[];
  sessions: { kind: string; perpetratorId?: string }[];
}

/** A change's order: the version first (every edit bumps it), then the last update (a linked report changes only that). */
export function stampOf(facts: { version: number; updatedAt: string }): string {
  return `${String(facts.version).padStart(10, "0")}#${facts.updatedAt}`;
}

const groupOfAct = new Map<string, ActGroup>(violenceActs.map((act) => [act.code, act.group]));

/** Days from a report to the case opened from it, in bands the indicators show. */
export function dayBand(days: number): string {
  if (days < 1) return "0";
  if (days < 2) return "1";
  if (days < 4) return "2-3";
  if (days < 8) return "4-7";
  return "8+";
}

/** Measures (Điều 22) applied to a perpetrator: ordered, or ordered and since ended. */
const appliedStatuses = new Set(["ordered", "ended"]);

function add(contribution: Contribution, key: string, counter: string, n = 1): void {
  const counters = contribution[key] ?? {};
  counters[counter] = (counters[counter] ?? 0) + n;
  contribution[key] = counters;
}

export function reportContribution(report: ReportFacts, cutOffDay = defaultCutOffDay): Contribution {
  const contribution: Contribution = {};
  const half = counterKey.half(halfYearOf(report.receivedAt, cutOffDay), report.commune);
  add(contribution, half, "reports");
  add(contribution, half, `reports.channel.${report.channel}`);
  add(contribution, half, `reports.outcome.${report.status}`);
  if (report.status === "case-opened" && report.triage?.at !== undefined) {
    const days = Math.max(0, Math.floor((Date.parse(report.triage.at) - Date.parse(report.receivedAt)) / 86_400_000));
    add(contribution, half, "reportToCase.count");
    add(contribution, half, "reportToCase.days", days);
    add(contribution, half, `reportToCase.band.${dayBand(days)}`);
  }
  if (report.status === "new") add(contribution, counterKey.live(report.commune), "reports.new");
  return contribution;
}

export function caseContribution(facts: CaseFacts, cutOffDay = defaultCutOffDay): Contribution {
  const contribution: Contribution = {};
  const half = counterKey.half(halfYearOf(facts.openedAt, cutOffDay), facts.commune);
  add(contribution, half, "cases");
  // The platform keeps no household register: one case file is one household with violence.
  add(contribution, half, "households");
  for (const group of new Set(facts.acts.map((act) => groupOfAct.get(act)).filter((group) => group !== undefined))) {
    add(contribution, half, `cases.form.${group}`);
    add(contribution, half, `households.form.${group}`);
  }

  const victims = facts.parties.filter((party) => party.role === "victim");
  const perpetrators = facts.parties.filter((party) => party.role === "perpetrator");
  for (const victim of victims) add(contribution, half, `victims.${victim.sex}.${victim.ageBand}`);
  for (const perpetrator of perpetrators) add(contribution, half, `perpetrators.${perpetrator.sex}`);

  // Support: each victim counted once per kind; a service not tied to a victim counts once per case.
  const supportedBy = new Map<string, Set<string>>();
  for (const service of facts.services) {
    const who = service.victimId ?? "case";
    if (!supportedBy.has(service.kind)) supportedBy.set(service.kind, new Set());
    supportedBy.get(service.kind)?.add(who);
  }
  const supportedVictims = new Set<string>();
  for (const [kind, who] of supportedBy) {
    add(contribution, half, `support.${kind}`, who.size);
    for (const id of who) supportedVictims.add(id);
  }
  // A service recorded for the case (no victim named) supports every victim of the case.
  const supported = supportedVictims.has("case") ? victims.length : victims.filter((victim) => supportedVictims.has(victim.partyId)).length;
  if (supported > 0) add(contribution, half, "supported.victims", supported);

  // Measures applied to perpetrators, each perpetrator once per measure (no perpetrator named: once per case).
  const measuredBy = new Map<string, Set<string>>();
  for (const measure of facts.measures) {
    if (!appliedStatuses.has(measure.status)) continue;
    if (!measuredBy.has(measure.code)) measuredBy.set(measure.code, new Set());
    measuredBy.get(measure.code)?.add(measure.perpetratorId ?? "case");
  }
  for (const [code, who] of measuredBy) add(contribution, half, `measures.${code}`, who.size);
  // Counselled (QĐ 45/QĐ-TTg): behaviour-change education (g), community criticism ordered (h) or held.
  const counselled = new Set<string>([...(measuredBy.get("g") ?? []), ...(measuredBy.get("h") ?? [])]);
  for (const session of facts.sessions) if (session.kind === "community-criticism") counselled.add(session.perpetratorId ?? "case");
  const counselledCount = counselled.has("case") ? perpetrators.length : perpetrators.filter((party) => counselled.has(party.partyId)).length;
  if (counselledCount > 0) add(contribution, half, "counselled.perpetrators", counselledCount);

  if (facts.status === "closed" && facts.closedAt !== undefined) {
    const closedHalf = counterKey.half(halfYearOf(facts.closedAt, cutOffDay), facts.commune);
    add(contribution, closedHalf, "closed");
    add(contribution, closedHalf, `closed.reason.${facts.closeReason ?? "other"}`);
  } else {
    const live = counterKey.live(facts.commune);
    add(contribution, live, `cases.${facts.status}`);
    if (facts.priority === "urgent") add(contribution, live, "cases.urgent");
  }
  return contribution;
}

/** next − previous, without zero entries. */
export function difference(next: Contribution, previous: Contribution): Contribution {
  const delta: Contribution = {};
  for (const key of new Set([...Object.keys(next), ...Object.keys(previous)])) {
    const a = next[key] ?? {};
    const b = previous[key] ?? {};
    for (const counter of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const n = (a[counter] ?? 0) - (b[counter] ?? 0);
      if (n !== 0) add(delta, key, counter, n);
    }
  }
  return delta;
}

/** Adds contributions together (the recount, and the rebuild's totals). */
export function sum(into: Contribution, more: Contribution): Contribution {
  for (const [key, counters] of Object.entries(more)) for (const [counter, n] of Object.entries(counters)) add(into, key, counter, n);
  return into;
}
