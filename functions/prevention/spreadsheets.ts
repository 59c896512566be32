import ExcelJS from "exceljs";
import * as z from "zod/mini";
import type { ImportRow } from "../directory/entries.ts";
import { type Register, registerLabels } from "./registers.ts";
import type { RecordView } from "./service.ts";

/**
 * The prevention function's spreadsheets (exceljs; loaded at the first import or export only —
 * handler.ts imports this module dynamically): the directory import template and its reader, and
 * the registers' exports (CSV and XLSX).
 */
export const spreadsheetTypes = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

/** The template's columns, in order: the header cell, then what it means. */
const columns = [
  ["loai", "hotline | dia-chi-tin-cay"],
  ["ten", "Tên (tiếng Việt) / Name (Vietnamese)"],
  ["ten_en", "Tên tiếng Anh (đường dây nóng) / English name (hotlines)"],
  ["so_dien_thoai", "Số điện thoại / Phone number"],
  ["dia_chi", "Địa chỉ (địa chỉ tin cậy) / Address (trusted addresses)"],
  ["gio", "Giờ tiếp nhận / Hours"],
  ["gio_en", "Giờ tiếp nhận (tiếng Anh) / Hours (English)"],
  ["mien_phi", "Miễn phí: co | khong / Free: co | khong"],
  ["nguoi_lien_he", "Người liên hệ / Contact person"],
  ["sdt_lien_he", "Số điện thoại người liên hệ / Contact's phone"],
  ["dong_y_cong_khai", "Người liên hệ đồng ý công khai: co | khong / Contact agreed to be listed"],
] as const;

export const maxImportRows = 1000;

export async function directoryTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("danh-ba");
  sheet.addRow(columns.map(([name]) => name));
  sheet.addRow(columns.map(([, meaning]) => meaning));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(2).font = { italic: true };
  sheet.columns.forEach((column) => {
    column.width = 24;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface RowError {
  /** The spreadsheet's row number, as the officer sees it. */
  row: number;
  field: string;
  message: string;
  message_en: string;
}

const phone = /^[0-9 .+]{3,20}$/;
const yes = (value: string) => /^(co|có|yes|x|1|true)$/i.test(value.trim());

function cellText(cell: ExcelJS.CellValue): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "object" && "text" in cell) return String(cell.text).trim();
  if (typeof cell === "object" && "result" in cell) return String(cell.result ?? "").trim();
  if (typeof cell === "object" && "richText" in cell)
    return cell.richText
      .map((part) => part.text)
      .join("")
      .trim();
  return String(cell).trim();
}

const header = columns.map(([name]) => name);

/**
 * Reads the template: every row checked, every error named by row and column. The rows are
 * returned only when the whole file is valid (nothing is written otherwise).
 */
