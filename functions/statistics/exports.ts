import { binaryReplies, fileReply } from "../lib/file-reply.ts";
import type { Reply } from "../lib/http.ts";
import type { IndicatorTable } from "./figures.ts";

/**
 * Exports of a commune's or the province's figures: XLSX (exceljs, loaded at the first export;
 * one sheet per indicator table, Vietnamese headings, numbers as numbers, the total row as the sum
 * the sheet shows) and CSV (UTF-8 with BOM for Excel; the tables one after another). A corrected
 * cell carries the computed value and the reason in a note (XLSX) or two more columns (CSV).
 */
export interface ExportContent {
  title: string;
  tables: IndicatorTable[];
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Sheet names: at most 31 characters, none of []:*?/\ . */
function sheetName(table: IndicatorTable, index: number): string {
  return `${String(index + 1)}. ${table.name.vi}`.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
}

export async function figuresXlsx(content: ExportContent): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "PCBLGĐ";
  content.tables.forEach((table, index) => {
    const sheet = workbook.addWorksheet(sheetName(table, index));
    sheet.addRow([content.title]).font = { bold: true };
    sheet.addRow([`${table.name.vi} (${table.unit.vi}) — ${table.legal.map((reference) => reference.vi).join("; ")}`]);
    if (table.note) sheet.addRow([table.note.vi]);
    const header = sheet.addRow(["Chỉ tiêu", ...table.columns.map((column) => column.vi)]);
    header.font = { bold: true };
    for (const row of table.rows) {
      const line = sheet.addRow([row.vi, ...row.cells.map((cell) => cell.value)]);
      row.cells.forEach((cell, column) => {
        if (cell.computed !== undefined) line.getCell(column + 2).note = `Số hệ thống tính: ${String(cell.computed)}. Lý do sửa: ${cell.reason ?? ""}`;
      });
    }
    if (table.total) {
      const totalRow = sheet.addRow([table.additive ? "Tổng cộng" : "Tổng số", ...table.total.map((cell) => cell.value)]);
      totalRow.font = { bold: true };
    }
    sheet.getColumn(1).width = 48;
    for (let column = 2; column <= table.columns.length + 1; column++) sheet.getColumn(column).width = 16;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const csvField = (value: string | number) => {
  const text = String(value);
  // Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function figuresCsv(content: ExportContent): string {
  const lines: string[] = [[content.title].map(csvField).join(",")];
  for (const table of content.tables) {
    lines.push("", [`${table.name.vi} (${table.unit.vi})`].map(csvField).join(","));
    lines.push(["Chỉ tiêu", ...table.columns.map((column) => column.vi), "Số hệ thống tính", "Lý do sửa"].map(csvField).join(","));
    for (const row of table.rows) {
      const corrected = row.cells.find((cell) => cell.computed !== undefined);
      lines.push([row.vi, ...row.cells.map((cell) => cell.value), corrected?.computed ?? "", corrected?.reason ?? ""].map(csvField).join(","));
    }
    if (table.total) lines.push([table.additive ? "Tổng cộng" : "Tổng số", ...table.total.map((cell) => cell.value)].map(csvField).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function exportReply(format: "xlsx" | "csv", content: ExportContent, fileStem: string): Promise<Reply> {
  if (format === "csv") return fileReply(new TextEncoder().encode(figuresCsv(content)), "text/csv; charset=utf-8", `${fileStem}.csv`);
  return fileReply(await figuresXlsx(content), xlsxType, `${fileStem}.xlsx`);
}

export { binaryReplies };
