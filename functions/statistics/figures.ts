import type { Bilingual } from "../../shared/labels.ts";
import {
  derivedColumns,
  type Heading,
  type IndicatorDefinition,
  indicators,
  legalReferences,
  programTargets,
  unitLabels,
} from "../../shared/statistics-indicators.ts";
import type { Counters } from "./contributions.ts";

/**
 * Counters → the indicator tables (shared/statistics-indicators.ts), the same for the page, the
 * XLSX and CSV exports and the public figures. Entered items come from the commune's period
 * report; a correction replaces a computed cell and keeps the computed value beside it.
 */
export interface Cell {
  value: number;
  /** The computed value, when an entered correction replaced it. */
  computed?: number;
  reason?: string;
}

export interface IndicatorTable {
  code: string;
  name: Bilingual;
  unit: Bilingual;
  source: "computed" | "entered";
  legal: Bilingual[];
  columns: Heading[];
  rows: (Heading & { cells: Cell[] })[];
  /** The total row: the sum of the rows (additive tables) or its own counter. */
  total?: Cell[];
  additive: boolean;
  note?: Bilingual;
}

export interface Correction {
  value: number;
  reason: string;
  by: string;
  at: string;
}

const countColumn: Heading = { code: "count", vi: "Số lượng", en: "Count" };

/** Sum of counters by name; `prefix.*` adds every counter under the prefix. */
export function counterValue(counters: Counters, name: string): number {
  if (name.endsWith(".*")) {
    const prefix = name.slice(0, -1);
    return Object.entries(counters).reduce((total, [counter, n]) => (counter.startsWith(prefix) ? total + n : total), 0);
  }
  return counters[name] ?? 0;
}

export function addCounters(...all: (Counters | undefined)[]): Counters {
  const total: Counters = {};
  for (const counters of all) for (const [name, n] of Object.entries(counters ?? {})) total[name] = (total[name] ?? 0) + n;
  return total;
}

export const cellKey = (indicator: string, row: string, column: string) => `${indicator}/${row}/${column}`;

function table(definition: IndicatorDefinition, counters: Counters, entered: Record<string, number>, corrections: Record<string, Correction>): IndicatorTable {
  const baseColumns = definition.columns ?? [countColumn];
  const derived = derivedColumns[definition.code] ?? [];
  const columns = [...baseColumns, ...derived.map(({ code, vi, en }) => ({ code, vi, en }))];
  const raw = (row: string, column: string) => {
    const name = definition.counter.replace("{row}", row).replace("{column}", column);
    return definition.source === "entered" ? (entered[name] ?? 0) : counterValue(counters, name);
  };
  const cellOf = (row: string, column: string): Cell => {
    const derivedColumn = derived.find((entry) => entry.code === column);
    const computed = derivedColumn ? derivedColumn.of.reduce((total, part) => total + raw(row, part), 0) : raw(row, column);
    const correction = corrections[cellKey(definition.code, row, column)];
    return correction ? { value: correction.value, computed, reason: correction.reason } : { value: computed };
  };
  const rows = definition.rows.map((row) => ({ ...row, cells: columns.map((column) => cellOf(row.code, column.code)) }));
  let total: Cell[] | undefined;
  if (definition.additive) total = columns.map((_, index) => ({ value: rows.reduce((sum, row) => sum + (row.cells[index]?.value ?? 0), 0) }));
  else if (definition.total !== undefined) {
    const template = definition.total;
    total = columns.map((column) => ({ value: counterValue(counters, template.replace("{column}", column.code)) }));
  }
  return {
    code: definition.code,
    name: definition.name,
    unit: unitLabels[definition.unit],
    source: definition.source,
    legal: definition.legal.map((reference) => legalReferences[reference]),
    columns,
    rows,
    ...(total ? { total } : {}),
    additive: definition.additive,
    ...(definition.note ? { note: definition.note } : {}),
  };
}

export function indicatorTables(counters: Counters, entered: Record<string, number> = {}, corrections: Record<string, Correction> = {}): IndicatorTable[] {
  return indicators.map((definition) => table(definition, counters, entered, corrections));
}

