import type { Principal } from "../../shared/permissions.ts";
import { householdTypes, indicators, liveCounters } from "../../shared/statistics-indicators.ts";
import { halvesOf, type PeriodId, periodDays } from "../../shared/statistics-periods.ts";
import { addDays, vietnamDay } from "../../shared/vietnam-time.ts";
import { RuleError, StaleError } from "../lib/kit/index.ts";
import type { Counters } from "./contributions.ts";
import {
  addCounters,
  type CommunePreventionFigures,
  type Correction,
  cellKey,
  type IndicatorTable,
  indicatorTables,
  type PreventionReach,
  preventionReach,
  type TargetView,
  targetViews,
} from "./figures.ts";

/**
 * Statistics: a commune's figures for a period and its report (draft → submitted → approved or
 * returned; approved is locked, reopened only with a reason), the province's roll-up and
 * completeness, and the province dashboard. No AWS types: the stores below are DynamoDB in
 * functions/statistics/repository.ts and dashboard-store.ts.
 */
export const periodStatuses = ["draft", "submitted", "returned", "approved"] as const;
export type PeriodStatus = (typeof periodStatuses)[number];

export interface PeriodStep {
  at: string;
  by: string;
  action: "enter" | "submit" | "approve" | "return" | "reopen";
  reason?: string;
}

export interface PeriodReport {
  period: PeriodId;
  commune: string;
  status: PeriodStatus;
  /** 0 = never saved. */
  version: number;
  /** Entered items (`households.total`…): value, who entered it and when. */
  entered: Record<string, { value: number; by: string; at: string }>;
  /** Corrections of computed cells (`<indicator>/<row>/<column>`), each with its reason; the computed value stays visible. */
  corrections: Record<string, Correction>;
  submittedAt?: string;
  submittedBy?: string;
  approvedAt?: string;
  approvedBy?: string;
  /** The figures as approved: an approved report no longer moves with later changes. */
  approvedCounters?: Counters;
  returnReason?: string;
  history: PeriodStep[];
}

export interface StatisticsStore {
  /** Counters of one half-year by commune. */
  halfCounters(half: string): Promise<Map<string, Counters>>;
  communeCounters(half: string, commune: string): Promise<Counters>;
  live(): Promise<Map<string, Counters>>;
  periodReport(period: PeriodId, commune: string): Promise<PeriodReport | undefined>;
  /** Every commune's report of a period, without its free texts (reasons): nothing is decrypted for a roll-up. */
  periodReports(period: PeriodId): Promise<PeriodReport[]>;
  /** Conditional on the version: false when someone saved meanwhile. */
  savePeriodReport(report: PeriodReport, expectedVersion: number): Promise<boolean>;
}

/** Time-bound figures the counters cannot hold, read from the province-wide indexes. */
export interface ProvinceWatchStore {
  overdueFollowUps(today: string): Promise<Map<string, number>>;
  ordersEnding(from: string, to: string): Promise<Map<string, number>>;
  awaitingTriageSince(before: string): Promise<Map<string, number>>;
}

/** One commune's prevention figures of a year (functions/prevention/figures.ts, read by the handler). */
export interface PreventionFiguresReader {
  figures(commune: string, year: number): Promise<CommunePreventionFigures>;
}

export interface CommuneName {
  code: string;
  name: string;
  nameEn: string;
}

/** Days after a period ends by which a commune's report is due (on time / late). */
export const submissionGraceDays = 15;

export function submissionDueOn(period: PeriodId, cutOffDay?: number): string {
  return addDays(periodDays(period, cutOffDay).to, submissionGraceDays);
}

export interface PeriodReportView {
  period: PeriodId;
  commune: string;
  status: PeriodStatus;
  version: number;
  dueOn: string;
  /** Submitted by the due day (undefined until submitted). */
  onTime?: boolean;
  submittedAt?: string;
  approvedAt?: string;
  returnReason?: string;
  entered: PeriodReport["entered"];
  corrections: PeriodReport["corrections"];
  history: PeriodStep[];
}

export interface CommuneFigures {
  report: PeriodReportView;
  days: { from: string; to: string };
  tables: IndicatorTable[];
  targets: TargetView[];
}

