import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficerRecord } from "../../functions/admin/officer-directory.ts";
import { fieldCipherFromEnv } from "../../functions/lib/field-encryption.ts";
import { runOversightReminders } from "../../functions/oversight/jobs.ts";
import { DynamoOversightRepository } from "../../functions/oversight/repository.ts";
import { OversightService } from "../../functions/oversight/service.ts";
import type { Message } from "../../functions/reports/notifier.ts";
import { StatisticsProjector } from "../../functions/statistics/projector.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { addDays } from "../../shared/vietnam-time.ts";
import { tinyPdf } from "../support/access-matrix/commendations.ts";
import { oversightHelpers } from "../support/access-matrix/oversight.ts";
import { bodies } from "../support/access-matrix/prevention.ts";
import { openTestCase } from "../support/cases.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawItems } from "../support/raw-table.ts";

/**
 * Oversight through the local server and the real handler: the plan's tasks and the inspections'
 * recommendations (lifecycles, 409 on stale edits, overdue in Vietnam days), the DOCX papers parsed
 * back, the reminders (grouped, at most once a day) and the table holding no free text in clear.
 * Who may call which route is the access matrix's (tests/support/access-matrix/oversight.ts).
 */
let system: OfficerApi;
const help = oversightHelpers(() => system);
const { expectStatus } = help;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const communeOfficer = (commune: string) => system.tokenFor(["commune-officer"], [commune]).token;

