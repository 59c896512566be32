import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributePolicies, classifyAttribute, isFieldCiphertext } from "../../shared/table-attributes.ts";
import { tableDefinitions } from "../../shared/tables.ts";
import { commendationHelpers, nominationBody } from "../support/access-matrix/commendations.ts";
import { oversightHelpers } from "../support/access-matrix/oversight.ts";
import { loopbackAddress } from "../support/from-address.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawItems } from "../support/raw-table.ts";

/**
 * The table-wide guarantee: after a flow through the real handlers that writes every kind of item
 * (a report with its addition and triage, a case file with each of its records, a nomination with
 * its remarks, history and an evidence file, a task's progress report, an inspected unit's findings,
 * a recommendation's follow-up, the audit entries of all of it), every string held
 * anywhere in those items — top-level or nested — is either an ESDK ciphertext in an attribute
 * declared sealed, or an attribute on the table's allow-list of non-personal attributes, each with
 * its reason (shared/table-attributes.ts). A new attribute that is neither fails here until it is
 * sealed or declared. Only this file's own records are inspected (other test files write to the
 * same tables at the same time): an item counts when it carries one of this flow's markers (the
 * idempotency table, written by the submission handler alone, is read whole).
 */
let system: OfficerApi;
const province = "ninh-binh";
const markers = new Set<string>();

beforeAll(async () => {
  system = await startOfficerApi(province);
});
afterAll(async () => {
  await system?.close();
});

/** Every string of an item with its path (`a.b`, `list[]`, a map's keys as they are). */
function strings(value: unknown, path: string, found: { path: string; value: string }[]): void {
  if (typeof value === "string") found.push({ path, value });
  else if (value instanceof Set) for (const entry of value) strings(entry, `${path}[]`, found);
  else if (Array.isArray(value)) for (const entry of value) strings(entry, `${path}[]`, found);
  else if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    for (const [key, entry] of Object.entries(value)) strings(entry, path === "" ? key : `${path}.${key}`, found);
  }
}

async function dump(table: keyof typeof tableDefinitions): Promise<Record<string, unknown>[]> {
  return rawItems(system.api.documents, province, table);
}

