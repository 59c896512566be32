import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Published, publicFigures, suppressLine } from "../../functions/statistics/public.ts";
import type { PeriodReport } from "../../functions/statistics/service.ts";

/**
 * Small-cell suppression: an attacker takes everything published and tries to work out each hidden
 * cell. It knows the rule: "<10" is 1–9, "*" is a cell hidden to protect another (so 10 or more, or it
 * would read "<10"), zero is shown, and a table's cells add up to its total. It enumerates every
 * assignment of the hidden cells that fits; a cell is recovered when only one value fits. It must
 * recover none — while every cell from 1 to 9 is indeed hidden, and nothing else is changed.
 */
const cap = 400;

function range(label: Published, total: number): [number, number] {
  if (label === "<10") return [1, 9];
  if (label === "*") return [10, total];
  return [label, label];
}

/** The values each hidden cell can take, consistent with everything the line publishes. */
function feasibleValues(cells: Published[], total: Published): Map<number, Set<number>> {
  const shown = cells.reduce<number>((sum, cell) => (typeof cell === "number" ? sum + cell : sum), 0);
  const hidden = cells.flatMap((cell, index) => (typeof cell === "number" ? [] : [index]));
  const [totalLo, totalHi] = range(total, cap);
  const seen = new Map<number, Set<number>>(hidden.map((index) => [index, new Set<number>()]));
  const values: number[] = [];
  const walk = (position: number, sum: number) => {
    if (shown + sum > totalHi) return;
    if (position === hidden.length) {
      if (shown + sum >= totalLo) {
        values.forEach((value, n) => {
          seen.get(hidden[n] as number)?.add(value);
        });
      }
      return;
    }
    const [lo, hi] = range(cells[hidden[position] as number] as Published, totalHi - shown - sum);
    for (let value = lo; value <= hi; value++) {
      values.push(value);
      walk(position + 1, sum + value);
      values.pop();
    }
  };
  walk(0, 0);
  return seen;
}

function expectUnrecoverable(cells: Published[], total: Published, truth: number[]) {
  for (const [index, values] of feasibleValues(cells, total)) {
    expect(values.has(truth[index] as number), "the truth fits what is published").toBe(true);
    expect(values.size, `cell ${String(index)} of ${JSON.stringify(cells)} / ${String(total)} is recoverable`).toBeGreaterThan(1);
  }
}

const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 40 }));

describe("small-cell suppression", () => {
  it("hides every count from 1 to 9, shows zeros and large counts, and no hidden cell can be recovered", () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 2, maxLength: 5 }), (truth) => {
        const total = truth.reduce((sum, n) => sum + n, 0);
        const { cells, total: shownTotal } = suppressLine({ cells: truth, total });
        truth.forEach((n, index) => {
          if (n >= 1 && n <= 9) expect(cells[index]).toBe("<10");
          if (typeof cells[index] === "number") expect(cells[index]).toBe(n);
          if (n === 0) expect(cells[index]).toBe(0);
        });
        if (typeof shownTotal === "number") expect(shownTotal).toBe(total);
        expectUnrecoverable(cells, shownTotal, truth);
      }),
      { numRuns: 400 },
    );
  });

  it("cannot be undone by subtraction: a single small cell beside large ones takes a companion", () => {
    const { cells, total } = suppressLine({ cells: [3, 25, 40], total: 68 });
    expect(cells).toEqual(["<10", "*", 40]);
    expect(total).toBe(68);
    expectUnrecoverable(cells, total, [3, 25, 40]);
  });

  it("publishes only approved yearly figures, every table unrecoverable, headline numbers as in their tables", () => {
    const victimCounters = fc.record({
      "victims.female.18-59": count,
      "victims.female.under-16": count,
      "victims.male.18-59": count,
      "victims.male.60-plus": count,
      "reports.channel.online": count,
      "reports.channel.hotline": count,
      "reports.channel.walk-in": count,
      "perpetrators.male": count,
      "perpetrators.female": count,
      "closed.reason.violence-ended": count,
      "closed.reason.other": count,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(victimCounters, fc.constantFrom("approved", "submitted", "draft")), { minLength: 1, maxLength: 3 }), (communes) => {
        const reports = communes.map(
          ([counters, status], n): PeriodReport => ({
            period: "2026",
            commune: String(37000 + n),
            status: status as PeriodReport["status"],
            version: 3,
            entered: {},
            corrections: {},
            history: [],
            ...(status === "approved" ? { approvedCounters: counters } : {}),
          }),
        );
        const figures = publicFigures("2026", reports, 129);
        expect(figures.approvedCommunes).toBe(communes.filter(([, status]) => status === "approved").length);
        // The truth of each public table: the approved communes' counters only.
        const approved = communes.filter(([, status]) => status === "approved").map(([counters]) => counters as Record<string, number>);
        const truthOf = (prefix: string, code: string) => approved.reduce((sum, counters) => sum + (counters[`${prefix}${code}`] ?? 0), 0);
        for (const table of figures.tables) {
          const truth = table.rows.map((row) => {
            if (table.code === "victims-by-sex")
              return ["under-16", "16-17", "18-59", "60-plus", "unknown"].reduce((sum, band) => sum + truthOf(`victims.${row.code}.`, band), 0);
            if (table.code === "victims-by-age")
              return ["female", "male", "other", "unknown"].reduce((sum, sex) => sum + truthOf(`victims.${sex}.`, row.code), 0);
            const prefix = { "report-channels": "reports.channel.", perpetrators: "perpetrators.", closed: "closed.reason." }[table.code] ?? "";
            return truthOf(prefix, row.code);
          });
          expectUnrecoverable(
            table.rows.map((row) => row.value),
            table.total,
            truth,
          );
        }
        const totalOf = (code: string) => figures.tables.find((table) => table.code === code)?.total;
        expect(figures.headline.find((entry) => entry.code === "victims")?.value).toEqual(totalOf("victims-by-sex"));
        expect(totalOf("victims-by-age")).toEqual(totalOf("victims-by-sex"));
        expect(figures.headline.find((entry) => entry.code === "reports")?.value).toEqual(totalOf("report-channels"));
      }),
      { numRuns: 60 },
    );
  });
});