async function docxText(path: string): Promise<string> {
  const response = await fetch(`${system.api.url}${path}`, { headers: { authorization: `Bearer ${help.provinceOfficer()}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
  const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
  const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  return xml.replace(/<w:tab\/>/g, " ").replace(/<[^>]+>/g, "");
}

describe("the plan's tasks", () => {
  it("gives each chosen commune its own task, which only that commune reads and reports on, with 409 on a stale report", async () => {
    const { commune1, commune2 } = system;
    const plan = await help.plan();
    const tasks = await help.tasks(plan.id, [commune1, commune2]);
    expect(tasks.map((task: { unit: { commune: string } }) => task.unit.commune).sort()).toEqual([commune1, commune2].sort());
    const mine = tasks.find((task: { unit: { commune: string } }) => task.unit.commune === commune1);

    const work = await expectStatus(system.call("GET", `/api/communes/${commune1}/oversight`, { token: communeOfficer(commune1) }), 200);
    expect(work.tasks.map((task: { id: string }) => task.id)).toContain(mine.id);
    expect(work.tasks.map((task: { id: string }) => task.id)).not.toContain(tasks.find((task: { id: string }) => task.id !== mine.id).id);
    expect((await system.call("GET", `/api/oversight/tasks/${mine.id}`, { token: communeOfficer(commune2) })).status).toBe(404);

    const reported = await expectStatus(
      system.call("POST", `/api/oversight/tasks/${mine.id}/progress`, {
        token: communeOfficer(commune1),
        body: { expectedVersion: 1, status: "in-progress", text: "Đã rà soát địa chỉ tin cậy ở 5 thôn", documentRef: "Báo cáo số 12/BC-UBND" },
      }),
      201,
    );
    expect(reported.task).toMatchObject({ status: "in-progress", version: 2 });
    expect(reported.progress).toEqual([
      expect.objectContaining({ text: "Đã rà soát địa chỉ tin cậy ở 5 thôn", status: "in-progress", documentRef: "Báo cáo số 12/BC-UBND" }),
    ]);

    const stale = await system.call("POST", `/api/oversight/tasks/${mine.id}/progress`, {
      token: communeOfficer(commune1),
      body: { expectedVersion: 1, status: "done", text: "Hoàn thành" },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.current.task.version).toBe(2);

    const done = await expectStatus(
      system.call("POST", `/api/oversight/tasks/${mine.id}/progress`, {
        token: communeOfficer(commune1),
        body: { expectedVersion: 2, status: "done", text: "Hoàn thành" },
      }),
      201,
    );
    expect(done.task.status).toBe("done");
    expect(done.progress).toHaveLength(2);
  });

  it("computes overdue from the due day in Vietnam time, and a done task is never overdue", async () => {
    const today = help.today();
    const late = await help.task(system.commune1, addDays(today, -1));
    const dueToday = await help.task(system.commune1, today);
    expect(late.overdue).toBe(true);
    expect(dueToday.overdue).toBe(false);
    const overdue = await expectStatus(system.call("GET", "/api/oversight/overdue", { token: help.provinceOfficer() }), 200);
    const ids = overdue.tasks.map((task: { id: string }) => task.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(dueToday.id);
    await expectStatus(
      system.call("POST", `/api/oversight/tasks/${late.id}/progress`, {
        token: communeOfficer(system.commune1),
        body: { expectedVersion: 1, status: "done", text: "Xong" },
      }),
      201,
    );
    const after = await expectStatus(system.call("GET", "/api/oversight/overdue", { token: help.provinceOfficer() }), 200);
    expect(after.tasks.map((task: { id: string }) => task.id)).not.toContain(late.id);
  });

  it("refuses a commune outside the province and a stale edit by the province", async () => {
    const plan = await help.plan();
    const refused = await system.call("POST", `/api/oversight/plans/${plan.id}/tasks`, {
      token: help.provinceOfficer(),
      body: { duty: "awareness", title: "Nhiệm vụ", unit: { kind: "communes", communes: ["99999"] }, dueDate: "2026-12-31" },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({ field: "body.unit.communes.0" });
    const badDay = await system.call("POST", `/api/oversight/plans/${plan.id}/tasks`, {
      token: help.provinceOfficer(),
      body: { duty: "awareness", title: "Nhiệm vụ", unit: { kind: "department", name: "Phòng Gia đình" }, dueDate: "2026-02-30" },
    });
    expect(badDay.status).toBe(400);
    expect(badDay.json.errors[0]).toMatchObject({ field: "body.dueDate", message: expect.stringMatching(/ngày có thật/) });

    const task = await help.task(system.commune1);
    await expectStatus(
      system.call("PATCH", `/api/oversight/tasks/${task.id}`, { token: help.provinceOfficer(), body: { expectedVersion: 1, dueDate: "2026-12-30" } }),
      200,
    );
    const stale = await system.call("PATCH", `/api/oversight/tasks/${task.id}`, {
      token: help.provinceOfficer(),
      body: { expectedVersion: 1, dueDate: "2026-12-29" },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.current.task.dueDate).toBe("2026-12-30");
  });
});

describe("inspections and their recommendations", () => {
  it("records a unit's checklist, follows a recommendation up to done with evidence, and exports the report", async () => {
    const { commune1 } = system;
    const inspection = await help.inspection([commune1]);
    expect(inspection.checklist.length).toBeGreaterThan(0);
    const unitPath = `/api/oversight/inspections/${inspection.id}/units/${commune1}`;
    const unit = {
      answers: [
        { questionId: "plan-issued", answer: "yes" },
        { questionId: "trusted-addresses", answer: "no", note: "Địa chỉ tin cậy thôn Đông ngừng hoạt động" },
      ],
      strengths: "Xã ban hành kế hoạch đúng hạn",
      shortcomings: "Chưa cập nhật đường dây nóng",
    };
    await expectStatus(system.call("PUT", unitPath, { token: help.provinceOfficer(), body: { expectedVersion: 0, ...unit } }), 200);
    expect((await system.call("PUT", unitPath, { token: help.provinceOfficer(), body: { expectedVersion: 0, ...unit } })).status).toBe(409);
    const unknownQuestion = await system.call("PUT", unitPath, {
      token: help.provinceOfficer(),
      body: { expectedVersion: 1, answers: [{ questionId: "nope", answer: "yes" }] },
    });
    expect(unknownQuestion.status).toBe(400);

    const elsewhere = await system.call("POST", `/api/oversight/inspections/${inspection.id}/recommendations`, {
      token: help.provinceOfficer(),
      body: { text: "Kiến nghị", commune: system.commune2, dueDate: "2026-12-31" },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.errors[0].field).toBe("body.commune");

    const recommendation = await help.recommendation(inspection.id, commune1, addDays(help.today(), -2));
    expect(recommendation).toMatchObject({ status: "open", overdue: true });
    const path = `/api/oversight/recommendations/${recommendation.id}/follow-up`;
    const noEvidence = await system.call("POST", path, { token: communeOfficer(commune1), body: { expectedVersion: 1, status: "done", evidence: "" } });
    expect(noEvidence.status, JSON.stringify(noEvidence.json)).toBe(400);
    expect(noEvidence.json.errors[0].field).toBe("body.evidence");
    const done = await expectStatus(
      system.call("POST", path, {
        token: communeOfficer(commune1),
        body: { expectedVersion: 1, status: "done", evidence: "Quyết định kiện toàn số 45/QĐ-UBND" },
      }),
      201,
    );
    expect(done.recommendation).toMatchObject({ status: "done", overdue: false, version: 2 });
    expect(done.followUps[0]).toMatchObject({ status: "done", evidence: "Quyết định kiện toàn số 45/QĐ-UBND" });
    expect((await system.call("POST", path, { token: communeOfficer(commune1), body: { expectedVersion: 1, status: "open", evidence: "" } })).status).toBe(409);

    const text = await docxText(`/api/oversight/inspections/${inspection.id}/report`);
    const order = [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "BÁO CÁO",
      "I. THÀNH PHẦN ĐOÀN KIỂM TRA",
      "II. ĐƠN VỊ ĐƯỢC KIỂM TRA",
      "III. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA",
      "IV. KIẾN NGHỊ",
      "Nơi nhận",
    ];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("123/QĐ-SVHTTDL");
    expect(text).toContain("Địa chỉ tin cậy thôn Đông ngừng hoạt động");
    expect(text).toContain("Đã thực hiện");
  });

  it("drafts the yearly report with its sections in the plan's order, pulled figures and the texts written on the page", async () => {
    const year = help.today().slice(0, 4);
    const plan = await help.plan("Kế hoạch năm của báo cáo");
    await help.tasks(plan.id, [system.commune1], addDays(help.today(), 10), "awareness");
    const current = await expectStatus(system.call("GET", `/api/oversight/yearly-reports/${year}`, { token: help.provinceOfficer() }), 200);
    // Every figure is pulled from a source of this deployment: none is missing.
    expect(current.figures.every((figure: { value: number | null }) => figure.value !== null)).toBe(true);
    const marker = `Tỉnh đã triển khai đồng bộ ${Date.now()}`;
    await expectStatus(
      system.call("PUT", `/api/oversight/yearly-reports/${year}`, {
        token: help.provinceOfficer(),
        body: { expectedVersion: current.texts.version, blocks: { introduction: marker, awareness: "Tuyên truyền hướng tới nam giới." } },
      }),
      200,
    );
    const stale = await system.call("PUT", `/api/oversight/yearly-reports/${year}`, {
      token: help.provinceOfficer(),
      body: { expectedVersion: current.texts.version, blocks: {} },
    });
    expect(stale.status).toBe(409);

    const text = await docxText(`/api/oversight/yearly-reports/${year}/document`);
    const sections = [
      "I. LÃNH ĐẠO, CHỈ ĐẠO VÀ KIỂM TRA",
      "II. TUYÊN TRUYỀN, NÂNG CAO NHẬN THỨC",
      "III. PHÒNG NGỪA BẠO LỰC GIA ĐÌNH",
      "IV. CAN THIỆP, HỖ TRỢ NẠN NHÂN",
      "V. THI ĐUA, KHEN THƯỞNG",
    ];
    const positions = sections.map((heading) => text.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain(marker);
    expect(text).toContain("Kính gửi: Bộ Văn hóa, Thể thao và Du lịch");
    expect(text).toMatch(/Nhiệm vụ của kế hoạch đã hoàn thành \(trên tổng số \d+\): \d+ nhiệm vụ/);
    expect(text).not.toContain("chưa có dữ liệu");
    expect(text).toMatch(/Số vụ bạo lực gia đình: \d+ vụ/);
    expect(text).toContain("Kiện toàn địa chỉ tin cậy ở các thôn");
  });
});

describe("the yearly report's figures", () => {
  // A past year of its own: no other file writes cases, registers or period reports of it.
  const year = "2021";
  type Figure = { label: string; value: number | null; provisional: boolean; parts?: { label: string; value: number }[] };
  const figure = (figures: Figure[], label: string) => figures.find((entry) => entry.label === label) as Figure;
  const statistics = () => physicalTableName("ninh-binh", "statistics");

  it("pulls cases, victims and activities from the statistics and the registers, provisional until every commune's report is approved", async () => {
    const commune = system.commune1;
    const officer = communeOfficer(commune);
    const before = (await expectStatus(system.call("GET", `/api/oversight/yearly-reports/${year}`, { token: help.provinceOfficer() }), 200))
      .figures as Figure[];

    // A case of that year with a victim, counted by the statistics projector (as the stream would).
    const { caseId } = await openTestCase(system.api.documents, { commune, acts: ["a"], at: `${year}-06-10T03:00:00.000Z` });
    const file = await expectStatus(system.call("GET", `/api/cases/${caseId}`, { token: officer }), 200);
    await expectStatus(
      system.call("POST", `/api/cases/${caseId}/parties`, {
        token: officer,
        body: {
          expectedVersion: file.version,
          role: "victim",
          name: "Nguyễn Thị Bốn",
          sex: "female",
          ageBand: "18-59",
          relationship: "spouse",
          vulnerabilities: [],
        },
      }),
      201,
    );
    const store = new DynamoStatisticsStore(system.api.documents, {
      statistics: statistics(),
      reports: physicalTableName("ninh-binh", "reports"),
      cases: physicalTableName("ninh-binh", "cases"),
    });
    await new StatisticsProjector(store, store, 31).project({ table: "cases", id: caseId });
    // An awareness talk of that year in the commune's register.
    await expectStatus(
      system.call("POST", `/api/communes/${commune}/prevention/activities`, {
        token: officer,
        body: { ...bodies.activities, date: `${year}-03-08`, participants: { total: 10, men: 6, women: 4 } },
      }),
      201,
    );

    const after = (await expectStatus(system.call("GET", `/api/oversight/yearly-reports/${year}`, { token: help.provinceOfficer() }), 200)).figures as Figure[];
    const grew = (label: string) => Number(figure(after, label).value) - Number(figure(before, label).value);
    expect(grew("Số vụ bạo lực gia đình")).toBe(1);
    expect(grew("Số người bị bạo lực gia đình")).toBe(1);
    expect(grew("Lượt người tham dự")).toBe(10);
    expect(grew("Hoạt động tuyên truyền, truyền thông")).toBe(1);
    expect(figure(after, "Lượt người tham dự").parts).toEqual(expect.arrayContaining([expect.objectContaining({ label: "nam" })]));
    expect(figure(after, "Số vụ bạo lực gia đình").provisional).toBe(true);

    const text = await docxText(`/api/oversight/yearly-reports/${year}/document`);
    expect(text).toMatch(/Số vụ bạo lực gia đình: [1-9]\d* vụ \(trong đó: bạo lực thể chất [1-9]/);
    expect(text).toMatch(/Lượt người tham dự: [1-9]\d* lượt người \(trong đó: nam \d+; nữ \d+\) — tạm tính/);
    expect(text).toContain("Số người bị bạo lực gia đình");

    // Every commune's report of the year approved: the figures are no longer provisional.
    const keys = system.province.communes.map((entry) => ({ pk: `PERIOD#${year}`, sk: entry.code }));
    for (const key of keys) {
      await system.api.documents.send(
        new PutCommand({
          TableName: statistics(),
          Item: { ...key, kind: "period-report", period: year, commune: key.sk, status: "approved", version: 1, entered: {}, corrections: {}, history: [] },
        }),
      );
    }
    try {
      const approved = (await expectStatus(system.call("GET", `/api/oversight/yearly-reports/${year}`, { token: help.provinceOfficer() }), 200))
        .figures as Figure[];
      expect(figure(approved, "Số vụ bạo lực gia đình").provisional).toBe(false);
      expect(figure(approved, "Lượt người tham dự").provisional).toBe(false);
      expect(await docxText(`/api/oversight/yearly-reports/${year}/document`)).not.toContain("tạm tính");
    } finally {
      for (const key of keys) await system.api.documents.send(new DeleteCommand({ TableName: statistics(), Key: key }));
    }
  });
});

