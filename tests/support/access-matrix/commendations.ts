import { expect } from "vitest";
import type { OfficerRole } from "../../../shared/permissions.ts";
import { vietnamDay } from "../../../shared/vietnam-time.ts";
import type { OfficerApi } from "../officer-api.ts";
import type { FixtureSet } from "./fixture.ts";

/** A few bytes that pass as a PDF (the server checks the first bytes against the declared type). */
export const tinyPdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

export type Stage = "draft" | "submitted" | "council-approved" | "appraised" | "decided" | "published";

export function nominationBody(cycleId: string, overrides: Record<string, unknown> = {}) {
  return {
    cycleId,
    nominee: { kind: "individual", name: "Nguyễn Thị Hoa", unit: "Chi hội Phụ nữ thôn Đông", position: "Chi hội trưởng" },
    report: {
      background: "Sinh năm 1975, chi hội trưởng từ năm 2015.",
      achievements: "Hòa giải thành 12 vụ mâu thuẫn gia đình; duy trì câu lạc bộ gia đình phát triển bền vững.",
      measures: "Tổ chức sinh hoạt hằng tháng, phối hợp công an xã.",
    },
    form: "giay-khen",
    level: "commune-chair",
    publicConsent: true,
    ...overrides,
  };
}

/** Builds commendation records through the API itself, as the officers would. */
export function commendationHelpers(system: () => OfficerApi) {
  const token = (roles: OfficerRole[], jurisdiction: "province" | string[]) => system().tokenFor(roles, jurisdiction).token;
  const tokens = {
    communeOfficer: (commune = system().commune1) => token(["commune-officer"], [commune]),
    reviewer: () => token(["commendation-reviewer"], "province"),
    appraiser: () => token(["province-officer"], "province"),
    admin: () => token(["province-admin"], "province"),
  };
  const today = () => vietnamDay(new Date());

  const expectStatus = async (result: Promise<{ status: number; json: unknown }>, status: number) => {
    const answer = await result;
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    // biome-ignore lint/suspicious/noExplicitAny: test helper answers
    return answer.json as any;
  };

  async function createCycle(overrides: Record<string, unknown> = {}): Promise<string> {
    const year = Number(today().slice(0, 4));
    const body = {
      name: `Năm ${String(year)} — ${Math.random().toString(36).slice(2, 8)}`,
      kind: "year",
      year,
      submissionDeadline: "2099-12-31",
      ...overrides,
    };
    return (await expectStatus(system().call("POST", "/api/commendations/cycles", { token: tokens.admin(), body }), 201)).id as string;
  }

  let sharedCycle: Promise<string> | undefined;
  const cycleId = () => {
    sharedCycle ??= createCycle();
    return sharedCycle;
  };

  const council = (version: number, overrides: Record<string, unknown> = {}) => ({
    meetingDate: today(),
    membersTotal: 9,
    membersPresent: 8,
    votesFor: 7,
    votesAgainst: 1,
    abstentions: 0,
    outcome: "approve",
    expectedVersion: version,
    ...overrides,
  });

  /** A nomination of `commune` (xã 1 by default) brought to `stage` through the real steps. */
  async function nomination(stage: Stage, options: { commune?: string; cycle?: string; body?: Record<string, unknown> } = {}) {
    const commune = options.commune ?? system().commune1;
    const cycle = options.cycle ?? (await cycleId());
    const call = system().call;
    let current = await expectStatus(
      call("POST", `/api/commendations/communes/${commune}/nominations`, { token: tokens.communeOfficer(commune), body: nominationBody(cycle, options.body) }),
      201,
    );
    const path = `/api/commendations/nominations/${current.id as string}`;
    const steps: [Stage, () => Promise<unknown>][] = [
      [
        "submitted",
        () => expectStatus(call("POST", `${path}/submit`, { token: tokens.communeOfficer(commune), body: { expectedVersion: current.version } }), 200),
      ],
      ["council-approved", () => expectStatus(call("POST", `${path}/council`, { token: tokens.reviewer(), body: council(current.version) }), 200)],
      [
        "appraised",
        () =>
          expectStatus(call("POST", `${path}/appraisal`, { token: tokens.appraiser(), body: { outcome: "approve", expectedVersion: current.version } }), 200),
      ],
      [
        "decided",
        () =>
          expectStatus(
            call("POST", `${path}/decision`, {
              token: tokens.admin(),
              body: { number: "123/QĐ-UBND", date: today(), signer: "Chủ tịch UBND xã", expectedVersion: current.version },
            }),
            200,
          ),
      ],
      ["published", () => expectStatus(call("POST", `${path}/publish`, { token: tokens.admin(), body: { expectedVersion: current.version } }), 200)],
    ];
    const order: Stage[] = ["draft", "submitted", "council-approved", "appraised", "decided", "published"];
    for (const [next, run] of steps) {
      if (order.indexOf(next) > order.indexOf(stage)) break;
      current = await run();
    }
    return current as { id: string; version: number; status: string; commune: string };
  }

  /** Starts an upload, PUTs the bytes to the address the API gave, and (optionally) confirms it. */
  async function upload(nominationId: string, options: { bytes?: Buffer; contentType?: string; fileName?: string; confirm?: boolean; commune?: string } = {}) {
    const bytes = options.bytes ?? tinyPdf;
    const contentType = options.contentType ?? "application/pdf";
    const started = await expectStatus(
      system().call("POST", `/api/commendations/nominations/${nominationId}/attachments`, {
        token: tokens.communeOfficer(options.commune),
        body: { fileName: options.fileName ?? "Bien ban hoa giai.pdf", contentType, size: bytes.length },
      }),
      201,
    );
    const put = await fetch(new URL(started.upload.url, system().api.url), { method: "PUT", headers: started.upload.headers, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    const attachmentId = started.attachment.id as string;
    if (options.confirm !== false) {
      await expectStatus(
        system().call("POST", `/api/commendations/nominations/${nominationId}/attachments/${attachmentId}/confirm`, {
          token: tokens.communeOfficer(options.commune),
        }),
        200,
      );
    }
    return attachmentId;
  }

  return { tokens, today, cycleId, createCycle, nomination, upload, council, expectStatus };
}

const everyone: OfficerRole[] = ["commune-officer", "commune-leader", "province-officer", "commendation-reviewer", "province-admin"];
const commune: OfficerRole[] = ["commune-officer", "commune-leader"];
const provinceReaders: OfficerRole[] = ["province-officer", "commendation-reviewer", "province-admin"];

export const commendationFixtures: FixtureSet = (system) => {
  const help = commendationHelpers(system);
  const nominationPath = async (stage: Stage) => `/api/commendations/nominations/${(await help.nomination(stage)).id}`;
  const atStage = (stage: Stage, suffix: string, body: (version: number) => unknown) => async () => {
    const current = await help.nomination(stage);
    return { path: `/api/commendations/nominations/${current.id}${suffix}`, body: body(current.version) };
  };
  return {
    "POST /api/commendations/cycles": {
      allowed: ["province-admin"],
      success: 201,
      request: async () => ({
        path: "/api/commendations/cycles",
        body: { name: "Đợt ma trận", kind: "campaign", year: 2026, submissionDeadline: "2099-12-31" },
      }),
    },
    "GET /api/commendations/nominations": {
      allowed: provinceReaders,
      success: 200,
      request: async () => ({ path: `/api/commendations/nominations?cycle=${await help.cycleId()}&limit=5` }),
    },
    "GET /api/commendations/communes/{commune}/nominations": {
      allowed: everyone,
      success: 200,
      commune: () => system().commune1,
      request: async () => ({ path: `/api/commendations/communes/${system().commune1}/nominations?cycle=${await help.cycleId()}` }),
    },
    "POST /api/commendations/communes/{commune}/nominations": {
      allowed: commune,
      success: 201,
      commune: () => system().commune1,
      request: async () => ({ path: `/api/commendations/communes/${system().commune1}/nominations`, body: nominationBody(await help.cycleId()) }),
    },
    "GET /api/commendations/nominations/{nominationId}": {
      allowed: everyone,
      success: 200,
      commune: () => system().commune1,
      request: async () => ({ path: await nominationPath("draft") }),
    },
    "PATCH /api/commendations/nominations/{nominationId}": {
      allowed: commune,
      success: 200,
      commune: () => system().commune1,
      request: atStage("draft", "", (version) => {
        const { cycleId: _cycle, ...rest } = nominationBody("x");
        return { ...rest, expectedVersion: version };
      }),
    },
    "POST /api/commendations/nominations/{nominationId}/submit": {
      allowed: commune,
      success: 200,
      commune: () => system().commune1,
      request: atStage("draft", "/submit", (version) => ({ expectedVersion: version })),
    },
    "POST /api/commendations/nominations/{nominationId}/attachments": {
      allowed: commune,
      success: 201,
      commune: () => system().commune1,
      request: atStage("draft", "/attachments", () => ({ fileName: "a.pdf", contentType: "application/pdf", size: tinyPdf.length })),
    },
    "POST /api/commendations/nominations/{nominationId}/attachments/{attachmentId}/confirm": {
      allowed: commune,
      success: 200,
      commune: () => system().commune1,
      request: async () => {
        const current = await help.nomination("draft");
        const attachment = await help.upload(current.id, { confirm: false });
        return { path: `/api/commendations/nominations/${current.id}/attachments/${attachment}/confirm` };
      },
    },
    "GET /api/commendations/nominations/{nominationId}/attachments/{attachmentId}": {
      allowed: everyone,
      success: 200,
      commune: () => system().commune1,
      request: async () => {
        const current = await help.nomination("draft");
        const attachment = await help.upload(current.id);
        return { path: `/api/commendations/nominations/${current.id}/attachments/${attachment}` };
      },
    },
    "POST /api/commendations/nominations/{nominationId}/council": {
      allowed: ["province-officer", "commendation-reviewer"],
      success: 200,
      commune: () => system().commune1,
      request: atStage("submitted", "/council", (version) => help.council(version)),
    },
    "POST /api/commendations/nominations/{nominationId}/appraisal": {
      allowed: ["province-officer"],
      success: 200,
      commune: () => system().commune1,
      request: atStage("council-approved", "/appraisal", (version) => ({ outcome: "approve", expectedVersion: version })),
    },
    "POST /api/commendations/nominations/{nominationId}/decision": {
      allowed: ["province-admin"],
      success: 200,
      commune: () => system().commune1,
      request: atStage("appraised", "/decision", (version) => ({ number: "9/QĐ-UBND", date: help.today(), signer: "Chủ tịch", expectedVersion: version })),
    },
    "POST /api/commendations/nominations/{nominationId}/publish": {
      allowed: ["province-admin"],
      success: 200,
      commune: () => system().commune1,
      request: atStage("decided", "/publish", (version) => ({ expectedVersion: version })),
    },
    "POST /api/commendations/nominations/{nominationId}/revoke": {
      allowed: ["province-admin"],
      success: 200,
      commune: () => system().commune1,
      request: atStage("decided", "/revoke", (version) => ({ reason: "Phát hiện thành tích không đúng sự thật", expectedVersion: version })),
    },
    "GET /api/commendations/cycles/{cycleId}/dossier": {
      allowed: provinceReaders,
      success: 200,
      request: async () => ({ path: `/api/commendations/cycles/${await help.cycleId()}/dossier` }),
    },
    "GET /api/commendations/cycles/{cycleId}/nominees": {
      allowed: provinceReaders,
      success: 200,
      request: async () => ({ path: `/api/commendations/cycles/${await help.cycleId()}/nominees` }),
    },
  };
};
