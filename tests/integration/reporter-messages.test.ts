import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { physicalTableName } from "../../shared/tables.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Talking back to the reporter (issue 14, part 5), through the local server and the real handler
 * on DynamoDB Local: an officer writes, the reporter reads it with the receipt code (JSON and the
 * plain form page) and answers; officers read the thread; the texts are encrypted at rest; the
 * receipt-code lock-out applies to answers.
 */
let system: OfficerApi;
let commune: string;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  commune = system.commune1;
});
afterAll(async () => {
  await system?.close();
});

const address = () => `203.0.113.${String(Math.floor(Math.random() * 250) + 1)}`;
const officer = () => system.tokenFor(["commune-officer"], [commune], { name: "Cán bộ Thư" }).token;

/** A public report of its own: its id (found by its marker) and its receipt code. */
async function onlineReport() {
  const marker = randomUUID();
  const submitted = await system.call("POST", "/api/reports", {
    body: { commune, narrative: `Hàng xóm bị đánh ${marker}`, acts: ["a"], danger: "no", reporter: { anonymous: true }, consentToContact: false },
    headers: { "idempotency-key": randomUUID(), "x-forwarded-for": address() },
  });
  expect(submitted.status).toBe(201);
  const inbox = await system.call("GET", `/api/communes/${commune}/reports?limit=50&channel=online&status=new`, { token: officer() });
  for (const item of inbox.json.items as { id: string }[]) {
    const detail = await system.call("GET", `/api/reports/${item.id}`, { token: officer() });
    if (String(detail.json.narrative).includes(marker)) return { reportId: item.id, code: submitted.json.receiptCode as string };
  }
  throw new Error("the report is not in the inbox");
}

