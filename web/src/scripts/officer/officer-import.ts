/**
 * /can-bo/quan-tri/can-bo/, "Nhập cán bộ hàng loạt": the admin picks the filled-in template (CSV or
 * XLSX); the API previews it (every row with its errors); only when the whole file is valid may the
 * admin send the invitations, one by one through POST /api/admin/officers at the pace the preview
 * gives (SES's rate), with a progress bar. A row the API refuses when sent (someone created that
 * account meanwhile) is listed; the rest go on.
 */
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";

interface ImportError {
  field: string;
  message: string;
  message_en: string;
}

interface ImportRow {
  row: number;
  email: string;
  name: string;
  roles: string[];
  jurisdiction?: unknown;
  errors: ImportError[];
}

interface ImportPreview {
  valid: boolean;
  rows: ImportRow[];
  fileErrors: ImportError[];
  invitesPerSecond: number;
}

const text = (error: ImportError) => `${error.message} / ${error.message_en}`;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(): void {
  const form = required<HTMLFormElement>("#import-form");
  const input = required<HTMLInputElement>("#import-file", form);
  const summary = required<HTMLElement>("[data-import-summary]");
  const table = required<HTMLTableElement>("[data-import-rows]");
  const body = required<HTMLTableSectionElement>("tbody", table);
  const send = required<HTMLButtonElement>("[data-import-send]");
  const confirmBox = required<HTMLElement>("[data-import-confirm]");
  const progress = required<HTMLProgressElement>("[data-import-progress]");
  const progressText = required<HTMLElement>("[data-import-progress-text]");
  let preview: ImportPreview | undefined;

  const show = (element: HTMLElement, message: string, kind: "ok" | "error" | "warn") => {
    element.textContent = message;
    element.className = `notice notice-${kind}`;
    element.hidden = false;
    element.focus();
  };

  const render = (result: ImportPreview) => {
    body.replaceChildren(
      ...result.rows.map((row) => {
        const tr = document.createElement("tr");
        for (const value of [String(row.row), row.email, row.name, row.errors.length === 0 ? "✓ Hợp lệ / valid" : row.errors.map(text).join("; ")]) {
          const td = document.createElement("td");
          td.textContent = value;
          tr.append(td);
        }
        if (row.errors.length > 0) tr.className = "row-error";
        return tr;
      }),
    );
    table.hidden = result.rows.length === 0;
    const bad = result.rows.filter((row) => row.errors.length > 0).length;
    if (result.fileErrors.length > 0) show(summary, result.fileErrors.map(text).join(" "), "error");
    else if (!result.valid)
      show(
        summary,
        `${bad} dòng có lỗi: sửa tệp rồi chọn lại; chưa mời ai. / ${bad} rows have errors: fix the file and choose it again; nobody was invited.`,
        "error",
      );
    else show(summary, `${result.rows.length} cán bộ hợp lệ, sẵn sàng gửi lời mời. / ${result.rows.length} officers are valid, ready to invite.`, "ok");
    send.hidden = !result.valid;
    confirmBox.hidden = true;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (file === undefined) {
      show(summary, "Hãy chọn tệp mẫu đã điền / choose the filled-in template", "error");
      return;
    }
    preview = undefined;
    send.hidden = true;
    try {
      preview = await api<ImportPreview>("/api/admin/officers/import", {
        method: "POST",
        body: { fileName: file.name, content: toBase64(await file.arrayBuffer()) },
      });
      render(preview);
    } catch (error) {
      const detail =
        error instanceof ApiProblem ? (error.problem.errors?.map(text).join(" ") ?? error.problem.title) : "Không gửi được tệp / the file could not be sent";
      show(summary, detail, "error");
    }
  });

  send.addEventListener("click", () => {
    confirmBox.hidden = false;
    required<HTMLButtonElement>("[data-action='confirm-import']", confirmBox).focus();
  });
  required<HTMLButtonElement>("[data-action='cancel-import']", confirmBox).addEventListener("click", () => {
    confirmBox.hidden = true;
    send.focus();
  });
  required<HTMLButtonElement>("[data-action='confirm-import']", confirmBox).addEventListener("click", async () => {
    if (preview === undefined || !preview.valid) return;
    const rows = preview.rows;
    confirmBox.hidden = true;
    send.hidden = true;
    progress.max = rows.length;
    progress.value = 0;
    progress.hidden = false;
    const gap = 1000 / preview.invitesPerSecond;
    const failed: string[] = [];
    for (const [index, row] of rows.entries()) {
      const started = Date.now();
      try {
        await api("/api/admin/officers", { method: "POST", body: { email: row.email, name: row.name, roles: row.roles, jurisdiction: row.jurisdiction } });
      } catch (error) {
        failed.push(`${row.email}: ${error instanceof ApiProblem ? error.problem.title : "lỗi / error"}`);
      }
      progress.value = index + 1;
      progressText.textContent = `Đã gửi ${index + 1}/${rows.length} lời mời / ${index + 1} of ${rows.length} invitations sent`;
      // SES accepts so many messages a second: keep under it.
      const wait = gap - (Date.now() - started);
      if (wait > 0 && index < rows.length - 1) await pause(wait);
    }
    preview = undefined;
    const reload = "Tải lại trang để thấy danh sách mới. / Reload the page to see the list.";
    if (failed.length === 0) show(summary, `Đã mời ${rows.length} cán bộ. ${reload} / ${rows.length} officers invited.`, "ok");
    else show(summary, `Không mời được / not invited: ${failed.join("; ")}. ${reload}`, "warn");
  });
}

setup();
