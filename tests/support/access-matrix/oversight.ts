import { expect } from "vitest";
import type { OfficerRole } from "../../../shared/permissions.ts";
import { addDays, vietnamDay } from "../../../shared/vietnam-time.ts";
import type { OfficerApi } from "../officer-api.ts";
import { tinyPdf } from "./commendations.ts";
import type { FixtureSet } from "./fixture.ts";

/** Builds oversight records through the API itself, as a province officer would. */
export function oversightHelpers(system: () => OfficerApi) {
  const provinceOfficer = () => system().tokenFor(["province-officer"], "province").token;
  const today = () => vietnamDay(new Date());
  const expectStatus = async (result: Promise<{ status: number; json: unknown }>, status: number) => {
    const answer = await result;
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in the tests
    return answer.json as any;
  };
  const plan = async (title = "Kế hoạch thực hiện Chỉ thị 08/CT-TTg") =>
    expectStatus(
      system().call("POST", "/api/oversight/plans", {
        token: provinceOfficer(),
        body: { title, legalBasis: "Chỉ thị 08/CT-TTg ngày 04/02/2020", periodFrom: `${today().slice(0, 4)}-01-01`, periodTo: `${today().slice(0, 4)}-12-31` },
      }),
      201,
    );
  const tasks = async (planId: string, communes: string[], dueDate = addDays(today(), 30), duty = "prevention", description?: string) =>
    (
      await expectStatus(
        system().call("POST", `/api/oversight/plans/${planId}/tasks`, {
          token: provinceOfficer(),
          body: {
            duty,
            title: "Kiện toàn địa chỉ tin cậy ở các thôn",
            ...(description ? { description } : {}),
            unit: { kind: "communes", communes },
            cooperating: ["Hội LHPN xã"],
            dueDate,
          },
        }),
        201,
      )
    ).items;
  const task = async (commune: string, dueDate?: string, description?: string) =>
    (await tasks((await plan()).id, [commune], dueDate, undefined, description))[0];
  const inspection = async (communes: string[]) =>
    expectStatus(
      system().call("POST", "/api/oversight/inspections", {
        token: provinceOfficer(),
        body: {
          title: "Kiểm tra việc thực hiện Luật PCBLGĐ",
          decision: { number: "123/QĐ-SVHTTDL", date: today(), issuer: "Giám đốc Sở VHTTDL" },
          team: [
            { name: "Trần Văn Kiểm", role: "Trưởng đoàn" },
            { name: "Lê Thị Tra", role: "Thành viên" },
          ],
          communes,
          periodFrom: `${today().slice(0, 4)}-01-01`,
          periodTo: today(),
          startDate: today(),
          endDate: today(),
        },
      }),
      201,
    );
  const recommendation = async (
    inspectionId: string,
    commune: string,
    dueDate = addDays(today(), 14),
    text = "Cập nhật danh sách địa chỉ tin cậy và công khai số đường dây nóng",
  ) =>
    expectStatus(
      system().call("POST", `/api/oversight/inspections/${inspectionId}/recommendations`, {
        token: provinceOfficer(),
        body: { text, commune, dueDate },
      }),
      201,
    );
  /** Uploads a file to a record (`/api/oversight/plans/<id>`, `…/tasks/<id>`, `…/recommendations/<id>`): start, PUT, confirm. */
  const upload = async (record: string, token = provinceOfficer(), options: { bytes?: Buffer; fileName?: string; confirm?: boolean } = {}) => {
    const bytes = options.bytes ?? tinyPdf;
    const started = await expectStatus(
      system().call("POST", `${record}/files`, {
        token,
        body: { fileName: options.fileName ?? "Bao cao tien do.pdf", contentType: "application/pdf", size: bytes.length },
      }),
      201,
    );
    const put = await fetch(new URL(started.upload.url, system().api.url), { method: "PUT", headers: started.upload.headers, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    if (options.confirm !== false) await expectStatus(system().call("POST", `${record}/files/${started.file.id}/confirm`, { token }), 200);
    return started.file.id as string;
  };
  return { provinceOfficer, today, expectStatus, plan, tasks, task, inspection, recommendation, upload };
}

const manage: readonly OfficerRole[] = ["province-officer"];
const readers: readonly OfficerRole[] = ["commune-officer", "commune-leader", "province-officer", "province-admin"];
const reporters: readonly OfficerRole[] = ["commune-officer", "commune-leader", "province-officer"];

export const oversightFixtures: FixtureSet = (system) => {
  const help = oversightHelpers(system);
  const commune = () => system().commune1;
  let shared: { planId: string; inspectionId: string } | undefined;
  const records = async () => {
    shared ??= { planId: (await help.plan()).id, inspectionId: (await help.inspection([commune()])).id };
    return shared;
  };
  const year = () => help.today().slice(0, 4);
  return {
    "GET /api/oversight/plans": { allowed: manage, success: 200, request: async () => ({ path: "/api/oversight/plans?limit=5" }) },
    "POST /api/oversight/plans": {
      allowed: manage,
      success: 201,
      request: async () => ({
        path: "/api/oversight/plans",
        body: { title: "Kế hoạch của ma trận quyền", legalBasis: "Chỉ thị 08/CT-TTg", periodFrom: "2026-01-01", periodTo: "2026-12-31" },
      }),
    },
    "GET /api/oversight/plans/{planId}": { allowed: manage, success: 200, request: async () => ({ path: `/api/oversight/plans/${(await records()).planId}` }) },
    "POST /api/oversight/plans/{planId}/tasks": {
      allowed: manage,
      success: 201,
      request: async () => ({
        path: `/api/oversight/plans/${(await records()).planId}/tasks`,
        body: { duty: "awareness", title: "Nói chuyện chuyên đề cho nam giới", unit: { kind: "department", name: "Phòng Gia đình" }, dueDate: "2026-12-31" },
      }),
    },
    "GET /api/oversight/tasks/{taskId}": {
      allowed: readers,
      success: 200,
      commune,
      request: async () => ({ path: `/api/oversight/tasks/${(await help.task(commune())).id}` }),
    },
    "PATCH /api/oversight/tasks/{taskId}": {
      allowed: manage,
      success: 200,
      commune,
      request: async () => ({ path: `/api/oversight/tasks/${(await help.task(commune())).id}`, body: { expectedVersion: 1, dueDate: "2026-12-30" } }),
    },
    "POST /api/oversight/tasks/{taskId}/progress": {
      allowed: reporters,
      success: 201,
      commune,
      request: async () => ({
        path: `/api/oversight/tasks/${(await help.task(commune())).id}/progress`,
        body: { expectedVersion: 1, status: "in-progress", text: "Đã rà soát 5 thôn" },
      }),
    },
    "GET /api/oversight/checklist": { allowed: manage, success: 200, request: async () => ({ path: "/api/oversight/checklist" }) },
    "PUT /api/oversight/checklist": {
      allowed: manage,
      success: 200,
      request: async () => {
        // The current version, whatever other cells saved before: the cell tests access, not staleness.
        const current = await system().call("GET", "/api/oversight/checklist", { token: help.provinceOfficer() });
        return { path: "/api/oversight/checklist", body: { expectedVersion: current.json.version, questions: current.json.questions } };
      },
    },
    "GET /api/oversight/inspections": { allowed: manage, success: 200, request: async () => ({ path: "/api/oversight/inspections" }) },
    "POST /api/oversight/inspections": {
      allowed: manage,
      success: 201,
      request: async () => ({
        path: "/api/oversight/inspections",
        body: {
          title: "Kiểm tra của ma trận quyền",
          decision: { number: "1/QĐ", date: "2026-03-01", issuer: "Sở VHTTDL" },
          team: [{ name: "Trưởng đoàn A", role: "Trưởng đoàn" }],
          communes: [commune()],
          periodFrom: "2026-01-01",
          periodTo: "2026-03-01",
          startDate: "2026-03-02",
          endDate: "2026-03-03",
        },
      }),
    },
    "GET /api/oversight/inspections/{inspectionId}": {
      allowed: manage,
      success: 200,
      request: async () => ({ path: `/api/oversight/inspections/${(await records()).inspectionId}` }),
    },
    "PUT /api/oversight/inspections/{inspectionId}/units/{commune}": {
      allowed: manage,
      success: 200,
      request: async () => {
        const { id: inspectionId } = await help.inspection([commune()]);
        return {
          path: `/api/oversight/inspections/${inspectionId}/units/${commune()}`,
          body: { expectedVersion: 0, answers: [{ questionId: "plan-issued", answer: "yes" }] },
        };
      },
    },
    "POST /api/oversight/inspections/{inspectionId}/recommendations": {
      allowed: manage,
      success: 201,
      request: async () => ({
        path: `/api/oversight/inspections/${(await records()).inspectionId}/recommendations`,
        body: { text: "Kiến nghị của ma trận quyền", commune: commune(), dueDate: "2026-12-31" },
      }),
    },
    "GET /api/oversight/inspections/{inspectionId}/report": {
      allowed: manage,
      success: 200,
      request: async () => ({ path: `/api/oversight/inspections/${(await records()).inspectionId}/report` }),
    },
    "GET /api/oversight/recommendations/{recommendationId}": {
      allowed: readers,
      success: 200,
      commune,
      request: async () => ({ path: `/api/oversight/recommendations/${(await help.recommendation((await records()).inspectionId, commune())).id}` }),
    },
    "POST /api/oversight/recommendations/{recommendationId}/follow-up": {
      allowed: reporters,
      success: 201,
      commune,
      request: async () => ({
        path: `/api/oversight/recommendations/${(await help.recommendation((await records()).inspectionId, commune())).id}/follow-up`,
        body: { expectedVersion: 1, status: "in-progress", evidence: "" },
      }),
    },
    "GET /api/communes/{commune}/oversight": {
      allowed: readers,
      success: 200,
      commune,
      request: async () => ({ path: `/api/communes/${commune()}/oversight` }),
    },
    "GET /api/oversight/overdue": { allowed: manage, success: 200, request: async () => ({ path: "/api/oversight/overdue" }) },
    "GET /api/oversight/yearly-reports/{year}": { allowed: manage, success: 200, request: async () => ({ path: `/api/oversight/yearly-reports/${year()}` }) },
    "PUT /api/oversight/yearly-reports/{year}": {
      allowed: manage,
      success: 200,
      request: async () => {
        const current = await system().call("GET", `/api/oversight/yearly-reports/${year()}`, { token: help.provinceOfficer() });
        return { path: `/api/oversight/yearly-reports/${year()}`, body: { expectedVersion: current.json.texts.version, blocks: { introduction: "Mở đầu" } } };
      },
    },
    "GET /api/oversight/yearly-reports/{year}/document": {
      allowed: manage,
      success: 200,
      request: async () => ({ path: `/api/oversight/yearly-reports/${year()}/document` }),
    },
    // A plan of its own per cell: a record holds at most 20 files.
    ...fileRows("/api/oversight/plans/{planId}", async () => `/api/oversight/plans/${(await help.plan()).id}`, manage, manage),
    ...fileRows("/api/oversight/tasks/{taskId}", async () => `/api/oversight/tasks/${(await help.task(commune())).id}`, reporters, readers, commune),
    ...fileRows(
      "/api/oversight/recommendations/{recommendationId}",
      async () => `/api/oversight/recommendations/${(await help.recommendation((await records()).inspectionId, commune())).id}`,
      reporters,
      readers,
      commune,
    ),
  };

  /** The three file routes of a record: start an upload, confirm one (a second confirm answers the file too), download. */
  function fileRows(pattern: string, record: () => Promise<string>, writers: readonly OfficerRole[], readers: readonly OfficerRole[], of?: () => string) {
    const uploaded = async () => {
      const path = await record();
      return { path, file: await help.upload(path) };
    };
    return {
      [`POST ${pattern}/files`]: {
        allowed: writers,
        success: 201,
        ...(of ? { commune: of } : {}),
        request: async () => ({ path: `${await record()}/files`, body: { fileName: "a.pdf", contentType: "application/pdf", size: tinyPdf.length } }),
      },
      [`POST ${pattern}/files/{fileId}/confirm`]: {
        allowed: writers,
        success: 200,
        ...(of ? { commune: of } : {}),
        request: async () => {
          const { path, file } = await uploaded();
          return { path: `${path}/files/${file}/confirm` };
        },
      },
      [`GET ${pattern}/files/{fileId}`]: {
        allowed: readers,
        success: 200,
        ...(of ? { commune: of } : {}),
        request: async () => {
          const { path, file } = await uploaded();
          return { path: `${path}/files/${file}` };
        },
      },
    };
  }
};
