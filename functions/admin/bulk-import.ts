import * as z from "zod/mini";
import { communeFullName } from "../../shared/communes.ts";
import { type Jurisdiction, type OfficerRole, officerRoles, type Principal, roleLabels } from "../../shared/permissions.ts";
import type { Commune } from "../../shared/province.ts";
import { foldForSearch } from "../../shared/text.ts";
import { RuleError } from "../lib/kit/index.ts";
import type { RevocationLog } from "../lib/revocations.ts";
import { bilingualError, fieldErrors } from "../lib/validation.ts";
import { allOfficers, type OfficerDirectory, type OfficerRecord } from "./officer-directory.ts";
import { AdminService } from "./service.ts";

/**
 * Officers in bulk (issue 16): a province admin uploads the template (CSV, or XLSX saved from it)
 * and gets a preview — every row with its errors, in Vietnamese and English. Nothing is invited
 * here: the page invites the rows one by one through POST /api/admin/officers, at the rate the
 * province's mail allows, and only once the whole file is valid.
 *
 * Each row is checked by the invitation's own rules: the admin service runs `invite` over a
 * directory that records nothing, so a row that passes here passes when it is sent.
 */

/** Columns of the template, in order (the header row is bilingual). */
export const importColumns = [
  { key: "email", header: "email" },
  { key: "name", header: "ho_ten / name" },
  { key: "roles", header: "vai_tro / roles" },
  { key: "communes", header: "xa_phuong / communes" },
] as const;
type ColumnKey = (typeof importColumns)[number]["key"];

export const maxImportRows = 500;
export const maxImportBytes = 1_000_000;
/** Words of the communes column meaning the whole province. */
const provinceWords = ["toan tinh", "province", "tinh"];

export interface ImportError {
  field: string;
  message: string;
  message_en: string;
}

export interface ImportRow {
  /** The row number in the sheet (the header is row 1). */
  row: number;
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction?: Jurisdiction;
  errors: ImportError[];
}

export interface ImportPreview {
  valid: boolean;
  rows: ImportRow[];
  /** Problems of the file itself (format, header, size). */
  fileErrors: ImportError[];
  /** How fast the page may send the invitations (SES sandbox: 1 a second). */
  invitesPerSecond: number;
}

export interface ImportContext {
  directory: OfficerDirectory;
  communes: readonly Commune[];
  revocations: RevocationLog;
  invitesPerSecond: number;
}

const fileError = (message: string, message_en: string): ImportError => ({ field: "body.content", message, message_en });

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), comma or semicolon separated (Excel in some locales), BOM dropped. */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.split(/\r?\n/, 1)[0] ?? "";
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index] as string;
    if (quoted) {
      if (character === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === separator) {
      row.push(cell);
      cell = "";
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && source[index + 1] === "\n") index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += character;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((value) => value.trim() !== ""));
}

const xmlText = (xml: string) =>
  xml
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Column letters of a cell reference to a 0-based index: "C7" → 2. */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? "A";
  return [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

/** The first sheet of an XLSX workbook as rows of text (shared and inline strings, numbers as written). */
export async function parseXlsx(bytes: Uint8Array): Promise<string[][]> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(bytes);
  const shared = await zip.file("xl/sharedStrings.xml")?.async("string");
  const strings = shared === undefined ? [] : [...shared.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) => xmlText(match[1] ?? ""));
  const sheetName = Object.keys(zip.files)
    .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    .sort()[0];
  const sheet = sheetName === undefined ? undefined : await zip.file(sheetName)?.async("string");
  if (sheet === undefined) throw new Error("no worksheet");
  const rows: string[][] = [];
  for (const rowMatch of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: string[] = [];
    for (const cellMatch of (rowMatch[1] ?? "").matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cellMatch[1] ?? "";
      const body = cellMatch[2] ?? "";
      const index = columnIndex(/r="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? `${String.fromCharCode(65 + cells.length)}1`);
      const type = /t="([^"]+)"/.exec(attributes)?.[1];
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const text =
        type === "s" ? (strings[Number(value)] ?? "") : type === "inlineStr" ? xmlText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "") : xmlText(value ?? "");
      while (cells.length < index) cells.push("");
      cells[index] = text;
    }
    rows.push(cells);
  }
  return rows.filter((cells) => cells.some((value) => value.trim() !== ""));
}

