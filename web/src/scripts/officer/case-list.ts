/**
 * /can-bo/vu-viec/: a commune's cases — filters (status, priority, overdue) or search by case
 * number. The list mechanics (jurisdiction, load more, errors, not allowed) are commune-list.ts's.
 */
import type { CaseSummary } from "../../../../shared/cases.ts";
import { api } from "./api.ts";
import { dayLabel, priorityName, statusName, vietnamTime } from "./case-view.ts";
import { runCommuneList } from "./commune-list.ts";

void runCommuneList<CaseSummary, { items: CaseSummary[]; cursor?: string }>({
  root: "[data-case-list-page]",
  form: "#case-filter",
  list: "[data-case-list]",
  status: "[data-case-status]",
  template: "#case-item",
  query: (read): Record<string, string> => {
    const number = read("number").toUpperCase();
    return number ? { number } : { status: read("status"), priority: read("priority"), overdue: read("overdue") === "true" ? "true" : "" };
  },
  fetch: (commune, query) => api(`/api/communes/${encodeURIComponent(commune)}/cases`, { query }),
  render: (item, row, field, msg) => {
    row.dataset.caseId = item.caseId;
    row.dataset.overdue = String(item.overdue);
    const link = field("link") as HTMLAnchorElement;
    link.href = `${msg("detailHref")}?id=${encodeURIComponent(item.caseId)}`;
    link.textContent = item.caseNumber;
    field("urgent").hidden = item.priority !== "urgent" || item.status === "closed";
    field("overdue").hidden = !item.overdue;
    field("alert").hidden = item.alerts.length === 0;
    // Asked to another commune and not yet accepted: still here, marked "đang chuyển".
    field("transfer").hidden = item.transfer === undefined;
    field("status").textContent = statusName(item.status);
    field("priority").textContent = priorityName(item.priority);
    const opened = field("opened");
    opened.setAttribute("datetime", item.openedAt);
    opened.textContent = vietnamTime(item.openedAt);
    field("nextDue").textContent = item.nextDue ? `${dayLabel(item.nextDue)}${item.overdue ? ` — ${msg("msgOverdue")}` : ""}` : "—";
  },
});