describe("reminders", () => {
  it("groups each officer's due and overdue items in one message, at most once a day, and nothing for others", async () => {
    // A commune of its own (the access matrix and the tests above use the first two).
    const commune = system.province.communes.map((entry) => entry.code).sort()[7] as string;
    const plan = await help.plan();
    await help.tasks(plan.id, [commune], addDays(help.today(), 3));
    await help.tasks(plan.id, [commune], addDays(help.today(), -1));
    await help.tasks(plan.id, [commune], addDays(help.today(), 30));
    const officer = (id: string, communes: string[], roles: OfficerRecord["roles"]): OfficerRecord =>
      ({ id, email: `${id}@pcblgd.local`, name: id, roles, jurisdiction: { kind: "communes", communes }, status: "active" }) as OfficerRecord;
    const officers = [officer("oversight-a", [commune], ["commune-officer"]), officer("oversight-b", [system.commune2], ["commune-officer"])];
    const tableName = physicalTableName("ninh-binh", "oversight");
    const repository = new DynamoOversightRepository(system.api.documents, tableName, fieldCipherFromEnv, "ninh-binh");
    const run = async (sent: Message[]) =>
      runOversightReminders({
        service: new OversightService(repository, async () => true),
        marks: repository,
        officers: async () => officers,
        deliver: async (message) => {
          sent.push(message);
        },
        communeName: (code) => code,
      });
    const first: Message[] = [];
    await run(first);
    const mine = first.filter((message) => message.to.includes("oversight-a@pcblgd.local"));
    expect(mine).toHaveLength(1);
    // Two of its three tasks are due within 7 days or overdue; the one due in 30 days is not named.
    expect(mine[0]?.text.match(/Kiện toàn địa chỉ tin cậy/g)).toHaveLength(2);
    expect(mine[0]?.text).toContain("Quá hạn");
    const second: Message[] = [];
    await run(second);
    expect(second.filter((message) => message.to.includes("oversight-a@pcblgd.local"))).toHaveLength(0);
  });
});

