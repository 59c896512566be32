/**
 * /can-bo/thong-ke/: the province dashboard (GET /api/statistics/dashboard — one answer for every
 * commune), sortable by any column and filtered by name, each figure a link to the list behind it;
 * and a period's submission state (GET /api/statistics/province/periods/{period}). Exports are
 * fetched with the officer's token and saved as files. An API 404 means "not allowed".
 */
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { download } from "./download.ts";
import { session } from "./gate.ts";
import { vietnamLocalMinute } from "./report-view.ts";

interface DashboardRow {
  code: string;
  name: string;
  [figure: string]: string | number;
}

const statusLabels: Record<string, string> = { draft: "Chưa nộp", submitted: "Đã nộp", returned: "Bị trả lại", approved: "Đã duyệt" };

/**
 * The list behind a figure: the commune's inbox or case list, filtered. "Waiting over 48 h" opens
 * the new reports received before the dashboard's own cut-off (`waitingReceivedBefore`, whole
 * minutes), written as the inbox's Vietnam-time control reads it: the list holds the reports counted.
 */
function linkFor(root: HTMLElement, key: string, commune: string, waitingReceivedBefore: string): string {
  const cases = root.dataset.cases ?? "/can-bo/vu-viec/";
  const reports = root.dataset.reports ?? "/can-bo/tin-bao/";
  if (key === "reportsWaiting48h") return `${reports}?commune=${commune}&status=new&receivedBefore=${vietnamLocalMinute(waitingReceivedBefore)}`;
  if (key === "reports.new") return `${reports}?commune=${commune}&status=new`;
  if (key === "overdueFollowUps") return `${cases}?commune=${commune}&overdue=true`;
  if (key === "cases.urgent") return `${cases}?commune=${commune}&priority=urgent`;
  if (key.startsWith("cases.")) return `${cases}?commune=${commune}&status=${key.slice("cases.".length)}`;
  return `${cases}?commune=${commune}`;
}

async function main(): Promise<void> {
  await session;
  const root = required<HTMLElement>("[data-dashboard]");
  const rowsBody = required<HTMLTableSectionElement>("[data-dashboard-rows]");
  const status = required<HTMLElement>("[data-dashboard-status]");
  const filter = required<HTMLInputElement>("[data-dashboard-filter]");
  const attention = required<HTMLInputElement>("[data-dashboard-attention]");
  const keys = [...document.querySelectorAll<HTMLButtonElement>("[data-sort]")].map((button) => button.dataset.sort ?? "name");
  let rows: DashboardRow[] = [];
  let waitingReceivedBefore = "";
  let sortKey = "name";
  let ascending = true;

  try {
    ({ communes: rows, waitingReceivedBefore } = await api<{ communes: DashboardRow[]; waitingReceivedBefore: string }>("/api/statistics/dashboard"));
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) {
      required<HTMLElement>("[data-not-allowed]").hidden = false;
      return;
    }
    throw error;
  }
  root.hidden = false;

  function render(): void {
    const needle = filter.value.trim().toLocaleLowerCase("vi");
    const figures = keys.filter((key) => key !== "name");
    const shown = rows
      .filter((row) => row.name.toLocaleLowerCase("vi").includes(needle))
      .filter((row) => !attention.checked || figures.some((key) => Number(row[key]) > 0))
      .sort((a, b) => {
        const order = sortKey === "name" ? a.name.localeCompare(b.name, "vi") : Number(a[sortKey]) - Number(b[sortKey]);
        return ascending ? order : -order;
      });
    rowsBody.replaceChildren(
      ...shown.map((row) => {
        const line = document.createElement("tr");
        const name = document.createElement("th");
        name.scope = "row";
        name.textContent = row.name;
        line.append(name);
        for (const key of figures) {
          const cell = line.insertCell();
          const value = Number(row[key]);
          if (value > 0) {
            const link = document.createElement("a");
            link.href = linkFor(root, key, row.code, waitingReceivedBefore);
            link.textContent = String(value);
            link.dataset.figure = `${row.code}:${key}`;
            cell.append(link);
          } else cell.textContent = "0";
        }
        return line;
      }),
    );
    status.textContent = `${String(shown.length)}/${String(rows.length)} xã, phường`;
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-sort]")) {
      const header = button.closest("th");
      header?.setAttribute("aria-sort", button.dataset.sort === sortKey ? (ascending ? "ascending" : "descending") : "none");
    }
  }

  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-sort]")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort ?? "name";
      ascending = key === sortKey ? !ascending : key === "name";
      sortKey = key;
      render();
    });
  }
  filter.addEventListener("input", render);
  attention.addEventListener("change", render);
  render();

  const period = required<HTMLSelectElement>("[data-period-select]");
  const periodRows = required<HTMLTableSectionElement>("[data-period-rows]");
  const periodStatus = required<HTMLElement>("[data-period-status]");
  required<HTMLElement>("[data-period]").hidden = false;
  async function loadPeriod(): Promise<void> {
    const body = await api<{
      completeness: {
        submitted: number;
        onTime: number;
        late: number;
        returned: number;
        approved: number;
        total: number;
        communes: { code: string; name: string; status: string; onTime?: boolean }[];
      };
    }>(`/api/statistics/province/periods/${period.value}`);
    const c = body.completeness;
    periodStatus.textContent = `Đã nộp ${String(c.submitted)}/${String(c.total)} (đúng hạn ${String(c.onTime)}, muộn ${String(c.late)}), bị trả lại ${String(c.returned)}, đã duyệt ${String(c.approved)}.`;
    periodRows.replaceChildren(
      ...c.communes.map((entry) => {
        const line = document.createElement("tr");
        const name = document.createElement("th");
        name.scope = "row";
        const link = document.createElement("a");
        link.href = `${root.dataset.communePage ?? ""}?xa=${entry.code}&ky=${period.value}`;
        link.textContent = entry.name;
        name.append(link);
        line.append(name);
        line.insertCell().textContent = statusLabels[entry.status] ?? entry.status;
        line.insertCell().textContent = entry.onTime === undefined ? "—" : entry.onTime ? "Đúng hạn" : "Muộn";
        return line;
      }),
    );
  }
  period.addEventListener("change", () => void loadPeriod());
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-export]")) {
    button.addEventListener("click", () => {
      const format = button.dataset.export ?? "xlsx";
      void download(`/api/statistics/province/periods/${period.value}/export?format=${format}`, `thong-ke-tinh-${period.value}.${format}`);
    });
  }
  await loadPeriod();
}

void main();
