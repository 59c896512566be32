/** Small statistics for the benchmark: percentiles over raw samples, and ratio formatting. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const median = (samples: number[]) => percentile(samples, 50);

export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;

/** Runs `task` `total` times with at most `concurrency` in flight; returns each call's latency in ms. */
export async function runLoad(task: () => Promise<void>, total: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      const begin = performance.now();
      await task();
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

/**
 * Loads of an endpoint and of its raw baseline, taken in alternating rounds (`total` calls each,
 * `rounds` slices): on a shared machine whose background load drifts over minutes, both sides
 * then see the same conditions, and their ratio means something even when absolute times do not.
 */
export async function interleavedLoads(
  api: () => Promise<void>,
  raw: () => Promise<void>,
  total: number,
  concurrency: number,
  rounds = 8,
): Promise<{ api: number[]; raw: number[] }> {
  const result = { api: [] as number[], raw: [] as number[] };
  const slice = Math.ceil(total / rounds);
  for (let round = 0; round < rounds; round++) {
    result.api.push(...(await runLoad(api, slice, concurrency)));
    result.raw.push(...(await runLoad(raw, slice, concurrency)));
  }
  return result;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => String(row[column]).length))) ?? [];
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column] ?? 0)).join("  ")).join("\n");
}