/** Runs the flow; answers the names and texts typed into it (none may be found in clear). */
async function flow(): Promise<string[]> {
  const commune = system.commune1;
  const officerSub = `officer-${randomUUID()}`;
  markers.add(officerSub);
  const officer = system.tokenFor(["commune-officer"], [commune], { sub: officerSub, name: "Cán Bộ Bảng" }).token;
  const leader = system.tokenFor(["commune-leader"], [commune], { sub: officerSub, name: "Cán Bộ Bảng" }).token;
  const typed = {
    narrative: `Tường thuật riêng ${randomUUID()}`,
    reporter: "Người Báo Tin Riêng",
    victim: "Nạn Nhân Riêng Tư",
    perpetrator: "Người Gây Bạo Lực Riêng",
    address: "Ngõ Riêng 99",
    phone: "0933 777 111",
    fileName: "Biên bản của Trần Thị Tệp.pdf",
    nominee: "Người Được Khen Riêng",
    comments: "Nhận xét nêu tên Ông Góp Ý",
    progress: "Tiến độ nêu tên Bà Tiến Độ",
    findings: "Phát hiện nêu tên Ông Kiểm Tra Riêng",
    evidence: "Minh chứng nêu tên Bà Minh Chứng",
    taskDescription: "Nhiệm vụ nêu tên Ông Mô Tả",
    recommendation: "Kiến nghị nêu tên Bà Kiến Nghị",
    member: "Thành Viên Nhóm Riêng",
    party: "Bên Hòa Giải Riêng",
    conflict: `Mâu thuẫn riêng ${randomUUID()}`,
    mediators: "Hòa Giải Viên Riêng",
    mediationVillage: "Xóm Hòa Giải Riêng",
    activityNotes: "Ghi chú nêu tên Ông Ghi Chú Riêng",
    participant: "Học Viên Riêng Tư",
    certificate: "CC-RIENG-01",
    correction: "Sửa vì hồ sơ của Bà Sửa Số bị trùng",
    returnReason: "Trả lại: thiếu hồ sơ của Ông Trả Lại",
  };
  const expectOk = (answer: Awaited<ReturnType<OfficerApi["call"]>>, status = 200) => {
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    return answer.json;
  };

  // Reports: a public submission (receipt, idempotency), an addition, an intake, a triage with a reason.
  const idempotencyKey = randomUUID();
  const publicReport = {
    commune,
    narrative: typed.narrative,
    acts: ["a"],
    location: typed.address,
    danger: "no",
    victim: { sex: "female", ageBand: "16-59", child: false },
    reporter: { anonymous: false, name: typed.reporter, phone: typed.phone, relationship: "self" },
    safeContact: { mayCall: true, when: "Sau 9 giờ", channel: "call", neverCall: typed.phone },
    consentToContact: true,
  };
  const receipt = expectOk(
    await system.call("POST", "/api/reports", { body: publicReport, headers: { "idempotency-key": idempotencyKey }, from: loopbackAddress() }),
    201,
  );
  expectOk(await system.call("POST", "/api/receipts/additions", { body: { receiptCode: receipt.receiptCode, text: `Thêm: ${typed.victim}` } }), 201);
  // The public report's id: the one online report of the inbox whose narrative is ours.
  const online = expectOk(await system.call("GET", `/api/communes/${commune}/reports?channel=online&limit=100`, { token: officer }));
  for (const entry of online.items as { id: string; additions: number }[]) {
    if (entry.additions !== 1) continue;
    const detail = expectOk(await system.call("GET", `/api/reports/${entry.id}`, { token: officer }));
    if (detail.narrative === typed.narrative) markers.add(entry.id);
  }
  expect(markers.size).toBe(2);
  const intake = expectOk(
    await system.call("POST", `/api/communes/${commune}/reports`, {
      token: officer,
      body: { ...publicReport, channel: "hotline", receivedAt: new Date().toISOString(), receivedByName: typed.reporter },
    }),
    201,
  );
  markers.add(intake.id);
  const triaged = expectOk(
    await system.call("POST", `/api/reports/${intake.id}/triage`, {
      token: officer,
      body: { action: "open-case", expectedVersion: intake.version, reason: `Lý do nêu ${typed.victim}` },
    }),
  );
  const caseId = triaged.caseId as string;
  markers.add(caseId);

  // A case file with each kind of record.
  let version = expectOk(await system.call("GET", `/api/cases/${caseId}`, { token: officer })).version as number;
  const change = async (method: string, suffix: string, body: object, token = officer) => {
    const answer = expectOk(
      await system.call(method, `/api/cases/${caseId}${suffix}`, { token, body: { expectedVersion: version, ...body } }),
      method === "POST" && !suffix.endsWith("/status") ? 201 : 200,
    );
    version = answer.version;
    return answer;
  };
  const facts = { sex: "female", ageBand: "18-59", relationship: "spouse", vulnerabilities: ["pregnant"] };
  await change("POST", "/parties", { role: "victim", name: typed.victim, phone: typed.phone, address: typed.address, birthYear: 1990, ...facts });
  const parties = (await change("POST", "/parties", { role: "perpetrator", name: typed.perpetrator, ...facts, sex: "male", vulnerabilities: [] })).parties;
  const victimId = parties.find((party: { role: string }) => party.role === "victim").partyId;
  const perpetratorId = parties.find((party: { role: string }) => party.role === "perpetrator").partyId;
  await change("PATCH", "", {
    assignedOfficers: [{ officerId: officerSub, name: "Cán Bộ Bảng" }],
    childProtectionOfficer: { name: "Cán Bộ Trẻ Em", unit: "UBND xã" },
  });
  await change("PUT", "/risk", { answers: ["escalating"] });
  await change("PUT", `/parties/${victimId}/consents/referral`, { given: false });
  await change("POST", "/measures", {
    code: "a",
    status: "ordered",
    authority: "case-officer",
    perpetratorId,
    startsAt: new Date().toISOString(),
    decisionNumber: "12/QĐ",
  });
  await change("POST", "/services", { kind: "shelter", victimId, provider: "Nhà tạm lánh", startsOn: "2026-03-01", location: typed.address });
  const { referrals } = await change(
    "POST",
    "/referrals",
    { target: "health", victimId, referredOn: "2026-03-02", override: { reason: `Khẩn cấp cho ${typed.victim}` } },
    leader,
  );
  await change("POST", "/sessions", { kind: "mediation", heldOn: "2026-03-03", outcome: `Kết quả với ${typed.perpetrator}` });
  await change("POST", "/follow-ups", { dueOn: "2026-04-01", notes: `Gặp ${typed.victim}` });
  await change("POST", "/status", { to: "intervening" });
  await change("POST", `/referrals/${referrals[0].referralId}/status`, { status: "declined", on: "2026-03-04", reason: `Từ chối vì ${typed.victim}` });
  await change("POST", "/notes", { text: `Ghi chú về ${typed.perpetrator}` });
  // Work is still open (a measure, a service, a follow-up): a leader closes with a reason.
  await change(
    "POST",
    "/status",
    { to: "closed", reason: "other", note: `Đóng vì ${typed.victim} chuyển đi`, override: `Vượt quyền vì ${typed.victim}` },
    leader,
  );

  // A nomination: remarks, history, an evidence file.
  const help = commendationHelpers(() => system);
  const cycle = await help.createCycle();
  markers.add(cycle);
  const nomination = expectOk(
    await system.call("POST", `/api/commendations/communes/${commune}/nominations`, {
      token: help.tokens.communeOfficer(),
      body: nominationBody(cycle, { nominee: { kind: "individual", name: typed.nominee, unit: "Thôn Riêng" } }),
    }),
    201,
  );
  markers.add(nomination.id);
  await help.upload(nomination.id, { fileName: typed.fileName });
  const submitted = expectOk(
    await system.call("POST", `/api/commendations/nominations/${nomination.id}/submit`, {
      token: help.tokens.communeOfficer(),
      body: { expectedVersion: nomination.version + 0 },
    }),
  );
  expectOk(
    await system.call("POST", `/api/commendations/nominations/${nomination.id}/council`, {
      token: help.tokens.reviewer(),
      body: help.council(submitted.version, { outcome: "return", comments: typed.comments }),
    }),
  );

  // Oversight: a task's description and progress report, an inspected unit's findings and notes, a recommendation and its follow-up.
  const oversight = oversightHelpers(() => system);
  const task = await oversight.task(commune, undefined, typed.taskDescription);
  markers.add(task.id);
  expectOk(
    await system.call("POST", `/api/oversight/tasks/${task.id}/progress`, {
      token: officer,
      body: { expectedVersion: task.version, status: "in-progress", text: typed.progress, documentRef: "45/QĐ-UBND" },
    }),
    201,
  );
  const inspection = await oversight.inspection([commune]);
  markers.add(inspection.id);
  expectOk(
    await system.call("PUT", `/api/oversight/inspections/${inspection.id}/units/${commune}`, {
      token: oversight.provinceOfficer(),
      body: {
        expectedVersion: 0,
        answers: [{ questionId: "plan-issued", answer: "no", note: typed.findings }],
        strengths: typed.findings,
        shortcomings: typed.findings,
      },
    }),
  );
  const recommendation = await oversight.recommendation(inspection.id, commune, undefined, typed.recommendation);
  markers.add(recommendation.id);
  expectOk(
    await system.call("POST", `/api/oversight/recommendations/${recommendation.id}/follow-up`, {
      token: officer,
      body: { expectedVersion: recommendation.version, status: "done", evidence: typed.evidence },
    }),
    201,
  );

  // Prevention: every register (a model with its members, an activity run by it with notes, a
  // mediation turned into a report, a course with a participant), edits, and the staff count.
  const prevention = `/api/communes/${commune}/prevention`;
  const model = expectOk(
    await system.call("POST", `${prevention}/models`, {
      token: officer,
      body: {
        type: "nhom-pcblgd",
        name: "Nhóm PCBLGĐ thôn Bảng",
        village: "Thôn Bảng",
        decision: { number: "7/QĐ-UBND", date: "2026-01-05" },
        status: "active",
        statusSince: "2026-01-05",
        meetingRhythm: "Hằng tháng",
        members: [{ name: typed.member, role: "Trưởng nhóm", sex: "female", birthYear: 1980, phone: typed.phone, board: true }],
        families: 12,
      },
    }),
    201,
  );
  const activity = {
    date: "2026-03-08",
    village: "Thôn Bảng",
    kind: "talk",
    topic: "men",
    topicText: "Nam giới nói không với bạo lực",
    modelId: model.id,
    targetGroups: ["men"],
    participants: { total: 10, men: 6, women: 4 },
    households: 5,
    materials: "Tờ rơi",
    notes: typed.activityNotes,
  };
  const talk = expectOk(await system.call("POST", `${prevention}/activities`, { token: officer, body: activity }), 201);
  expectOk(await system.call("PUT", `/api/prevention/activities/${talk.id}`, { token: officer, body: { ...activity, households: 6, expectedVersion: 1 } }));
  const mediation = expectOk(
    await system.call("POST", `${prevention}/mediations`, {
      token: officer,
      body: {
        date: "2026-03-09",
        village: typed.mediationVillage,
        mediators: typed.mediators,
        parties: [{ name: typed.party, sex: "male", birthYear: 1975, role: "chồng" }],
        conflict: typed.conflict,
        outcome: "referred",
        followUpOn: "2026-04-09",
      },
    }),
    201,
  );
  expectOk(await system.call("POST", `/api/prevention/mediations/${mediation.id}/report`, { token: officer }), 201);
  expectOk(
    await system.call("POST", `${prevention}/courses`, {
      token: officer,
      body: {
        title: "Tập huấn kỹ năng",
        organiser: "UBND xã",
        startsOn: "2026-05-10",
        endsOn: "2026-05-11",
        topic: "Luật PCBLGĐ",
        targetGroup: "Cán bộ xã",
        legalBasis: "Luật PCBLGĐ 2022",
        participants: [
          {
            officerId: officerSub,
            name: typed.participant,
            unit: "UBND xã",
            role: "Công chức",
            sex: "male",
            commune,
            completed: true,
            certificateNumber: typed.certificate,
          },
        ],
      },
    }),
    201,
  );
  const staff = expectOk(await system.call("GET", `${prevention}/staff?year=2018`, { token: officer }));
  expectOk(await system.call("PUT", `${prevention}/staff`, { token: officer, body: { year: 2018, count: 20, expectedVersion: staff.version } }));

  // Statistics: a correction and a return, each with a reason (free text that may name people).
  const period = `/api/statistics/communes/${commune}/periods/2023-H2`;
  const provinceOfficer = system.tokenFor(["province-officer"], "province", { sub: officerSub, name: "Cán Bộ Bảng" }).token;
  const entered = expectOk(
    await system.call("PUT", period, {
      token: officer,
      body: { expectedVersion: 0, corrections: { "victims/female/18-59": { value: 3, reason: typed.correction } } },
    }),
  );
  const forApproval = expectOk(await system.call("POST", `${period}/submit`, { token: leader, body: { expectedVersion: entered.version } }));
  const returned = expectOk(
    await system.call("POST", `${period}/return`, { token: provinceOfficer, body: { expectedVersion: forApproval.version, reason: typed.returnReason } }),
  );
  // The reasons are read back for the officers who may read the report.
  const report = expectOk(await system.call("GET", period, { token: officer })).report as { returnReason?: string; history: { reason?: string }[] };
  expect(report.returnReason).toBe(typed.returnReason);
  expect(report.history.map((step) => step.reason).filter(Boolean)).toEqual([typed.returnReason]);
  expect(returned.version).toBe(3);
  return Object.values(typed);
}

