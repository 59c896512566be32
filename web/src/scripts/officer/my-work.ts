/**
 * My work (components/officer/MyWorkList.astro): GET /api/my-work once, the counts, and the lines
 * grouped by kind — each a link to the case page at its section (`#followups-heading`,
 * `#measures-heading`, `#referrals-heading`) or to the report. The compact block on the officer
 * home shows the first lines of each group only.
 */
import type { CaseSection, MyWork, WorkLine } from "../../../../shared/case-work.ts";
import { dayLabel } from "../../../../shared/vietnam-time.ts";
import { api } from "./api.ts";
import { required } from "./dom.ts";
import { session } from "./gate.ts";
import { fill, may } from "./me.ts";
import { vietnamTime } from "./report-view.ts";

const anchors: Record<CaseSection, string> = {
  summary: "status-heading",
  followups: "followups-heading",
  measures: "measures-heading",
  referrals: "referrals-heading",
};

async function main(root: HTMLElement): Promise<void> {
  const { me } = await session;
  if (!may(me, "case:read") && !may(me, "report:read")) return;
  const msg = (key: string) => root.dataset[key] ?? "";
  const status = required<HTMLElement>("[data-work-status]", root);
  const work = await api<MyWork>("/api/my-work");
  status.textContent = "";
  for (const [key, value] of Object.entries(work.counts)) {
    const target = root.querySelector<HTMLElement>(`[data-work-count="${key}"]`);
    if (target) target.textContent = String(value);
  }
  required<HTMLElement>("[data-work-commune]", root).hidden = work.scope !== "commune";
  const compact = root.dataset.myWork === "compact";

  const link = (line: WorkLine): HTMLAnchorElement => {
    const anchor = document.createElement("a");
    if (line.caseId !== undefined) {
      anchor.href = `${msg("caseHref")}?id=${encodeURIComponent(line.caseId)}#${anchors[line.section ?? "summary"]}`;
      const when =
        line.kind === "order-ending"
          ? fill(msg("msgEnds"), { at: vietnamTime(line.when) })
          : line.kind === "referral-unanswered"
            ? fill(msg("msgSent"), { day: dayLabel(line.when) })
            : line.kind === "assigned"
              ? ""
              : fill(msg("msgDue"), { day: dayLabel(line.when) });
      anchor.textContent = [fill(msg("msgCase"), { number: line.caseNumber ?? "" }), when].filter(Boolean).join(" — ");
    } else {
      anchor.href = `${msg("reportHref")}?id=${encodeURIComponent(line.reportId ?? "")}`;
      anchor.textContent = fill(msg("msgReport"), { at: vietnamTime(line.when) });
    }
    anchor.dataset.workLine = line.kind;
    return anchor;
  };

  for (const group of root.querySelectorAll<HTMLElement>("[data-work-group]")) {
    const lines = work.lines.filter((line) => line.kind === group.dataset.workGroup);
    group.hidden = lines.length === 0;
    required<HTMLElement>("[data-work-group-count]", group).textContent = String(lines.length);
    required<HTMLElement>("[data-work-lines]", group).replaceChildren(
      ...(compact ? lines.slice(0, 3) : lines).map((line) => {
        const item = document.createElement("li");
        item.append(link(line));
        return item;
      }),
    );
  }
  required<HTMLElement>("[data-work-empty]", root).hidden = work.lines.length > 0;
}

const root = document.querySelector<HTMLElement>("[data-my-work]");
if (root) void main(root);
