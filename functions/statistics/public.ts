import type { Bilingual } from "../../shared/labels.ts";
import type { Counters } from "./contributions.ts";
import { addCounters, indicatorTables } from "./figures.ts";
import type { PeriodReport } from "./service.ts";

/**
 * The public figures: approved yearly reports only, added up for the province, and small cells
 * suppressed BEFORE anything leaves the API.
 *
 * The rule (docs/statistics.md): a count from 1 to 9 is shown as "<10" (primary suppression); zero
 * is shown. Complementary suppression then hides more cells ("*") until no hidden cell can be
 * worked out from what is published — by subtraction from its table's total, or by the bounds the
 * labels give away (a "<10" is 1–9; a "*" is at least 10, since a smaller one would be "<10"). Each
 * published table is one line (its cells add up to its total), and the tables share nothing but
 * totals, which are published identically (the headline numbers are the tables' totals).
 */
export type Published = number | "<10" | "*";

export interface PublicTable {
  code: string;
  name: Bilingual;
  rows: { code: string; vi: string; en: string; value: Published }[];
  total: Published;
}

export interface PublicFigures {
  year: string;
  /** Communes whose yearly report is approved (only they count), of all communes. */
  approvedCommunes: number;
  communes: number;
  headline: { code: string; vi: string; en: string; value: Published }[];
  tables: PublicTable[];
}

interface Line {
  cells: number[];
  total: number;
}

/** The values a hidden cell may take, as its label says. */
const bounds = (label: Published): [number, number] => (label === "<10" ? [1, 9] : label === "*" ? [10, Number.POSITIVE_INFINITY] : [label, label]);

/** Can some hidden cell of the line be pinned to one value from the line's labels? (The published line's own attack.) */
export function pinnedCell(cells: Published[], total: Published): number | undefined {
  const [totalLo, totalHi] = bounds(total);
  const shown = cells.reduce<number>((sum, cell) => (typeof cell === "number" ? sum + cell : sum), 0);
  const hidden = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => typeof cell !== "number");
  for (const { cell, index } of hidden) {
    const [lo, hi] = bounds(cell);
    const others = hidden.filter((entry) => entry.index !== index).map((entry) => bounds(entry.cell));
    const othersLo = others.reduce((sum, [a]) => sum + a, 0);
    const othersHi = others.reduce((sum, [, b]) => sum + b, 0);
    const min = Math.max(lo, totalLo - shown - othersHi);
    const max = Math.min(hi, totalHi - shown - othersLo);
    if (min >= max) return index;
  }
  return undefined;
}

/** Suppresses one line: primaries, then complements (the smallest shown non-zero cell, else the total) until nothing is pinned. */
export function suppressLine(line: Line): { cells: Published[]; total: Published } {
  const small = (n: number) => n >= 1 && n <= 9;
  const cells: Published[] = line.cells.map((n) => (small(n) ? "<10" : n));
  let total: Published = small(line.total) ? "<10" : line.total;
  for (let guard = 0; guard <= line.cells.length + 1 && pinnedCell(cells, total) !== undefined; guard++) {
    const candidates = line.cells.map((n, index) => ({ n, index })).filter(({ n, index }) => n > 0 && typeof cells[index] === "number");
    const smallest = candidates.sort((a, b) => a.n - b.n)[0];
    if (smallest !== undefined) cells[smallest.index] = "*";
    else if (typeof total === "number") total = "*";
    else break;
  }
  // Nothing left to hide behind: hide the whole line.
  const hide = (n: number): Published => (n === 0 ? 0 : small(n) ? "<10" : "*");
  if (pinnedCell(cells, total) !== undefined) return { cells: line.cells.map(hide), total: hide(line.total) };
  return { cells, total };
}

/** The tables the public sees (a subset of the indicators, additive ones: each a partition of its total). */
const publicTables = ["report-channels", "victims-by-sex", "victims-by-age", "perpetrators", "closed"] as const;

export function publicFigures(year: string, reports: PeriodReport[], communes: number): PublicFigures {
  const approved = reports.filter((report) => report.period === year && report.status === "approved" && report.approvedCounters);
  const counters: Counters = addCounters(...approved.map((report) => report.approvedCounters));
  const tables = indicatorTables(counters);
  const byCode = new Map(tables.map((table) => [table.code, table]));
  const victims = byCode.get("victims");
  const lines: PublicTable[] = [];
  for (const code of publicTables) {
    let name: Bilingual;
    let rows: { code: string; vi: string; en: string; n: number }[];
    if (code === "victims-by-sex" || code === "victims-by-age") {
      if (victims === undefined) continue;
      const baseColumns = victims.columns.filter((column) => column.code !== "16-59");
      if (code === "victims-by-sex") {
        name = { vi: "Người bị bạo lực theo giới tính", en: "Victims by sex" };
        rows = victims.rows.map((row) => ({ ...row, n: baseColumns.reduce((sum, _, index) => sum + (row.cells[index]?.value ?? 0), 0) }));
      } else {
        name = { vi: "Người bị bạo lực theo độ tuổi", en: "Victims by age" };
        rows = baseColumns.map((column, index) => ({ ...column, n: victims.rows.reduce((sum, row) => sum + (row.cells[index]?.value ?? 0), 0) }));
      }
    } else {
      const table = byCode.get(code);
      if (table === undefined) continue;
      name = table.name;
      rows = table.rows.map((row) => ({ code: row.code, vi: row.vi, en: row.en, n: row.cells[0]?.value ?? 0 }));
    }
    const suppressed = suppressLine({ cells: rows.map((row) => row.n), total: rows.reduce((sum, row) => sum + row.n, 0) });
    lines.push({
      code,
      name,
      rows: rows.map((row, index) => ({ code: row.code, vi: row.vi, en: row.en, value: suppressed.cells[index] ?? "*" })),
      total: suppressed.total,
    });
  }
  // Headline numbers are tables' totals, published exactly as in their table (never a second, finer figure).
  const totalOf = (code: string) => lines.find((line) => line.code === code)?.total ?? 0;
  // The two victims tables count the same people: their total must read the same in both.
  const victimsTotals = lines.filter((line) => line.code.startsWith("victims-"));
  if (victimsTotals.some((line) => line.total !== victimsTotals[0]?.total)) for (const line of victimsTotals) line.total = "*";
  return {
    year,
    approvedCommunes: approved.length,
    communes,
    headline: [
      { code: "reports", vi: "Tin báo tiếp nhận", en: "Reports received", value: totalOf("report-channels") },
      { code: "victims", vi: "Người bị bạo lực", en: "Victims", value: totalOf("victims-by-sex") },
      { code: "closed", vi: "Vụ việc đã kết thúc", en: "Cases closed", value: totalOf("closed") },
    ],
    tables: lines,
  };
}