export interface TargetView extends Heading {
  target: number;
  /** Percent, one decimal; undefined = no data yet (never a guess) — or only a count (`numerator`) with no known denominator. */
  measured?: number;
  numerator?: number;
  denominator?: number;
  /** For a target measured over the communes that entered its total (staff trained): how many did, of how many read. */
  communesMeasured?: number;
  communes?: number;
}

/**
 * The prevention network's figures of a yearly period (functions/prevention/figures.ts), added over
 * the communes read: what the targets without a counter are measured on.
 */
export interface PreventionReach {
  communes: number;
  /** Communes with a model that ran at least one activity in the year. */
  communesWithModel: number;
  /** Activities recorded in the year: none at all means the register is not in use — no data, not 0 %. */
  activities: number;
  householdsReached: number;
  /** Total households the same communes entered (`households.total`); 0 when none did. */
  householdsTotal: number;
  /**
   * Staff trained, over the communes that entered a staff count above zero (prevention "staff"):
   * `trained` adds each such commune's course completions capped at its count (a person who
   * completed two courses counts twice in the register, never above 100 % of a commune's staff),
   * `count` adds their counts. Undefined when no commune entered one: the target then says "no data".
   */
  staff?: { trained: number; count: number; communes: number };
}

/** One commune's prevention figures as the statistics read them (functions/prevention/figures.ts). */
export interface CommunePreventionFigures {
  activities: number;
  households: number;
  staffTrained: number;
  modelsRunning: number;
  staffCount?: number;
}

/**
 * The reach of the communes read: `communes[i]` and `figures[i]` are the same commune.
 * Households reached and staff trained are measured over the communes that entered their total.
 */
export function preventionReach(communes: readonly { householdsTotal?: number }[], figures: readonly CommunePreventionFigures[]): PreventionReach {
  const withStaff = figures.filter((entry) => entry.staffCount !== undefined && entry.staffCount > 0);
  const staff = withStaff.reduce(
    (sum, entry) => ({
      trained: sum.trained + Math.min(entry.staffTrained, entry.staffCount ?? 0),
      count: sum.count + (entry.staffCount ?? 0),
      communes: sum.communes + 1,
    }),
    { trained: 0, count: 0, communes: 0 },
  );
  return {
    communes: communes.length,
    communesWithModel: figures.filter((entry) => entry.modelsRunning > 0).length,
    activities: figures.reduce((sum, entry) => sum + entry.activities, 0),
    householdsReached: figures.reduce((sum, entry, index) => sum + (communes[index]?.householdsTotal === undefined ? 0 : entry.households), 0),
    householdsTotal: communes.reduce((sum, commune) => sum + (commune.householdsTotal ?? 0), 0),
    ...(staff.communes > 0 ? { staff } : {}),
  };
}

const share = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  measured: Math.round((numerator / denominator) * 1000) / 10,
});

/** The prevention targets (Quyết định 45): measured where the prevention registers say enough; the count alone where no denominator is known. */
const fromPrevention: Record<string, (reach: PreventionReach) => Partial<TargetView>> = {
  "communes-with-model": (reach) => (reach.activities > 0 && reach.communes > 0 ? share(reach.communesWithModel, reach.communes) : {}),
  "households-reached": (reach) =>
    reach.householdsTotal > 0 ? share(reach.householdsReached, reach.householdsTotal) : reach.activities > 0 ? { numerator: reach.householdsReached } : {},
  "staff-trained": (reach) =>
    reach.staff === undefined ? {} : { ...share(reach.staff.trained, reach.staff.count), communesMeasured: reach.staff.communes, communes: reach.communes },
};

export function targetViews(counters: Counters, reach?: PreventionReach): TargetView[] {
  return programTargets.map(({ measure, ...target }) => {
    const prevention = fromPrevention[target.code];
    if (prevention !== undefined) return reach === undefined ? target : { ...target, ...prevention(reach) };
    if (measure === undefined) return target;
    const numerator = counterValue(counters, measure.numerator);
    const denominator = counterValue(counters, measure.denominator);
    if (denominator === 0) return target;
    return { ...target, ...share(numerator, denominator) };
  });
}
