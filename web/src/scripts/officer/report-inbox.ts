/**
 * /can-bo/tin-bao/: a commune's inbox — urgent first, then newest; counts for the commune; filters
 * by status, channel, dates and "received before" (the dashboard's 48 h figure links here). The list mechanics (jurisdiction, load more, errors, not allowed)
 * are commune-list.ts's.
 */
import type { InboxItem, InboxPage } from "../../../../shared/reports.ts";
import { api } from "./api.ts";
import { runCommuneList } from "./commune-list.ts";
import { required } from "./dom.ts";
import { fill } from "./me.ts";
import { actNames, channelName, statusName, victimSummary, vietnamLocalToIso, vietnamTime } from "./report-view.ts";

const counts = required<HTMLElement>("[data-inbox-counts]");

void runCommuneList<InboxItem, InboxPage & { cursor?: string }>({
  root: "[data-inbox]",
  form: "#inbox-filter",
  list: "[data-inbox-list]",
  status: "[data-inbox-status]",
  template: "#inbox-item",
  // "Received before" is a datetime-local control read as Vietnam time (the address carries it the
  // same way, `?receivedBefore=2026-12-04T10:30`); the API takes the instant with its offset.
  query: (read) => ({
    status: read("status"),
    channel: read("channel"),
    from: read("from"),
    to: read("to"),
    receivedBefore: vietnamLocalToIso(read("receivedBefore")) ?? read("receivedBefore"),
  }),
  fetch: async (commune, query) => {
    const page = await api<InboxPage>(`/api/communes/${encodeURIComponent(commune)}/reports`, { query });
    return { ...page, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) };
  },
  render: (item, row, field, msg) => {
    row.dataset.urgent = String(item.urgent);
    row.dataset.reportId = item.id;
    const link = field("link") as HTMLAnchorElement;
    link.href = `${msg("detailHref")}?id=${encodeURIComponent(item.id)}`;
    link.textContent = `${link.textContent ?? ""} ${vietnamTime(item.receivedAt)}`;
    field("urgent").hidden = !(item.urgent && item.status === "new");
    // Asked to another commune and not yet accepted: still here, marked "đang chuyển".
    field("transfer").hidden = item.transfer === undefined;
    const received = field("received");
    received.setAttribute("datetime", item.receivedAt);
    received.textContent = vietnamTime(item.receivedAt);
    field("status").textContent = statusName(item.status);
    field("channel").textContent = channelName(item.channel);
    field("acts").textContent = actNames(item.acts, true);
    field("victim").textContent = victimSummary(item.victim);
    field("additions").textContent = String(item.additions);
  },
  showPage: (page, msg) => {
    counts.textContent = fill(msg("msgCounts"), { total: page.counts.total, new: page.counts.byStatus.new ?? 0, urgent: page.counts.urgentNew });
  },
  restart: () => {
    counts.textContent = "";
  },
});
