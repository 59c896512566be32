import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldCipher, kmsKeyring } from "../../functions/lib/field-encryption.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { commendationHelpers, nominationBody } from "../support/access-matrix/commendations.ts";
import { countingKeyArn, startCountingKms } from "../support/counting-kms.ts";
import { loopbackAddress } from "../support/from-address.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { reportBody } from "../support/report-fixtures.ts";

/**
 * KMS requests per operation in AWS mode (FIELD_KEYRING=kms), through the real handlers on
 * DynamoDB Local, with a KMS stand-in that counts and answers with real key material
 * (tests/support/counting-kms.ts). The bar: at most one GenerateDataKey per record written and
 * one Decrypt per record read, and no record decrypted twice in one request. `npm run bench`
 * prints the table this file writes to KMS_COUNTS_FILE.
 */
let system: OfficerApi;
let kms: ReturnType<typeof startCountingKms>;
const rows: { operation: string; records: string; GenerateDataKey: number; Decrypt: number }[] = [];

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  // The functions build their keyring at their first request: from now on, KMS's.
  Object.assign(process.env, { FIELD_KEYRING: "kms", DATA_KEY_ARN: countingKeyArn });
  kms = startCountingKms();
});
afterAll(async () => {
  kms?.restore();
  await system?.close();
  if (process.env.KMS_COUNTS_FILE) writeFileSync(process.env.KMS_COUNTS_FILE, JSON.stringify(rows, null, 2));
});

type Call = Awaited<ReturnType<OfficerApi["call"]>>;

/** Runs one request, checks its status, records its KMS requests (and the records it wrote and read). */
async function measure(
  operation: string,
  expected: { written: number; read: number; records: string },
  request: () => Promise<Call>,
  status = 200,
): Promise<Call> {
  const { result, GenerateDataKey, Decrypt, contexts } = await kms.during(request);
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  rows.push({ operation, records: expected.records, GenerateDataKey, Decrypt });
  expect({ GenerateDataKey, Decrypt }, operation).toEqual({ GenerateDataKey: expected.written, Decrypt: expected.read });
  // No record (a legacy record: no field) is decrypted twice within the request.
  const decrypted = contexts.filter((call) => call.command === "Decrypt").map((call) => `${call.context.recordId} ${call.context.field ?? ""}`);
  expect(new Set(decrypted).size, `${operation}: ${decrypted.join(" ")}`).toBe(decrypted.length);
  return result;
}