it("keeps task descriptions, recommendations, progress texts, evidence and findings unreadable in the table", async () => {
  const marker = `Bà Nguyễn Thị Riêng-${Date.now()}`;
  const task = await help.task(system.commune1, undefined, `Phối hợp với ${marker}`);
  expect((await expectStatus(system.call("GET", `/api/oversight/tasks/${task.id}`, { token: communeOfficer(system.commune1) }), 200)).task.description).toBe(
    `Phối hợp với ${marker}`,
  );
  await expectStatus(
    system.call("POST", `/api/oversight/tasks/${task.id}/progress`, {
      token: communeOfficer(system.commune1),
      body: { expectedVersion: 1, status: "in-progress", text: marker },
    }),
    201,
  );
  const inspection = await help.inspection([system.commune1]);
  await expectStatus(
    system.call("PUT", `/api/oversight/inspections/${inspection.id}/units/${system.commune1}`, {
      token: help.provinceOfficer(),
      body: { expectedVersion: 0, answers: [{ questionId: "plan-issued", answer: "no", note: marker }], strengths: marker, shortcomings: marker },
    }),
    200,
  );
  const recommendation = await help.recommendation(inspection.id, system.commune1, undefined, `Xử lý kiến nghị của ${marker}`);
  const read = await expectStatus(system.call("GET", `/api/oversight/recommendations/${recommendation.id}`, { token: communeOfficer(system.commune1) }), 200);
  expect(read.recommendation.text).toBe(`Xử lý kiến nghị của ${marker}`);
  const Items = await rawItems(system.api.documents, "ninh-binh", "oversight");
  expect(JSON.stringify(Items)).not.toContain(marker);
  expect(JSON.stringify(Items)).not.toContain("Riêng");
});

