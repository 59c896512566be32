/**
 * The local runtime's stand-in for the oversight function's daily schedule (EventBridge Scheduler
 * at 07:00 Vietnam time in AWS): every hour the same handler runs its reminder job; the job itself
 * sends at most one message per officer and Vietnam day (into `.data/outbox`), so running it hourly
 * is harmless and a laptop that was asleep at 07:00 still reminds. Same code path as in AWS.
 */
export function startOversightScheduler(options: { everyMs?: number; log?: (line: string) => void } = {}): {
  stop: () => void;
  runOnce: () => Promise<number>;
} {
  const log = options.log ?? (() => {});
  let running = false;
  const runOnce = async () => {
    const { handler } = await import("../../functions/oversight/handler.ts");
    const result = (await handler({ source: "pcblgd.scheduler", job: "oversight-reminders" }, {} as never)) as { count: number };
    if (result.count > 0) log(`nhắc việc kế hoạch, kiểm tra / oversight reminders: ${String(result.count)}`);
    return result.count;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runOnce()
      .catch((error: unknown) => log(`nhắc việc lỗi / oversight reminders failed: ${(error as Error).name}`))
      .finally(() => {
        running = false;
      });
  }, options.everyMs ?? 3_600_000);
  timer.unref();
  // The first run shortly after start, so a demo shows the day's reminders at once.
  setTimeout(() => void runOnce().catch(() => {}), 5_000).unref();
  return { stop: () => clearInterval(timer), runOnce };
}