describe("KMS requests per operation (FIELD_KEYRING=kms)", () => {
  it("a report, its triage into a case, the case's records, the case page and the lists: one request per record", async () => {
    const commune = system.commune1;
    const officer = system.tokenFor(["commune-officer"], [commune], { name: "Cán bộ KMS" }).token;
    const body = reportBody(commune);
    const headers = { "idempotency-key": randomUUID() };
    const from = loopbackAddress();
    await measure(
      "submit a public report",
      { written: 2, read: 0, records: "the report; the submission's idempotency record (its receipt code)" },
      () => system.call("POST", "/api/reports", { body, headers, from }),
      201,
    );
    await measure(
      "the same submission retried",
      { written: 0, read: 1, records: "the idempotency record" },
      () => system.call("POST", "/api/reports", { body, headers, from }),
      201,
    );
    const intake = await measure(
      "an officer records a report (intake)",
      { written: 1, read: 0, records: "the report; the answer shows it without decrypting" },
      () =>
        system.call("POST", `/api/communes/${commune}/reports`, {
          token: officer,
          body: { ...reportBody(commune), channel: "hotline", receivedAt: new Date().toISOString() },
        }),
      201,
    );
    expect(intake.json.narrative).toContain("Chồng tôi đánh tôi");
    const reportId = intake.json.id as string;
    await measure("the commune's report inbox", { written: 0, read: 0, records: "none (codes only)" }, () =>
      system.call("GET", `/api/communes/${commune}/reports?limit=25`, { token: officer }),
    );
    const detail = await measure("a report's page", { written: 0, read: 1, records: "the report" }, () =>
      system.call("GET", `/api/reports/${reportId}`, { token: officer }),
    );
    const triaged = await measure(
      "triage: open a case, with a reason",
      { written: 1, read: 1, records: "the report, re-sealed with the reason (the case header holds no personal field)" },
      () =>
        system.call("POST", `/api/reports/${reportId}/triage`, {
          token: officer,
          body: { action: "open-case", expectedVersion: detail.json.version, reason: "Bạo lực lặp lại, cần theo dõi" },
        }),
    );
    expect(triaged.json.triage.reason).toBe("Bạo lực lặp lại, cần theo dõi");
    const caseId = triaged.json.caseId as string;
    let version = (await system.call("GET", `/api/cases/${caseId}`, { token: officer })).json.version as number;
    const change = async (operation: string, expected: { written: number; read: number; records: string }, method: string, suffix: string, payload: object) => {
      const answer = await measure(
        operation,
        expected,
        () => system.call(method, `/api/cases/${caseId}${suffix}`, { token: officer, body: { expectedVersion: version, ...payload } }),
        method === "POST" && suffix !== "/status" ? 201 : 200,
      );
      version = answer.json.version;
      return answer;
    };
    const party = { sex: "female", ageBand: "18-59", relationship: "spouse", vulnerabilities: [] };
    await change(
      "case: add a party (name, phone, address)",
      { written: 1, read: 0, records: "writes the party; the answer shows it without decrypting" },
      "POST",
      "/parties",
      {
        role: "victim",
        name: "Lê Thị Hoa",
        phone: "0912345678",
        address: "Xóm 3, thôn Đông",
        ...party,
      },
    );
    const withBoth = await change("case: add a second party", { written: 1, read: 1, records: "writes one party, shows the other" }, "POST", "/parties", {
      role: "perpetrator",
      name: "Phạm Văn Nam",
      ...party,
      sex: "male",
    });
    const perpetratorId = (withBoth.json.parties as { partyId: string; role: string }[]).find((entry) => entry.role === "perpetrator")?.partyId;
    const victimId = (withBoth.json.parties as { partyId: string; role: string }[]).find((entry) => entry.role === "victim")?.partyId;
    await change("case: add a measure", { written: 0, read: 2, records: "shows the two parties (a measure holds no personal field)" }, "POST", "/measures", {
      code: "a",
      status: "proposed",
      authority: "case-officer",
      perpetratorId,
    });
    await change("case: add a shelter with its location", { written: 1, read: 2, records: "writes the service, shows the parties" }, "POST", "/services", {
      kind: "shelter",
      victimId,
      provider: "Nhà tạm lánh",
      startsOn: "2026-03-01",
      location: "Số 7 ngõ Hòa Bình",
    });
    await change(
      "case: plan a follow-up with notes",
      { written: 1, read: 3, records: "writes the follow-up, shows parties and service" },
      "POST",
      "/follow-ups",
      {
        dueOn: "2026-04-01",
        notes: "Thăm nhà, gặp riêng người bị bạo lực.",
      },
    );
    await change(
      "case: edit a party, its name left empty (kept)",
      { written: 1, read: 4, records: "opens the stored party once to keep its name, writes it, shows the others" },
      "PUT",
      `/parties/${victimId}`,
      { role: "victim", phone: "0900000000", ...party },
    );
    const page = await measure(
      "the case page (4 records with personal fields)",
      { written: 0, read: 4, records: "2 parties, the shelter, the follow-up: one each" },
      () => system.call("GET", `/api/cases/${caseId}`, { token: officer }),
    );
    expect(page.json.parties.find((entry: { role: string }) => entry.role === "victim")).toMatchObject({
      name: { value: "Lê Thị Hoa" },
      phone: { value: "0900000000" },
    });
    await measure("the commune's case list", { written: 0, read: 0, records: "none (codes only)" }, () =>
      system.call("GET", `/api/communes/${commune}/cases?limit=25`, { token: officer }),
    );

    // A party written by the previous FieldCipher (one message per field) still reads — at one
    // Decrypt per field until a write re-seals it into an envelope.
    const legacyId = randomUUID();
    const sk = `PARTY#${legacyId}`;
    const legacyCipher = new FieldCipher(kmsKeyring(countingKeyArn));
    const context = { province: "ninh-binh", table: "cases", recordId: `${caseId}/${sk}` };
    const sealedField = (field: string, value: string) => legacyCipher.encrypt(value, { ...context, field });
    await system.api.documents.send(
      new PutCommand({
        TableName: physicalTableName("ninh-binh", "cases"),
        Item: {
          pk: `CASE#${caseId}`,
          sk,
          kind: "party",
          partyId: legacyId,
          role: "victim",
          ...party,
          consents: {},
          name: await sealedField("name", "Đỗ Thị Cũ"),
          phone: await sealedField("phone", "0911111111"),
          address: await sealedField("address", "Thôn Tây"),
        },
      }),
    );
    const withLegacy = await measure(
      "the case page, one party in the legacy per-field format",
      { written: 0, read: 7, records: "4 envelopes + 3 legacy per-field messages" },
      () => system.call("GET", `/api/cases/${caseId}`, { token: officer }),
    );
    expect(withLegacy.json.parties.find((entry: { partyId: string }) => entry.partyId === legacyId)).toMatchObject({
      name: { value: "Đỗ Thị Cũ" },
      phone: { value: "0911111111" },
      address: { value: "Thôn Tây" },
    });
    await change(
      "case: edit the legacy party (re-sealed into one envelope)",
      { written: 1, read: 7, records: "opens its 3 legacy fields (name kept), writes one envelope, shows the other 4" },
      "PUT",
      `/parties/${legacyId}`,
      { role: "victim", phone: "0922222222", ...party },
    );
    const resealed = await measure("the case page after the re-seal (5 records)", { written: 0, read: 5, records: "one each" }, () =>
      system.call("GET", `/api/cases/${caseId}`, { token: officer }),
    );
    expect(resealed.json.parties.find((entry: { partyId: string }) => entry.partyId === legacyId)).toMatchObject({
      name: { value: "Đỗ Thị Cũ" },
      phone: { value: "0922222222" },
      address: { value: "Thôn Tây" },
    });
  });

  it("a nomination written and read, an evidence file, the commune's list", async () => {
    const help = commendationHelpers(() => system);
    const cycle = await help.createCycle();
    const officer = help.tokens.communeOfficer();
    const created = await measure(
      "commendations: create a nomination",
      { written: 1, read: 0, records: "the nomination (nominee, report, remarks in one envelope)" },
      () => system.call("POST", `/api/commendations/communes/${system.commune1}/nominations`, { token: officer, body: nominationBody(cycle) }),
      201,
    );
    const id = created.json.id as string;
    await measure("commendations: a nomination's page", { written: 0, read: 1, records: "the nomination" }, () =>
      system.call("GET", `/api/commendations/nominations/${id}`, { token: officer }),
    );
    const started = await measure(
      "commendations: start an evidence upload",
      { written: 1, read: 1, records: "the attachment (its file name); opens the nomination" },
      () =>
        system.call("POST", `/api/commendations/nominations/${id}/attachments`, {
          token: officer,
          body: { fileName: "Biên bản - Nguyễn Văn Tên.pdf", contentType: "application/pdf", size: 10 },
        }),
      201,
    );
    expect(started.json.attachment.fileName).toContain("Nguy");
    await measure("commendations: a nomination's page with a file", { written: 0, read: 2, records: "the nomination, the attachment" }, () =>
      system.call("GET", `/api/commendations/nominations/${id}`, { token: officer }),
    );
    const list = await measure(
      "commendations: the commune's list (its nominations in this cycle)",
      { written: 0, read: 1, records: "one per nomination listed" },
      () => system.call("GET", `/api/commendations/communes/${system.commune1}/nominations?cycle=${cycle}&limit=20`, { token: officer }),
    );
    expect(list.json.items).toHaveLength(1);
  });
});