it("reads task descriptions and recommendation texts written in clear before they were sealed, and seals them at the next write", async () => {
  const table = physicalTableName("ninh-binh", "oversight");
  const task = await help.task(system.commune1);
  const inspection = await help.inspection([system.commune1]);
  const recommendation = await help.recommendation(inspection.id, system.commune1);
  // The headers as the first release wrote them: the free text in clear, no envelope.
  const legacy = async (pk: string, field: string, value: string) => {
    const { Item } = await system.api.documents.send(new GetCommand({ TableName: table, Key: { pk, sk: pk.split("#")[0] } }));
    const { sealed: _sealed, ...clear } = Item as Record<string, unknown>;
    await system.api.documents.send(new PutCommand({ TableName: table, Item: { ...clear, [field]: value } }));
  };
  await legacy(`TASK#${task.id}`, "description", "Mô tả cũ lưu dạng rõ");
  await legacy(`REC#${recommendation.id}`, "text", "Kiến nghị cũ lưu dạng rõ");
  const token = communeOfficer(system.commune1);
  expect((await expectStatus(system.call("GET", `/api/oversight/tasks/${task.id}`, { token }), 200)).task.description).toBe("Mô tả cũ lưu dạng rõ");
  const work = await expectStatus(system.call("GET", `/api/communes/${system.commune1}/oversight`, { token }), 200);
  expect(work.recommendations.find((entry: { id: string }) => entry.id === recommendation.id).text).toBe("Kiến nghị cũ lưu dạng rõ");
  // The next write seals it.
  await expectStatus(
    system.call("POST", `/api/oversight/recommendations/${recommendation.id}/follow-up`, {
      token,
      body: { expectedVersion: 1, status: "in-progress", evidence: "" },
    }),
    201,
  );
  const { Item } = await system.api.documents.send(new GetCommand({ TableName: table, Key: { pk: `REC#${recommendation.id}`, sk: "REC" } }));
  expect(Item?.text).toBeUndefined();
  expect(typeof Item?.sealed).toBe("string");
  expect((await expectStatus(system.call("GET", `/api/oversight/recommendations/${recommendation.id}`, { token }), 200)).recommendation.text).toBe(
    "Kiến nghị cũ lưu dạng rõ",
  );
});

