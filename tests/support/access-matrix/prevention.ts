import ExcelJS from "exceljs";
import { expect } from "vitest";
import { registers } from "../../../functions/prevention/registers.ts";
import { type OfficerRole, officerRoles, type Permission, rolePermissions } from "../../../shared/permissions.ts";
import type { Fixture, FixtureSet } from "./fixture.ts";

/**
 * The prevention network's rows of the access matrix: the live directory's officer routes and the
 * four registers. Records are created in xã 1 as its commune officer, then each cell's officer
 * calls the route; the allowed roles are read from the vocabulary (the roles holding the route's
 * permission), so the matrix follows shared/permissions.ts.
 */
const holders = (permission: Permission): OfficerRole[] => officerRoles.filter((role) => rolePermissions[role].includes(permission));

export const bodies = {
  models: { type: "nhom-pcblgd", name: "Nhóm PCBLGĐ", status: "active", members: [{ name: "Phạm Văn Bình", role: "Trưởng nhóm", sex: "male" }] },
  activities: { date: "2026-03-08", kind: "talk", topic: "men", targetGroups: ["men"], participants: { total: 10, men: 6, women: 4 } },
  mediations: { date: "2026-03-08", mediators: "Tổ hòa giải", parties: [{ name: "Bên A" }], conflict: "Mâu thuẫn", outcome: "reconciled" },
  courses: { title: "Tập huấn", organiser: "UBND xã", startsOn: "2026-03-08", endsOn: "2026-03-08", topic: "Luật PCBLGĐ", targetGroup: "Cán bộ" },
} as const;

export async function directoryWorkbook(rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("danh-ba");
  sheet.addRow(["loai", "ten", "ten_en", "so_dien_thoai", "dia_chi", "gio", "gio_en", "mien_phi", "nguoi_lien_he", "sdt_lien_he", "dong_y_cong_khai"]);
  sheet.addRow(["(giải thích)"]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString("base64");
}

export const preventionFixtures: FixtureSet = (system) => {
  const commune = () => system().commune1;
  const setup = () => system().tokenFor(["commune-officer"], [system().commune1]).token;
  const fixture = (permission: Permission, success: 200 | 201, request: Fixture["request"]): Fixture => ({
    allowed: holders(permission),
    success,
    commune,
    request,
  });

  async function entry(segment: string): Promise<string> {
    const body =
      segment === "hotlines"
        ? { name: { vi: "Đường dây nóng xã", en: "Commune hotline" }, number: "0229 000 111", hours: { vi: "24/7", en: "24/7" }, free: true }
        : { name: "Nhà văn hóa", address: "Thôn Đông" };
    const result = await system().call("POST", `/api/communes/${commune()}/directory-entries/${segment}`, { token: setup(), body });
    expect(result.status, JSON.stringify(result.json)).toBe(201);
    return result.json.id as string;
  }

  async function record(register: (typeof registers)[number]): Promise<string> {
    const result = await system().call("POST", `/api/communes/${commune()}/prevention/${register}`, { token: setup(), body: bodies[register] });
    expect(result.status, JSON.stringify(result.json)).toBe(201);
    return result.json.id as string;
  }

  const base = () => `/api/communes/${commune()}/directory-entries`;
  const rows: Record<string, Fixture> = {
    "GET /api/communes/{commune}/directory-entries": fixture("directory:edit", 200, async () => ({ path: base() })),
    "GET /api/communes/{commune}/directory-entries/template": fixture("directory:edit", 200, async () => ({ path: `${base()}/template` })),
    "POST /api/communes/{commune}/directory-entries/import": fixture("directory:edit", 200, async () => ({
      path: `${base()}/import`,
      body: { file: await directoryWorkbook([["hotline", "Đường dây nóng", "", "0229 000 222", "", "24/7"]]) },
    })),
  };
  for (const segment of ["hotlines", "trusted-addresses"]) {
    const body =
      segment === "hotlines"
        ? { name: { vi: "Đường dây nóng xã", en: "Commune hotline" }, number: "0229 000 111", hours: { vi: "24/7", en: "24/7" }, free: true }
        : { name: "Nhà văn hóa", address: "Thôn Đông" };
    rows[`POST /api/communes/{commune}/directory-entries/${segment}`] = fixture("directory:edit", 201, async () => ({ path: `${base()}/${segment}`, body }));
    rows[`PUT /api/communes/{commune}/directory-entries/${segment}/{entryId}`] = fixture("directory:edit", 200, async () => ({
      path: `${base()}/${segment}/${await entry(segment)}`,
      body: { ...body, expectedVersion: 1 },
    }));
    rows[`DELETE /api/communes/{commune}/directory-entries/${segment}/{entryId}`] = fixture("directory:edit", 200, async () => ({
      path: `${base()}/${segment}/${await entry(segment)}?expectedVersion=1`,
    }));
  }
  for (const register of registers) {
    const write: Permission = register === "activities" || register === "mediations" ? "prevention:record" : "prevention:manage";
    const list = () => `/api/communes/${commune()}/prevention/${register}`;
    rows[`GET /api/communes/{commune}/prevention/${register}`] = fixture("prevention:read", 200, async () => ({ path: list() }));
    rows[`POST /api/communes/{commune}/prevention/${register}`] = fixture(write, 201, async () => ({ path: list(), body: bodies[register] }));
    rows[`GET /api/communes/{commune}/prevention/${register}/export`] = fixture("prevention:export", 200, async () => ({
      path: `${list()}/export?format=csv`,
    }));
    rows[`GET /api/prevention/${register}/{recordId}`] = fixture("prevention:read", 200, async () => ({
      path: `/api/prevention/${register}/${await record(register)}`,
    }));
    // A volunteer edits only what they entered: the cell's volunteer entered nothing here, so the
    // record is hidden from them (404) — their own records: tests/integration/prevention.test.ts.
    rows[`PUT /api/prevention/${register}/{recordId}`] = {
      ...fixture(write, 200, async () => ({
        path: `/api/prevention/${register}/${await record(register)}`,
        body: { ...bodies[register], expectedVersion: 1 },
      })),
      allowed: holders(write).filter((role) => role !== "community-volunteer"),
    };
  }
  rows["POST /api/prevention/mediations/{recordId}/report"] = {
    ...fixture("prevention:record", 201, async () => ({ path: `/api/prevention/mediations/${await record("mediations")}/report` })),
    allowed: holders("prevention:record").filter((role) => role !== "community-volunteer"),
  };
  rows["GET /api/communes/{commune}/prevention/staff"] = fixture("prevention:read", 200, async () => ({
    path: `/api/communes/${commune()}/prevention/staff?year=2026`,
  }));
  // Each cell writes the next version: the count's current version is read first.
  rows["PUT /api/communes/{commune}/prevention/staff"] = fixture("prevention:manage", 200, async () => {
    const current = await system().call("GET", `/api/communes/${commune()}/prevention/staff?year=2019`, { token: setup() });
    return { path: `/api/communes/${commune()}/prevention/staff`, body: { year: 2019, count: 12, expectedVersion: current.json.version as number } };
  });
  // A province resource: province roles first (the cursor test calls it as the first allowed role, with that role's usual jurisdiction).
  rows["GET /api/prevention/summary"] = {
    allowed: holders("prevention:export").sort((a, b) => Number(a.startsWith("commune-")) - Number(b.startsWith("commune-"))),
    success: 200,
    request: async () => ({ path: "/api/prevention/summary?year=2026" }),
  };
  return rows;
};