const enteredCodes = new Set(householdTypes.map((type) => `households.${type.code}`));
const correctable = new Set(
  indicators
    .filter((indicator) => indicator.source === "computed")
    .flatMap((indicator) =>
      indicator.rows.flatMap((row) => (indicator.columns ?? [{ code: "count" }]).map((column) => cellKey(indicator.code, row.code, column.code))),
    ),
);

export interface EntryChange {
  expectedVersion: number;
  entered?: Record<string, number | null>;
  corrections?: Record<string, { value: number; reason: string } | null>;
}

export class StatisticsService {
  constructor(
    private readonly store: StatisticsStore,
    private readonly watch: ProvinceWatchStore,
    private readonly options: { cutOffDay?: number; now?: () => Date; prevention?: PreventionFiguresReader } = {},
  ) {}

  /**
   * The prevention network's reach over these communes in a yearly period (the prevention
   * registers are kept by year: a half-year gets none — its targets say "no data yet"). One read per
   * commune, 16 at a time.
   */
  private async reach(period: PeriodId, communes: { code: string; householdsTotal?: number }[]): Promise<PreventionReach | undefined> {
    const reader = this.options.prevention;
    if (reader === undefined || period.includes("-H")) return undefined;
    const year = Number(period);
    const figures: Awaited<ReturnType<PreventionFiguresReader["figures"]>>[] = [];
    for (let index = 0; index < communes.length; index += 16) {
      figures.push(...(await Promise.all(communes.slice(index, index + 16).map((commune) => reader.figures(commune.code, year)))));
    }
    return preventionReach(communes, figures);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private draft(period: PeriodId, commune: string): PeriodReport {
    return { period, commune, status: "draft", version: 0, entered: {}, corrections: {}, history: [] };
  }

  view(report: PeriodReport): PeriodReportView {
    const dueOn = submissionDueOn(report.period, this.options.cutOffDay);
    return {
      period: report.period,
      commune: report.commune,
      status: report.status,
      version: report.version,
      dueOn,
      ...(report.submittedAt ? { submittedAt: report.submittedAt, onTime: vietnamDay(report.submittedAt) <= dueOn } : {}),
      ...(report.approvedAt ? { approvedAt: report.approvedAt } : {}),
      ...(report.returnReason ? { returnReason: report.returnReason } : {}),
      entered: report.entered,
      corrections: report.corrections,
      history: report.history,
    };
  }

  private async counters(period: PeriodId, commune: string): Promise<Counters> {
    return addCounters(...(await Promise.all(halvesOf(period).map((half) => this.store.communeCounters(half, commune)))));
  }

  async communeFigures(commune: string, period: PeriodId): Promise<CommuneFigures> {
    const report = (await this.store.periodReport(period, commune)) ?? this.draft(period, commune);
    // An approved report shows the figures as approved; any other, the figures as they are now.
    const counters = report.status === "approved" && report.approvedCounters ? report.approvedCounters : await this.counters(period, commune);
    return {
      report: this.view(report),
      days: periodDays(period, this.options.cutOffDay),
      tables: indicatorTables(counters, enteredValues(report), report.corrections),
      targets: targetViews(counters, await this.reach(period, [{ code: commune, ...householdsOf(report) }])),
    };
  }

  // — The report's lifecycle ——————————————————————————————————————————————————————————————————

  private async change(
    officer: Principal,
    commune: string,
    period: PeriodId,
    expectedVersion: number,
    apply: (report: PeriodReport, at: string) => Promise<PeriodStep> | PeriodStep,
  ): Promise<PeriodReportView> {
    const current = (await this.store.periodReport(period, commune)) ?? this.draft(period, commune);
    if (current.version !== expectedVersion) throw new StaleError(this.view(current));
    const at = this.now().toISOString();
    const next: PeriodReport = structuredClone(current);
    const step = await apply(next, at);
    next.version = current.version + 1;
    next.history = [...current.history, { ...step, at, by: officer.id }];
    if (!(await this.store.savePeriodReport(next, expectedVersion))) {
      throw new StaleError(this.view((await this.store.periodReport(period, commune)) ?? current));
    }
    return this.view(next);
  }

  async enter(officer: Principal, commune: string, period: PeriodId, change: EntryChange): Promise<PeriodReportView> {
    return this.change(officer, commune, period, change.expectedVersion, (report, at) => {
      requireStatus(report, ["draft", "returned"], "body.expectedVersion", {
        vi: "Báo cáo đã nộp hoặc đã duyệt: không sửa được (cần mở lại)",
        en: "The report is submitted or approved: it cannot be edited (it must be reopened)",
      });
      for (const [code, value] of Object.entries(change.entered ?? {})) {
        if (!enteredCodes.has(code)) throw new RuleError(`body.entered.${code}`, "Không có mục nhập này", "No such entered item");
        if (value === null) delete report.entered[code];
        else report.entered[code] = { value, by: officer.id, at };
      }
      for (const [key, correction] of Object.entries(change.corrections ?? {})) {
        if (!correctable.has(key)) throw new RuleError(`body.corrections.${key}`, "Không có ô số liệu này", "No such figure");
        if (correction === null) delete report.corrections[key];
        else report.corrections[key] = { ...correction, by: officer.id, at };
      }
      return { action: "enter" } as PeriodStep;
    });
  }

  async submit(officer: Principal, commune: string, period: PeriodId, expectedVersion: number): Promise<PeriodReportView> {
    return this.change(officer, commune, period, expectedVersion, (report, at) => {
      requireStatus(report, ["draft", "returned"], "body.expectedVersion", { vi: "Báo cáo đã được nộp", en: "The report was already submitted" });
      if (period.includes("-H") === false && vietnamDay(at) < periodDays(period, this.options.cutOffDay).to) {
        // A yearly report may be submitted in its last month (the December report), not earlier.
        const lastMonth = `${periodDays(period, this.options.cutOffDay).to.slice(0, 7)}-01`;
        if (vietnamDay(at) < lastMonth) {
          throw new RuleError("path.period", "Kỳ báo cáo chưa đến tháng cuối", "The period has not reached its last month yet");
        }
      }
      report.status = "submitted";
      report.submittedAt = at;
      report.submittedBy = officer.id;
      delete report.returnReason;
      return { action: "submit" } as PeriodStep;
    });
  }

  async approve(officer: Principal, commune: string, period: PeriodId, expectedVersion: number): Promise<PeriodReportView> {
    const counters = await this.counters(period, commune);
    return this.change(officer, commune, period, expectedVersion, (report, at) => {
      requireStatus(report, ["submitted"], "body.expectedVersion", { vi: "Chỉ duyệt báo cáo đã nộp", en: "Only a submitted report can be approved" });
      report.status = "approved";
      report.approvedAt = at;
      report.approvedBy = officer.id;
      report.approvedCounters = counters;
      return { action: "approve" } as PeriodStep;
    });
  }

  async returnReport(officer: Principal, commune: string, period: PeriodId, expectedVersion: number, reason: string): Promise<PeriodReportView> {
    return this.change(officer, commune, period, expectedVersion, (report) => {
      requireStatus(report, ["submitted"], "body.expectedVersion", { vi: "Chỉ trả lại báo cáo đã nộp", en: "Only a submitted report can be returned" });
      report.status = "returned";
      report.returnReason = reason;
      return { action: "return", reason } as PeriodStep;
    });
  }

  async reopen(officer: Principal, commune: string, period: PeriodId, expectedVersion: number, reason: string): Promise<PeriodReportView> {
    return this.change(officer, commune, period, expectedVersion, (report) => {
      requireStatus(report, ["approved"], "body.expectedVersion", { vi: "Chỉ mở lại báo cáo đã duyệt", en: "Only an approved report can be reopened" });
      report.status = "draft";
      delete report.approvedAt;
      delete report.approvedBy;
      delete report.approvedCounters;
      return { action: "reopen", reason } as PeriodStep;
    });
  }

  // — The province ————————————————————————————————————————————————————————————————————————————

  /** The province roll-up (every commune's current figures added) and each commune's report state. */
  async provinceFigures(period: PeriodId, communes: CommuneName[]) {
    const [halves, reports] = await Promise.all([Promise.all(halvesOf(period).map((half) => this.store.halfCounters(half))), this.store.periodReports(period)]);
    const byCommune = new Map(reports.map((report) => [report.commune, report]));
    const perCommune = communes.map((commune) => {
      const report = byCommune.get(commune.code) ?? this.draft(period, commune.code);
      return { commune, counters: addCounters(...halves.map((half) => half.get(commune.code))), report };
    });
    const total = addCounters(...perCommune.map((entry) => entry.counters));
    const entered: Record<string, number> = {};
    for (const { report } of perCommune) for (const [code, { value }] of Object.entries(report.entered)) entered[code] = (entered[code] ?? 0) + value;
    const completeness = perCommune.map(({ commune, report }) => ({ ...commune, ...pickState(this.view(report)) }));
    const tally = (test: (entry: (typeof completeness)[number]) => boolean) => completeness.filter(test).length;
    return {
      period,
      days: periodDays(period, this.options.cutOffDay),
      dueOn: submissionDueOn(period, this.options.cutOffDay),
      tables: indicatorTables(total, entered),
      targets: targetViews(
        total,
        await this.reach(
          period,
          perCommune.map(({ commune, report }) => ({ code: commune.code, ...householdsOf(report) })),
        ),
      ),
      completeness: {
        communes: completeness,
        submitted: tally((entry) => entry.status === "submitted" || entry.status === "approved"),
        onTime: tally((entry) => entry.onTime === true),
        late: tally((entry) => entry.onTime === false),
        returned: tally((entry) => entry.status === "returned"),
        approved: tally((entry) => entry.status === "approved"),
        total: completeness.length,
      },
    };
  }

  /**
   * The province dashboard: per commune, what needs attention now. Four reads in all, whatever the
   * number of communes: the live counters (one partition) and three province-wide index queries.
   */
  async dashboard(communes: CommuneName[]) {
    const now = this.now();
    // "Waiting over 48 h" = still new and received before this instant, to the whole minute: the
    // figure links to the inbox filtered by the same instant (?receivedBefore=, a minute-precise
    // control), so the list it opens holds exactly the reports counted.
    const waitingCutOff = new Date(Math.floor((now.getTime() - 48 * 3600_000) / 60_000) * 60_000).toISOString();
    const [live, overdue, ending, waiting] = await Promise.all([
      this.store.live(),
      this.watch.overdueFollowUps(vietnamDay(now)),
      this.watch.ordersEnding(now.toISOString(), new Date(now.getTime() + 24 * 3600_000).toISOString()),
      this.watch.awaitingTriageSince(waitingCutOff),
    ]);
    const rows = communes.map((commune) => {
      const counters = live.get(commune.code) ?? {};
      return {
        ...commune,
        ...Object.fromEntries(liveCounters.map((name) => [name, counters[name] ?? 0])),
        overdueFollowUps: overdue.get(commune.code) ?? 0,
        ordersEndingIn24h: ending.get(commune.code) ?? 0,
        reportsWaiting48h: waiting.get(commune.code) ?? 0,
      };
    });
    return { at: now.toISOString(), waitingReceivedBefore: waitingCutOff, communes: rows };
  }
}

function pickState(view: PeriodReportView) {
  return {
    status: view.status,
    ...(view.onTime === undefined ? {} : { onTime: view.onTime }),
    ...(view.submittedAt ? { submittedAt: view.submittedAt } : {}),
  };
}

function householdsOf(report: PeriodReport): { householdsTotal?: number } {
  const total = report.entered["households.total"]?.value;
  return total === undefined ? {} : { householdsTotal: total };
}

function enteredValues(report: PeriodReport): Record<string, number> {
  return Object.fromEntries(Object.entries(report.entered).map(([code, entry]) => [code, entry.value]));
}

function requireStatus(report: PeriodReport, allowed: PeriodStatus[], field: string, message: { vi: string; en: string }): void {
  if (!allowed.includes(report.status)) throw new RuleError(field, message.vi, message.en);
}