describe("files of plans, tasks and recommendations", () => {
  const fileName = "Biên bản của Ông Tệp Riêng.pdf";

  it("uploads through a single-use address, checks the file on confirm, cites it in a report, and serves it as an audited download", async () => {
    const token = communeOfficer(system.commune1);
    const task = await help.task(system.commune1);
    const record = `/api/oversight/tasks/${task.id}`;
    const started = await expectStatus(
      system.call("POST", `${record}/files`, { token, body: { fileName, contentType: "application/pdf", size: tinyPdf.length } }),
      201,
    );
    const put = (bytes: Buffer) =>
      fetch(new URL(started.upload.url, system.api.url), { method: "PUT", headers: started.upload.headers, body: new Uint8Array(bytes) });
    // Confirm before anything arrived: refused, nothing kept.
    expect((await system.call("POST", `${record}/files/${started.file.id}/confirm`, { token })).status).toBe(400);
    expect((await put(tinyPdf)).status).toBe(200);
    expect((await put(tinyPdf)).status).toBe(412);
    await expectStatus(system.call("POST", `${record}/files/${started.file.id}/confirm`, { token }), 200);

    // Another commune's officer reaches neither the task nor its file.
    expect((await system.call("GET", `${record}/files/${started.file.id}`, { token: communeOfficer(system.commune2) })).status).toBe(404);
    const response = await fetch(`${system.api.url}${record}/files/${started.file.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await response.arrayBuffer()).equals(tinyPdf)).toBe(true);

    // A report cites the task's own files only.
    const other = await help.task(system.commune1);
    const foreign = await help.upload(`/api/oversight/tasks/${other.id}`, token);
    const refused = await system.call("POST", `${record}/progress`, {
      token,
      body: { expectedVersion: 1, status: "in-progress", text: "Kèm biên bản", files: [foreign] },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].field).toBe("body.files.0");
    const reported = await expectStatus(
      system.call("POST", `${record}/progress`, { token, body: { expectedVersion: 1, status: "in-progress", text: "Kèm biên bản", files: [started.file.id] } }),
      201,
    );
    expect(reported.progress[0].files).toEqual([started.file.id]);
    const read = await expectStatus(system.call("GET", record, { token }), 200);
    expect(read.files).toEqual([expect.objectContaining({ id: started.file.id, fileName, status: "ready" })]);

    // The download is in the audit log; the file's name is nowhere in the table in clear.
    // (By the record's index, as the audit log reads it: a Scan's first page of the audit table,
    // which every integration file writes to, need not hold it.)
    const { Items: audit } = await system.api.documents.send(
      new QueryCommand({
        TableName: physicalTableName("ninh-binh", "audit"),
        IndexName: "byRecord",
        KeyConditionExpression: "recordKey = :record",
        ExpressionAttributeValues: { ":record": `task#${task.id}` },
      }),
    );
    expect(audit?.some((entry) => entry.action === "attachment.download")).toBe(true);
    const Items = await rawItems(system.api.documents, "ninh-binh", "oversight");
    expect(JSON.stringify(Items)).not.toContain("Ông Tệp Riêng");
  });

  it("refuses a file that is not what was declared, and keeps a plan's document and a recommendation's evidence", async () => {
    const token = communeOfficer(system.commune1);
    const task = await help.task(system.commune1);
    const record = `/api/oversight/tasks/${task.id}`;
    const fake = Buffer.alloc(tinyPdf.length, 0x41);
    const started = await expectStatus(
      system.call("POST", `${record}/files`, { token, body: { fileName: "gia.pdf", contentType: "application/pdf", size: fake.length } }),
      201,
    );
    await fetch(new URL(started.upload.url, system.api.url), { method: "PUT", headers: started.upload.headers, body: new Uint8Array(fake) });
    const confirm = await system.call("POST", `${record}/files/${started.file.id}/confirm`, { token });
    expect(confirm.status).toBe(400);
    expect(confirm.json.errors[0].field).toBe("body.file");
    expect((await expectStatus(system.call("GET", record, { token }), 200)).files).toEqual([]);

    const plan = await help.plan();
    const document = await help.upload(`/api/oversight/plans/${plan.id}`, help.provinceOfficer(), { fileName: "Quyet dinh ban hanh ke hoach.pdf" });
    const planRead = await expectStatus(system.call("GET", `/api/oversight/plans/${plan.id}`, { token: help.provinceOfficer() }), 200);
    expect(planRead.files.map((file: { id: string }) => file.id)).toEqual([document]);

    const inspection = await help.inspection([system.commune1]);
    const recommendation = await help.recommendation(inspection.id, system.commune1);
    const evidence = await help.upload(`/api/oversight/recommendations/${recommendation.id}`, token);
    const done = await expectStatus(
      system.call("POST", `/api/oversight/recommendations/${recommendation.id}/follow-up`, {
        token,
        body: { expectedVersion: 1, status: "done", evidence: "Biên bản niêm yết kèm theo", files: [evidence] },
      }),
      201,
    );
    expect(done.followUps[0].files).toEqual([evidence]);
    expect(done.recommendation.status).toBe("done");
  });
});