export async function readDirectoryImport(bytes: Buffer, owner: string): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ row: 0, field: "file", message: "Tệp không phải là bảng tính XLSX", message_en: "The file is not an XLSX workbook" }] };
  }
  const sheet = workbook.worksheets[0];
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  if (sheet === undefined || header.some((name, index) => cellText(sheet.getRow(1).getCell(index + 1).value) !== name)) {
    return {
      rows,
      errors: [
        {
          row: 1,
          field: "header",
          message: "Dòng tiêu đề không đúng mẫu; hãy tải mẫu mới",
          message_en: "The header row is not the template's; download the template again",
        },
      ],
    };
  }
  sheet.eachRow((row, number) => {
    if (number <= 2) return;
    const value = (name: (typeof header)[number]) => cellText(row.getCell(header.indexOf(name) + 1).value);
    if (header.every((name) => value(name) === "")) return;
    const fail = (field: string, message: string, message_en: string) => errors.push({ row: number, field, message, message_en });
    const kind = value("loai");
    const name = value("ten");
    const number_ = value("so_dien_thoai");
    if (name === "" || name.length > 200) fail("ten", "Cần có tên (tối đa 200 ký tự)", "A name is needed (at most 200 characters)");
    if (number_ !== "" && !phone.test(number_)) fail("so_dien_thoai", "Số điện thoại không hợp lệ", "Not a phone number");
    const contactName = value("nguoi_lien_he");
    const contactPhone = value("sdt_lien_he");
    if (contactPhone !== "" && !phone.test(contactPhone)) fail("sdt_lien_he", "Số điện thoại không hợp lệ", "Not a phone number");
    if (contactPhone !== "" && contactName === "") fail("nguoi_lien_he", "Số của người liên hệ cần tên người đó", "A contact's phone needs their name");
    const contact =
      contactName === ""
        ? {}
        : { contact: { name: contactName, ...(contactPhone === "" ? {} : { phone: contactPhone }), consent: yes(value("dong_y_cong_khai")) } };
    const hours = value("gio");
    if (kind === "hotline") {
      if (number_ === "") fail("so_dien_thoai", "Đường dây nóng cần số điện thoại", "A hotline needs its number");
      if (hours === "") fail("gio", "Cần ghi giờ tiếp nhận", "The hours are needed");
      rows.push({
        kind: "hotline",
        owner,
        fields: {
          name: { vi: name, en: value("ten_en") || name },
          number: number_,
          hours: { vi: hours, en: value("gio_en") || hours },
          free: yes(value("mien_phi")),
          ...contact,
        },
      });
    } else if (kind === "dia-chi-tin-cay") {
      const address = value("dia_chi");
      if (owner === "province") fail("loai", "Địa chỉ tin cậy thuộc một xã/phường", "A trusted address belongs to a commune");
      if (address === "") fail("dia_chi", "Địa chỉ tin cậy cần địa chỉ", "A trusted address needs its address");
      rows.push({
        kind: "trusted-address",
        owner,
        fields: {
          name,
          address,
          ...(number_ === "" ? {} : { phone: number_ }),
          ...(hours === "" ? {} : { hours: { vi: hours, en: value("gio_en") || hours } }),
          ...contact,
        },
      });
    } else {
      fail("loai", "Loại phải là hotline hoặc dia-chi-tin-cay", "The kind is hotline or dia-chi-tin-cay");
    }
  });
  if (rows.length + errors.length === 0) errors.push({ row: 3, field: "file", message: "Tệp không có dòng nào", message_en: "The file has no rows" });
  if (rows.length > maxImportRows)
    errors.push({ row: 0, field: "file", message: `Tối đa ${maxImportRows} dòng mỗi lần`, message_en: `At most ${maxImportRows} rows at a time` });
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

/** The import body: the XLSX file as base64, and whether to write it (false: preview only). */
export const importBody = z.strictObject({
  file: z.string().check(z.minLength(1), z.maxLength(4_000_000)),
  commit: z._default(z.boolean(), false),
});

/** A register's rows flattened to columns (`participants.men`), identities only when the view carries them. */
function flatten(value: unknown, prefix: string, into: Record<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === "" ? key : `${prefix}.${key}`, into);
    return;
  }
  into[prefix] = Array.isArray(value) ? value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join("; ") : String(value ?? "");
}

function tableOf(views: RecordView[]): { headers: string[]; lines: string[][] } {
  const flat = views.map((view) => {
    const row: Record<string, string> = { id: view.id, commune: view.commune, day: view.day, version: String(view.version) };
    flatten(view.fields, "", row);
    if (view.personal) flatten(view.personal, "personal", row);
    if (view.active !== undefined) row.active = String(view.active);
    return row;
  });
  const headers = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  return { headers, lines: flat.map((row) => headers.map((name) => row[name] ?? "")) };
}

/** CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the marks); cells that start a formula are quoted with a leading apostrophe. */
export function registerCsv(views: RecordView[]): Buffer {
  const { headers, lines } = tableOf(views);
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const text = [headers, ...lines].map((line) => line.map(cell).join(",")).join("\r\n");
  return Buffer.from(`\uFEFF${text}\r\n`, "utf8");
}

export async function registerXlsx(register: Register, views: RecordView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addSheet(workbook, registerLabels[register].vi, views);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, name: string, views: RecordView[]): void {
  const { headers, lines } = tableOf(views);
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow(headers).font = { bold: true };
  for (const line of lines) sheet.addRow(line);
}

/** The province's yearly summary: one sheet per register (models, activities, courses), figures only. */
export async function yearlySummaryXlsx(sheets: { register: Register; views: RecordView[] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { register, views } of sheets) addSheet(workbook, registerLabels[register].vi, views);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
