/**
 * Oversight counts (components/officer/OversightDue.astro): a province officer who manages
 * oversight sees what is overdue province-wide (GET /api/oversight/overdue); a commune officer sees
 * their communes' overdue and soon-due tasks and recommendations (GET /api/communes/{c}/oversight).
 * Each count links to the oversight page, at the part that lists them.
 */
import { type DueCounts, dueCounts, dueSoonDays } from "../../../../shared/oversight.ts";
import { addDays, vietnamDay } from "../../../../shared/vietnam-time.ts";
import { api } from "./api.ts";
import { required } from "./dom.ts";
import { session } from "./gate.ts";
import { may } from "./me.ts";

type Work = Parameters<typeof dueCounts>[0];

async function counts(): Promise<{ counts: DueCounts; anchor: string; shown: (keyof DueCounts)[] } | undefined> {
  const { me } = await session;
  const soonUntil = addDays(vietnamDay(new Date()), dueSoonDays);
  if (me.jurisdiction.kind === "province") {
    if (!may(me, "oversight:manage")) return undefined;
    const overdue = await api<Work>("/api/oversight/overdue");
    return { counts: dueCounts(overdue, soonUntil), anchor: "#overdue-heading", shown: ["overdueTasks", "overdueRecommendations"] };
  }
  if (!may(me, "oversight:read")) return undefined;
  const works = await Promise.all(me.jurisdiction.communes.map((commune) => api<Work>(`/api/communes/${encodeURIComponent(commune)}/oversight`)));
  const all = { tasks: works.flatMap((work) => work.tasks), recommendations: works.flatMap((work) => work.recommendations) };
  return { counts: dueCounts(all, soonUntil), anchor: "#commune-heading", shown: ["overdueTasks", "overdueRecommendations", "dueSoon"] };
}

async function main(root: HTMLElement): Promise<void> {
  const status = required<HTMLElement>("[data-due-status]", root);
  let found: Awaited<ReturnType<typeof counts>>;
  try {
    found = await counts();
  } catch {
    root.hidden = false;
    status.textContent = root.dataset.failed ?? "";
    return;
  }
  if (found === undefined) return;
  root.hidden = false;
  for (const card of root.querySelectorAll<HTMLElement>("[data-due]")) {
    const key = card.dataset.due as keyof DueCounts;
    card.hidden = !found.shown.includes(key);
    required<HTMLElement>("[data-due-count]", card).textContent = String(found.counts[key]);
    required<HTMLAnchorElement>("[data-due-link]", card).href = `${root.dataset.href ?? ""}${found.anchor}`;
  }
  status.textContent = found.shown.some((key) => found.counts[key] > 0) ? "" : (root.dataset.none ?? "");
}

const root = document.querySelector<HTMLElement>("[data-oversight-due]");
if (root) void main(root);
