/**
 * /can-bo/thong-ke/xa/?xa=&ky=: one commune's figures and report (GET/PUT/POST
 * /api/statistics/communes/{commune}/periods/{period}…). Every change sends the version read; a
 * 409 reloads the report and says someone changed it meanwhile.
 */
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { download } from "./download.ts";
import { session } from "./gate.ts";

interface Cell {
  value: number;
  computed?: number;
  reason?: string;
}
interface Figures {
  report: { status: string; version: number; dueOn: string; onTime?: boolean; returnReason?: string; entered: Record<string, { value: number }> };
  tables: {
    code: string;
    name: { vi: string };
    unit: { vi: string };
    columns: { code: string; vi: string }[];
    rows: { code: string; vi: string; cells: Cell[] }[];
    total?: Cell[];
    note?: { vi: string };
  }[];
  targets: Target[];
}
interface Target {
  code: string;
  vi: string;
  target: number;
  measured?: number;
  numerator?: number;
  denominator?: number;
  communesMeasured?: number;
  communes?: number;
}

/** The measured value beside its target: a share, a count without a known total, or no data (never a guess). */
function measuredText(target: Target): string {
  if (target.measured !== undefined) {
    const over =
      target.communesMeasured === undefined
        ? ""
        : `, trên ${String(target.communesMeasured)}/${String(target.communes)} xã đã nhập tổng số / over ${String(target.communesMeasured)} of ${String(target.communes)} communes that entered a total`;
    return `đạt ${String(target.measured)}% (${String(target.numerator)}/${String(target.denominator)}${over})`;
  }
  if (target.numerator !== undefined) return `${String(target.numerator)} — chưa có tổng số để tính tỷ lệ / no total to compute a share yet`;
  return "chưa có dữ liệu / no data yet";
}

const statusLabels: Record<string, string> = {
  draft: "Bản nháp",
  submitted: "Đã nộp, chờ tỉnh duyệt",
  returned: "Tỉnh trả lại",
  approved: "Tỉnh đã duyệt (đã khóa)",
};

async function main(): Promise<void> {
  await session;
  const params = new URLSearchParams(window.location.search);
  const commune = params.get("xa") ?? "";
  const period = params.get("ky") ?? String(new Date().getFullYear());
  const base = `/api/statistics/communes/${encodeURIComponent(commune)}/periods/${encodeURIComponent(period)}`;
  const root = required<HTMLElement>("[data-commune-stats]");
  const state = required<HTMLElement>("[data-report-state]");
  const error = required<HTMLElement>("[data-report-error]");
  const form = required<HTMLFormElement>("[data-entered-form]");
  let figures: Figures;

  function table(entry: Figures["tables"][number]): HTMLElement {
    const element = document.createElement("table");
    element.className = "data-table";
    element.dataset.table = entry.code;
    element.createCaption().textContent = `${entry.name.vi} (${entry.unit.vi})${entry.note ? ` — ${entry.note.vi}` : ""}`;
    const head = element.createTHead().insertRow();
    for (const text of ["Chỉ tiêu", ...entry.columns.map((column) => column.vi)]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.append(th);
    }
    const body = element.createTBody();
    const line = (label: string, cells: Cell[]) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      for (const cell of cells) {
        row.insertCell().textContent =
          cell.computed === undefined ? String(cell.value) : `${String(cell.value)} (hệ thống: ${String(cell.computed)}; lý do: ${cell.reason ?? ""})`;
      }
    };
    for (const row of entry.rows) line(row.vi, row.cells);
    if (entry.total) line("Tổng", entry.total);
    return element;
  }

  async function load(): Promise<void> {
    try {
      figures = await api<Figures>(base);
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.status === 404) {
        required<HTMLElement>("[data-not-allowed]").hidden = false;
        return;
      }
      throw problem;
    }
    root.hidden = false;
    const report = figures.report;
    state.textContent = `Kỳ ${period}: ${statusLabels[report.status] ?? report.status}. Hạn nộp ${report.dueOn}${report.onTime === undefined ? "" : report.onTime ? " — nộp đúng hạn" : " — nộp muộn"}.${report.returnReason ? ` Lý do trả lại: ${report.returnReason}` : ""}`;
    for (const input of form.querySelectorAll<HTMLInputElement>("input")) input.value = String(report.entered[input.name]?.value ?? "");
    required<HTMLElement>("[data-tables]").replaceChildren(...figures.tables.map(table));
    required<HTMLElement>("[data-targets]").replaceChildren(
      ...figures.targets.map((target) => {
        const item = document.createElement("li");
        item.textContent = `${target.vi}: mục tiêu ${String(target.target)}% — ${measuredText(target)}`;
        return item;
      }),
    );
  }

  async function act(action: string): Promise<void> {
    error.hidden = true;
    const reason = required<HTMLInputElement>("[data-reason]").value.trim();
    const body: Record<string, unknown> = { expectedVersion: figures.report.version };
    if (action === "return" || action === "reopen") body.reason = reason;
    if (action === "enter") {
      const entered: Record<string, number | null> = {};
      for (const input of form.querySelectorAll<HTMLInputElement>("input")) entered[input.name] = input.value === "" ? null : Number(input.value);
      body.entered = entered;
    }
    try {
      await api(action === "enter" ? base : `${base}/${action}`, { method: action === "enter" ? "PUT" : "POST", body });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      error.textContent =
        problem.status === 409
          ? "Báo cáo vừa được người khác thay đổi; đã tải lại bản mới nhất. / Someone changed the report meanwhile; reloaded."
          : (problem.problem.errors?.map((entry) => entry.message).join(" ") ?? problem.problem.title);
      error.hidden = false;
    }
    await load();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void act("enter");
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-actions] [data-action]")) {
    button.addEventListener("click", () => {
      const action = button.dataset.action ?? "";
      if ((action === "approve" || action === "reopen") && !window.confirm(action === "approve" ? "Duyệt và khóa báo cáo này?" : "Mở lại báo cáo đã duyệt?"))
        return;
      void act(action);
    });
  }
  required<HTMLButtonElement>("[data-print]").addEventListener("click", () => window.print());
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-export]")) {
    button.addEventListener("click", async () => {
      const format = button.dataset.export ?? "xlsx";
      await download(`${base}/export?format=${format}`, `thong-ke-${commune}-${period}.${format}`);
    });
  }
  await load();
}

void main();