/** The column of each template key, found by the header's words (either language, marks ignored). */
function headerColumns(header: readonly string[]): Partial<Record<ColumnKey, number>> | undefined {
  const folded = header.map(foldForSearch);
  const find = (...words: string[]) => folded.findIndex((cell) => words.some((word) => cell.includes(word)));
  const columns = {
    email: find("email", "e mail", "thu dien tu"),
    name: find("ho ten", "name"),
    roles: find("vai tro", "role"),
    communes: find("xa", "commune"),
  };
  return Object.values(columns).some((index) => index === -1) ? undefined : columns;
}

const roleByWord = new Map<string, OfficerRole>(
  officerRoles.flatMap((role) => [
    [foldForSearch(role), role],
    [foldForSearch(roleLabels[role].vi), role],
    [foldForSearch(roleLabels[role].en), role],
  ]),
);

const split = (cell: string) =>
  cell
    .split(/[;|\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");

/** Reads one row into an invitation, or says which cells are wrong. */
function readRow(cells: readonly string[], columns: Record<ColumnKey, number>, communesByWord: Map<string, string[]>, rowNumber: number): ImportRow {
  const cell = (key: ColumnKey) => (cells[columns[key]] ?? "").trim();
  const errors: ImportError[] = [];
  const roles: OfficerRole[] = [];
  for (const word of split(cell("roles"))) {
    const role = roleByWord.get(foldForSearch(word));
    if (role === undefined) {
      errors.push({ field: "roles", message: `Vai trò không rõ: "${word}"`, message_en: `Unknown role: "${word}"` });
    } else if (!roles.includes(role)) roles.push(role);
  }
  const communeCell = cell("communes");
  let jurisdiction: Jurisdiction | undefined;
  if (communeCell === "" || provinceWords.includes(foldForSearch(communeCell))) jurisdiction = { kind: "province" };
  else {
    const codes: string[] = [];
    for (const word of split(communeCell)) {
      const matches = communesByWord.get(/^\d{5}$/.test(word) ? word : foldForSearch(word)) ?? [];
      if (matches.length === 1) codes.push(matches[0] as string);
      else if (matches.length === 0)
        errors.push({ field: "communes", message: `Không có xã/phường "${word}" trong tỉnh`, message_en: `No commune "${word}" in this province` });
      else
        errors.push({
          field: "communes",
          message: `"${word}" trùng tên nhiều xã/phường: dùng mã`,
          message_en: `"${word}" names several communes: use the code`,
        });
    }
    if (codes.length > 0) jurisdiction = { kind: "communes", communes: [...new Set(codes)] };
  }
  return { row: rowNumber, email: cell("email").toLowerCase(), name: cell("name"), roles, ...(jurisdiction === undefined ? {} : { jurisdiction }), errors };
}

/** A directory that accepts an invitation and records nothing: the admin service's rules, dry. */
function recordingNothing(directory: OfficerDirectory): OfficerDirectory {
  return {
    list: (options) => directory.list(options),
    get: (id) => directory.get(id),
    update: (id, changes) => directory.update(id, changes),
    setEnabled: (id, enabled) => directory.setEnabled(id, enabled),
    invite: async (input): Promise<OfficerRecord> => ({
      id: "preview",
      email: input.email,
      name: input.name,
      roles: [...input.roles],
      jurisdiction: input.jurisdiction,
      status: "invited",
      createdAt: "",
      updatedAt: "",
    }),
  };
}

/** The invite schema's own checks on a row (the handler passes its schema). */
export type InviteValidator = (input: unknown) => ImportError[];

export function validateWith(schema: z.ZodMiniType): InviteValidator {
  return (input) => {
    const result = schema.safeParse(input);
    return result.success
      ? []
      : fieldErrors("body", result.error).map((error) => ({ ...error, field: error.field.replace(/^body\./, "").replace(/^jurisdiction.*/, "communes") }));
  };
}

/** The upload: the file's name (its extension says CSV or XLSX) and its bytes in base64. */
export const importBody = z.strictObject({
  fileName: z
    .string()
    .check(z.minLength(1), z.maxLength(200), z.regex(/\.(csv|xlsx)$/i, bilingualError("Tệp phải là .csv hoặc .xlsx", "The file must be .csv or .xlsx"))),
  content: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(Math.ceil((maxImportBytes * 4) / 3) + 4),
      z.regex(/^[A-Za-z0-9+/]*={0,2}$/, bilingualError("Nội dung tệp không hợp lệ", "The file content is not valid")),
    ),
});

/**
 * Invitations a second the page may send (the setting INVITES_PER_SECOND): the SES sandbox allows
 * 1 message a second, production accounts start at 14; Cognito's own sender allows far fewer a day.
 */
export function invitesPerSecond(setting: string): number {
  const value = Number(setting);
  return Number.isFinite(value) && value > 0 && value <= 14 ? value : 1;
}

/** Reads the file, checks every row and says whether the whole file can be invited. */
export async function previewOfficerImport(
  actor: Principal,
  file: { fileName: string; content: string },
  context: ImportContext,
  validate: InviteValidator,
): Promise<ImportPreview> {
  const preview = (rows: ImportRow[], fileErrors: ImportError[]): ImportPreview => ({
    valid: fileErrors.length === 0 && rows.length > 0 && rows.every((row) => row.errors.length === 0),
    rows,
    fileErrors,
    invitesPerSecond: context.invitesPerSecond,
  });
  const bytes = Buffer.from(file.content, "base64");
  if (bytes.length > maxImportBytes) return preview([], [fileError("Tệp lớn hơn 1 MB", "The file is larger than 1 MB")]);
  let table: string[][];
  try {
    table = /\.xlsx$/i.test(file.fileName) ? await parseXlsx(bytes) : parseCsv(bytes.toString("utf8"));
  } catch {
    return preview([], [fileError("Không đọc được tệp: hãy dùng mẫu CSV hoặc XLSX", "The file cannot be read: use the CSV or XLSX template")]);
  }
  const [header, ...body] = table;
  const columns = header === undefined ? undefined : headerColumns(header);
  if (columns === undefined) {
    return preview(
      [],
      [
        fileError(
          "Dòng đầu phải là tiêu đề của mẫu: email, họ tên, vai trò, xã/phường",
          "The first row must be the template's header: email, name, roles, communes",
        ),
      ],
    );
  }
  if (body.length === 0) return preview([], [fileError("Tệp không có dòng cán bộ nào", "The file has no officer rows")]);
  if (body.length > maxImportRows) return preview([], [fileError(`Nhiều nhất ${maxImportRows} dòng mỗi lần`, `At most ${maxImportRows} rows at a time`)]);

  const communesByWord = new Map<string, string[]>();
  const addWord = (word: string, code: string) => communesByWord.set(word, [...new Set([...(communesByWord.get(word) ?? []), code])]);
  for (const commune of context.communes) {
    addWord(commune.code, commune.code);
    addWord(foldForSearch(commune.name), commune.code);
    addWord(foldForSearch(communeFullName(commune, "vi")), commune.code);
  }
  const existing = new Set((await allOfficers(context.directory)).map((officer) => officer.email.toLowerCase()));
  const checker = new AdminService(
    recordingNothing(context.directory),
    { commune: async (code) => (context.communes.some((commune) => commune.code === code) ? { code, fullName: code, fullNameEn: code } : undefined) },
    context.revocations,
  );
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const [index, cells] of body.entries()) {
    const row = readRow(cells, columns as Record<ColumnKey, number>, communesByWord, index + 2);
    if (row.errors.length === 0) {
      const input = { email: row.email, name: row.name, roles: row.roles, jurisdiction: row.jurisdiction };
      row.errors.push(...validate(input));
      if (row.errors.length === 0) {
        try {
          await checker.invite(actor, input as Parameters<AdminService["invite"]>[1]);
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          row.errors.push({ field: error.field.replace(/^body\./, "").replace(/^jurisdiction.*/, "communes"), message: error.vi, message_en: error.en });
        }
      }
    }
    if (existing.has(row.email))
      row.errors.push({ field: "email", message: "Đã có tài khoản với e-mail này", message_en: "There is already an account with this e-mail" });
    const earlier = seen.get(row.email);
    if (row.email !== "" && earlier !== undefined) {
      row.errors.push({ field: "email", message: `Trùng e-mail với dòng ${earlier}`, message_en: `Same e-mail as row ${earlier}` });
    } else if (row.email !== "") seen.set(row.email, row.row);
    rows.push(row);
  }
  return preview(rows, []);
}

/** The template: the header and two example rows (one commune officer, one province officer). */
export function importTemplateCsv(): string {
  const lines = [
    importColumns.map((column) => column.header),
    ["nguyen.van.a@example.gov.vn", "Nguyễn Văn A", "commune-officer", "Phủ Lý; 13291"],
    ["tran.thi.b@example.gov.vn", "Trần Thị B", "province-officer", "toàn tỉnh"],
  ];
  return `\uFEFF${lines.map((cells) => cells.map((cell) => (/[",;\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")).join("\r\n")}\r\n`;
}