describe("every string attribute is sealed or declared non-personal", () => {
  it("holds for the items the handlers write, in every table", async () => {
    const typed = await flow();
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (const table of Object.keys(attributePolicies) as (keyof typeof attributePolicies)[]) {
      // The idempotency table is written by the submission handler only, in one shape: all of it.
      const items = (await dump(table)).filter((item) => {
        if (table === "idempotency") return true;
        const text = JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value] : value));
        return [...markers].some((marker) => text.includes(marker));
      });
      for (const item of items) {
        const found: { path: string; value: string }[] = [];
        strings(item, "", found);
        for (const { path, value } of found) {
          seen.set(`${table}.${path}`, (seen.get(`${table}.${path}`) ?? 0) + 1);
          const kind = classifyAttribute(table, path);
          if (kind === "sealed" && !isFieldCiphertext(value)) problems.push(`${table}: ${path} is declared sealed but holds no ciphertext`);
          if (kind === undefined) problems.push(`${table}: ${path} is neither sealed nor on the allow-list (shared/table-attributes.ts)`);
          for (const text of typed) if (value.includes(text)) problems.push(`${table}: ${path} holds "${text}" in clear`);
        }
      }
    }
    expect([...new Set(problems)].sort()).toEqual([]);
    // The flow reached every table that holds personal data, and sealed something in each.
    for (const table of ["reports", "cases", "commendations", "oversight", "prevention", "statistics", "idempotency", "audit"]) {
      expect(
        [...seen.keys()].some((key) => key.startsWith(`${table}.`)),
        table,
      ).toBe(true);
    }
    for (const attribute of [
      "reports.sealed",
      "cases.sealed",
      "commendations.sealed",
      "reports.textSealed",
      "commendations.commentsSealed",
      "oversight.sealed",
      "prevention.personal",
      "statistics.sealed",
    ]) {
      expect(seen.has(attribute), attribute).toBe(true);
    }
  });

  it("has a policy for every table, or says why a table holds no personal data about a person in a case", () => {
    const withoutPolicy: Partial<Record<keyof typeof tableDefinitions, string>> = {
      directory: "public service points and trusted addresses (organisations, published contacts)",
      officers: "officer accounts (staff acting in their role)",
      throttle: "failed-attempt counters keyed by a keyed hash of the subject (sign-in, code lookup, client address)",
      revocations: "revoked officer sessions (officer ids and times)",
    };
    for (const table of Object.keys(tableDefinitions) as (keyof typeof tableDefinitions)[]) {
      expect(attributePolicies[table] !== undefined || withoutPolicy[table] !== undefined, table).toBe(true);
    }
  });

  it("declares a reason for every clear attribute, and no attribute both sealed and clear", () => {
    for (const [table, policy] of Object.entries(attributePolicies)) {
      for (const [path, reason] of Object.entries(policy.clear)) expect(reason.length, `${table}.${path}`).toBeGreaterThan(5);
      for (const path of policy.sealed) expect(Object.hasOwn(policy.clear, path), `${table}.${path}`).toBe(false);
    }
  });
});