async function postForm(path: string, fields: [string, string][]) {
  const response = await fetch(`${system.api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address() },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, text: await response.text() };
}

describe("the thread with the reporter", () => {
  it("an officer writes, the reporter reads it with the code and answers; officers read both", async () => {
    const { reportId, code } = await onlineReport();
    const message = "Chúng tôi đã đến thăm; nếu chuyện xảy ra lần nữa hãy gọi 113.";
    const sent = await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: message } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    expect(sent.json.messages).toMatchObject([{ from: "officer", text: message, byName: "Cán bộ Thư" }]);

    const status = await system.call("POST", "/api/receipts/status", { body: { receiptCode: code }, headers: { "x-forwarded-for": address() } });
    expect(status.json.thread.canReply).toBe(true);
    expect(status.json.thread.entries).toEqual([{ from: "officer", at: expect.any(String), text: message }]);
    // The officer's name is not the reporter's business.
    expect(JSON.stringify(status.json)).not.toContain("Thư");

    const answer = "Cảm ơn, tối nay anh ấy lại say rượu.";
    const replied = await system.call("POST", "/api/receipts/replies", {
      body: { receiptCode: code, text: answer },
      headers: { "x-forwarded-for": address() },
    });
    expect(replied.status, JSON.stringify(replied.json)).toBe(201);
    // The reporter's own words are not shown back with the code: only when they answered.
    expect(replied.json.thread.entries).toEqual([
      { from: "officer", at: expect.any(String), text: message },
      { from: "reporter", at: expect.any(String) },
    ]);
    expect(JSON.stringify(replied.json)).not.toContain("say rượu");

    const thread = await system.call("GET", `/api/reports/${reportId}/messages`, { token: officer() });
    expect(thread.status).toBe(200);
    expect(thread.json.reachable).toBe(true);
    expect(thread.json.messages.map((entry: { from: string; text: string }) => [entry.from, entry.text])).toEqual([
      ["officer", message],
      ["reporter", answer],
    ]);
  });

  it("the reporter's answer tells the commune's officers by e-mail (the outbox): the report's reference, never the words", async () => {
    const admin = system.tokenFor(["province-admin"], "province").token;
    const email = `thu-tra-loi-${randomUUID().slice(0, 8)}@pcblgd.test`;
    const invited = await system.call("POST", "/api/admin/officers", {
      token: admin,
      body: { email, name: "Cán bộ Nhận Thư", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: [commune] } },
    });
    expect(invited.status, JSON.stringify(invited.json)).toBe(201);
    const { reportId, code } = await onlineReport();
    const lettersAbout = () =>
      readdirSync(system.api.outboxDir)
        .map((file) => readFileSync(join(system.api.outboxDir, file), "utf8"))
        .filter((letter) => letter.includes(reportId) && letter.includes("trả lời"));
    await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: "Chị có cần hỗ trợ gì thêm không?" } });
    expect(lettersAbout()).toEqual([]);

    const answer = "Em cần gặp cán bộ pháp lý vào chiều thứ bảy.";
    const replied = await system.call("POST", "/api/receipts/replies", {
      body: { receiptCode: code, text: answer },
      headers: { "x-forwarded-for": address() },
    });
    expect(replied.status).toBe(201);
    const letters = lettersAbout();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toContain(email);
    expect(letters[0]).not.toContain("pháp lý");
    expect(letters[0]).not.toContain("thứ bảy");
    expect(letters[0]).not.toContain("Hàng xóm");
  });

  it("works without JavaScript: the status page shows the message and the answer form; the answer posts as a form", async () => {
    const { reportId, code } = await onlineReport();
    await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: "Bạn có an toàn không? <hãy trả lời>" } });
    const page = await postForm("/api/receipts/status", [["receiptCode", code]]);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Bạn có an toàn không? &lt;hãy trả lời&gt;");
    expect(page.text).toContain('action="/api/receipts/replies"');
    expect(page.text).not.toMatch(/<script/i);
    const answered = await postForm("/api/receipts/replies", [
      ["receiptCode", code],
      ["text", "Tôi an toàn, cảm ơn."],
    ]);
    expect(answered.status).toBe(201);
    expect(answered.text).toContain("Đã gửi trả lời");
    expect(answered.text).not.toContain("Tôi an toàn");
    const thread = await system.call("GET", `/api/reports/${reportId}/messages`, { token: officer() });
    expect(thread.json.messages.at(-1)).toMatchObject({ from: "reporter", text: "Tôi an toàn, cảm ơn." });
  });

  it("refuses an answer before any officer wrote, a message to a report without a receipt code, and bad input", async () => {
    const { reportId, code } = await onlineReport();
    const early = await system.call("POST", "/api/receipts/replies", {
      body: { receiptCode: code, text: "Xin chào" },
      headers: { "x-forwarded-for": address() },
    });
    expect(early.status).toBe(400);
    expect(early.json.errors[0]).toMatchObject({ field: "body.text" });
    expect(early.json.errors[0].message_en).toBeTruthy();

    const intake = await system.call("POST", `/api/communes/${commune}/reports`, {
      token: officer(),
      body: {
        commune,
        narrative: "Gọi đường dây nóng",
        acts: ["b"],
        danger: "no",
        reporter: { anonymous: true },
        consentToContact: false,
        channel: "hotline",
        receivedAt: new Date().toISOString(),
      },
    });
    const unreachable = await system.call("POST", `/api/reports/${intake.json.id}/messages`, { token: officer(), body: { text: "Xin chào" } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.json.errors[0].field).toBe("body.text");

    const empty = await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: "   " } });
    expect(empty.status).toBe(400);
    const unknownField = await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: "x", to: "someone" } });
    expect(unknownField.status).toBe(400);
    const thread = await system.call("GET", `/api/reports/${reportId}/messages`, { token: officer() });
    expect(thread.json.messages).toEqual([]);
  });

  it("keeps the texts encrypted at rest", async () => {
    const { reportId, code } = await onlineReport();
    const secret = `Tin nhắn bí mật ${randomUUID()}`;
    await system.call("POST", `/api/reports/${reportId}/messages`, { token: officer(), body: { text: secret } });
    const answer = `Câu trả lời bí mật ${randomUUID()}`;
    const replied = await system.call("POST", "/api/receipts/replies", {
      body: { receiptCode: code, text: answer },
      headers: { "x-forwarded-for": address() },
    });
    expect(replied.status, JSON.stringify(replied.json)).toBe(201);
    const { Items = [] } = await system.api.documents.send(
      new QueryCommand({
        TableName: physicalTableName(system.province.slug, "reports"),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `REPORT#${reportId}` },
      }),
    );
    const dump = JSON.stringify(Items);
    expect(Items.filter((item) => String(item.sk).startsWith("MESSAGE#"))).toHaveLength(2);
    expect(dump).not.toContain("bí mật");
  });
  // Last: the lock-out may hold every later lookup from this client.
  it("the receipt-code lock-out applies to answers", async () => {
    const from = { "x-forwarded-for": "198.51.100.123" };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push(
        (await system.call("POST", "/api/receipts/replies", { body: { receiptCode: `2222 3333 4444 ${String(5000 + attempt)}`, text: "x" }, headers: from }))
          .status,
      );
    }
    expect(statuses.slice(0, 4)).toEqual([404, 404, 404, 404]);
    expect(statuses[5]).toBe(429);
  }, 60_000);
});
