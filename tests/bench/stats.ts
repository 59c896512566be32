import { readFileSync } from "node:fs";

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

/**
 * CPU time (user + system, ms) a process has used so far, from Linux's /proc (clock ticks of
 * 10 ms, the kernel's USER_HZ); undefined elsewhere or once it has exited.
 */
function processCpuMs(pid: number): number | undefined {
  try {
    const fields = (readFileSync(`/proc/${String(pid)}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Runs `task` `total` times (at most `concurrency` in flight) and answers the CPU each process
 * spent per call, in ms: the named processes (by pid) and this one, the load generator. On a
 * machine where every part shares the same cores, this says where a request's time goes.
 */
export async function cpuPerCall(
  task: () => Promise<void>,
  total: number,
  concurrency: number,
  pids: Record<string, number>,
): Promise<Record<string, number> | undefined> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
  const self = process.cpuUsage();
  await runLoad(task, total, concurrency);
  const own = process.cpuUsage(self);
  const perCall: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const [start, end] = [before[name], processCpuMs(pid)];
    if (start === undefined || end === undefined) return undefined;
    perCall[name] = (end - start) / total;
  }
  perCall["load generator"] = (own.user + own.system) / 1000 / total;
  return perCall;
}
