import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTemplateCsv } from "../../functions/admin/bulk-import.ts";
import { repoRoot } from "../../infra/bundling.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Officers in bulk (issue 16): the preview over HTTP against the local directory in DynamoDB Local.
 * A valid file previews clean and invites nobody; a file with bad rows names each row's errors.
 */
let system: OfficerApi;
let adminToken: string;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  adminToken = system.adminToken();
});
afterAll(async () => {
  await system?.close();
});

const header = "email,ho_ten / name,vai_tro / roles,xa_phuong / communes";
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@pcblgd.test`;
const upload = (fileName: string, content: string | Buffer) =>
  system.call("POST", "/api/admin/officers/import", {
    token: adminToken,
    body: { fileName, content: Buffer.from(content).toString("base64") },
  });

interface Preview {
  valid: boolean;
  invitesPerSecond: number;
  fileErrors: { field: string; message: string; message_en: string }[];
  rows: { row: number; email: string; roles: string[]; jurisdiction?: unknown; errors: { field: string; message: string; message_en: string }[] }[];
}

describe("POST /api/admin/officers/import", () => {
  it("previews a valid CSV (codes, names without marks, Vietnamese role labels, the whole province) and invites nobody", async () => {
    const [first, second] = [unique("nhap-a"), unique("nhap-b")];
    const csv = [
      header,
      `${first.toUpperCase()},Nguyễn Văn A,"Cán bộ xã; commune-leader",phu ly; ${system.commune2}`,
      `${second},Trần Thị B,province-officer,toàn tỉnh`,
    ].join("\r\n");
    const result = await upload("can-bo.csv", csv);
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    const preview = result.json as unknown as Preview;
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((row) => row.errors)).toEqual([[], []]);
    expect(preview.valid).toBe(true);
    expect(preview.invitesPerSecond).toBe(1);
    expect(preview.rows[0]).toEqual(
      expect.objectContaining({
        row: 2,
        email: first,
        roles: ["commune-officer", "commune-leader"],
        jurisdiction: { kind: "communes", communes: [system.commune1, system.commune2].sort() },
      }),
    );
    expect(preview.rows[1]?.jurisdiction).toEqual({ kind: "province" });
    for (const email of [first, second]) expect(await system.api.directory.findByEmail(email)).toBeUndefined();
  });

  it("reads the XLSX template the same way", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Cán bộ");
    sheet.addRow(header.split(","));
    const email = unique("nhap-xlsx");
    sheet.addRow([email, "Lê Văn C", "commune-officer", Number(system.commune1)]);
    const result = await upload("can-bo.xlsx", Buffer.from(await workbook.xlsx.writeBuffer()));
    const preview = result.json as unknown as Preview;
    expect(preview.rows).toEqual([expect.objectContaining({ email, errors: [], jurisdiction: { kind: "communes", communes: [system.commune1] } })]);
    expect(preview.valid).toBe(true);
  });

  it("names every bad row's errors in both languages and refuses the whole file", async () => {
    const existing = unique("da-co");
    await system.api.directory.invite({
      email: existing,
      name: "Đã có",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [system.commune1] },
    });
    const repeated = unique("trung");
    const csv = [
      header,
      `${unique("tot")},Cán bộ tốt,commune-officer,${system.commune1}`,
      `khong-phai-email,Sai e-mail,commune-officer,${system.commune1}`,
      `${unique("vai-tro")},Sai vai trò,thu-truong,${system.commune1}`,
      `${unique("xa")},Sai xã,commune-officer,Xã Không Có`,
      `${unique("tinh")},Vai trò tỉnh ở xã,province-officer,${system.commune1}`,
      `${existing},Đã có tài khoản,commune-officer,${system.commune1}`,
      `${repeated},Lần một,commune-officer,${system.commune1}`,
      `${repeated},Lần hai,commune-officer,${system.commune1}`,
      `${unique("ten")},,commune-officer,${system.commune1}`,
    ].join("\n");
    const preview = (await upload("can-bo.csv", csv)).json as unknown as Preview;
    expect(preview.valid).toBe(false);
    const fields = preview.rows.map((row) => row.errors.map((error) => error.field));
    expect(fields).toEqual([[], ["email"], ["roles"], ["communes"], ["communes"], ["email"], [], ["email"], ["name"]]);
    expect(preview.rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const error of preview.rows.flatMap((row) => row.errors)) {
      expect(error.message).not.toBe("");
      expect(error.message).not.toBe(error.message_en);
    }
    expect(preview.rows[7]?.errors[0]?.message_en).toBe("Same e-mail as row 8");
    expect(await system.api.directory.findByEmail(preview.rows[0]?.email ?? "")).toBeUndefined();
  });

  it("refuses a file that is not the template, with a file-level error", async () => {
    const wrongHeader = (await upload("khac.csv", "a,b,c\n1,2,3\n")).json as unknown as Preview;
    expect(wrongHeader.valid).toBe(false);
    expect(wrongHeader.fileErrors[0]?.message_en).toContain("header");
    const notXlsx = (await upload("hong.xlsx", "not a zip")).json as unknown as Preview;
    expect(notXlsx.fileErrors[0]?.message_en).toContain("cannot be read");
    const empty = (await upload("trong.csv", `${header}\n`)).json as unknown as Preview;
    expect(empty.fileErrors[0]?.message_en).toContain("no officer rows");
    const badName = await upload("can-bo.pdf", "x");
    expect(badName.status).toBe(400);
  });

  it("serves a template that previews valid once its example communes exist", async () => {
    const template = importTemplateCsv();
    expect(template.startsWith("\uFEFFemail,ho_ten / name")).toBe(true);
    // The page's download is this template.
    expect(readFileSync(join(repoRoot, "web/public/mau/nhap-can-bo.csv"), "utf8")).toBe(template);
    const preview = (await upload("mau.csv", template)).json as unknown as Preview;
    // The example names Phủ Lý and 13291 (Ninh Bình): both exist here.
    expect(preview.rows.map((row) => row.errors)).toEqual([[], []]);
  });
});
