import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localUploadPrefix, localUploadSignature } from "../../functions/commendations/attachments.ts";
import { commendationHelpers, nominationBody, tinyPdf } from "../support/access-matrix/commendations.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawDump, uniqueMarker } from "../support/raw-table.ts";

/**
 * The commendation workflow through the local server and the real handler: every transition,
 * every rule (duplicates, who votes, who decides, decided awards, deadlines, versions), evidence
 * files, the dossier exports (parsed back) and the public honour roll. Who may call which route
 * in which commune is the access matrix's (tests/support/access-matrix/commendations.ts).
 */
let system: OfficerApi;
const help = commendationHelpers(() => system);
const { tokens, expectStatus } = help;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const nominationUrl = (id: string) => `/api/commendations/nominations/${id}`;
const get = async (id: string, token = tokens.communeOfficer()) => expectStatus(system.call("GET", nominationUrl(id), { token }), 200);

async function download(path: string, token: string) {
  const response = await fetch(`${system.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("the whole workflow", () => {
  it("goes draft → submitted → council → appraisal → decision → published, with its history, and reaches the honour roll", async () => {
    const cycle = await help.createCycle();
    const name = `Trần Văn Bình ${Date.now()}`;
    const draft = await help.nomination("draft", { cycle, body: { nominee: { kind: "individual", name, unit: "Tổ hòa giải thôn Bắc" } } });
    expect(draft.status).toBe("draft");
    await help.upload(draft.id);
    let current = await get(draft.id);
    const path = nominationUrl(draft.id);
    current = await expectStatus(
      system.call("POST", `${path}/submit`, { token: tokens.communeOfficer(), body: { expectedVersion: current.nomination.version } }),
      200,
    );
    expect(current.status).toBe("submitted");
    current = await expectStatus(system.call("POST", `${path}/council`, { token: tokens.reviewer(), body: help.council(current.version) }), 200);
    expect(current.status).toBe("council-approved");
    expect(current.council).toMatchObject({ membersPresent: 8, votesFor: 7, outcome: "approve" });
    current = await expectStatus(
      system.call("POST", `${path}/appraisal`, { token: tokens.appraiser(), body: { outcome: "approve", expectedVersion: current.version } }),
      200,
    );
    expect(current.status).toBe("appraised");
    current = await expectStatus(
      system.call("POST", `${path}/decision`, {
        token: tokens.admin(),
        body: { number: "45/QĐ-UBND", date: help.today(), signer: "Nguyễn Văn A, Chủ tịch UBND xã", expectedVersion: current.version },
      }),
      200,
    );
    expect(current).toMatchObject({ status: "decided", decision: { number: "45/QĐ-UBND" } });
    current = await expectStatus(system.call("POST", `${path}/publish`, { token: tokens.admin(), body: { expectedVersion: current.version } }), 200);
    expect(current.status).toBe("published");

    const detail = await get(draft.id, tokens.reviewer());
    expect(detail.steps.map((step: { action: string }) => step.action)).toEqual([
      "created",
      "attachment-added",
      "submitted",
      "council-approved",
      "appraisal-approved",
      "decided",
      "published",
    ]);
    for (const step of detail.steps) expect(step).toMatchObject({ officerId: expect.any(String), officerName: expect.any(String), at: expect.any(String) });
    expect(detail.attachments).toHaveLength(1);

    const roll = await system.call("GET", `/api/honour-roll?year=${help.today().slice(0, 4)}`);
    expect(roll.status).toBe(200);
    const entry = roll.json.items.find((item: { id: string }) => item.id === draft.id);
    expect(entry).toMatchObject({ name, kind: "individual", form: "giay-khen", decisionNumber: "45/QĐ-UBND", commune: system.commune1 });
    expect(entry.communeName).toContain("Phủ Lý");
    const byCommune = await system.call("GET", `/api/honour-roll?year=${help.today().slice(0, 4)}&commune=${system.commune2}`);
    expect(byCommune.json.items.find((item: { id: string }) => item.id === draft.id)).toBeUndefined();
  });

  it("names an individual or a household on the honour roll only with their consent; a collective always", async () => {
    const year = help.today().slice(0, 4);
    const silent = await help.nomination("published", {
      body: { publicConsent: false, nominee: { kind: "individual", name: "Người không đồng ý", unit: "Thôn A" } },
    });
    const household = await help.nomination("published", {
      body: { publicConsent: false, nominee: { kind: "household", name: "Hộ ông Lê Văn C", unit: "Thôn B" } },
    });
    const collective = await help.nomination("published", {
      body: { publicConsent: false, nominee: { kind: "collective", name: "Câu lạc bộ Gia đình hạnh phúc thôn C", unit: "Hội LHPN xã" } },
    });
    const roll = (await system.call("GET", `/api/honour-roll?year=${year}`)).json.items as { id: string; name?: string }[];
    expect(roll.find((item) => item.id === silent.id)).toBeDefined();
    expect(roll.find((item) => item.id === silent.id)?.name).toBeUndefined();
    expect(roll.find((item) => item.id === household.id)?.name).toBeUndefined();
    expect(roll.find((item) => item.id === collective.id)?.name).toBe("Câu lạc bộ Gia đình hạnh phúc thôn C");
    expect(JSON.stringify(roll)).not.toContain("Người không đồng ý");
  });

  it("answers the honour roll without a token, and refuses a bad year", async () => {
    expect((await system.call("GET", "/api/honour-roll?year=abc")).status).toBe(400);
    expect((await system.call("GET", "/api/honour-roll")).status).toBe(400);
    const cycles = await system.call("GET", "/api/commendations/cycles");
    expect(cycles.status).toBe(200);
    expect(cycles.json.items.length).toBeGreaterThan(0);
    for (const cycle of cycles.json.items) expect(cycle.createdBy).toBeUndefined();
  });
});

describe("returns, rejections and resubmission", () => {
  it("a council return with comments lets the commune edit and resubmit", async () => {
    const submitted = await help.nomination("submitted");
    const path = nominationUrl(submitted.id);
    const noComment = await system.call("POST", `${path}/council`, { token: tokens.reviewer(), body: help.council(submitted.version, { outcome: "return" }) });
    expect(noComment.status).toBe(400);
    expect(noComment.json.errors[0].field).toBe("body.comments");
    let current = await expectStatus(
      system.call("POST", `${path}/council`, {
        token: tokens.reviewer(),
        body: help.council(submitted.version, { outcome: "return", comments: "Bổ sung số liệu vụ việc đã hòa giải" }),
      }),
      200,
    );
    expect(current).toMatchObject({ status: "returned", returnComments: "Bổ sung số liệu vụ việc đã hòa giải" });
    const { cycleId: _cycle, ...fields } = nominationBody("x");
    current = await expectStatus(
      system.call("PATCH", path, {
        token: tokens.communeOfficer(),
        body: { ...fields, report: { ...fields.report, achievements: "Hòa giải thành 15 vụ (số liệu bổ sung)." }, expectedVersion: current.version },
      }),
      200,
    );
    expect(current.report.achievements).toContain("bổ sung");
    current = await expectStatus(system.call("POST", `${path}/submit`, { token: tokens.communeOfficer(), body: { expectedVersion: current.version } }), 200);
    expect(current.status).toBe("submitted");
    const steps = (await get(submitted.id)).steps.map((step: { action: string }) => step.action);
    expect(steps).toEqual(["created", "submitted", "council-returned", "edited", "resubmitted"]);
  });

  it("keeps comments, like the nominee and the report, unreadable in the table, and readable through the API", async () => {
    // Markers no other test file can write (the tables are shared by the run): a demo officer may
    // well be called like a made-up nominee, and officers' names are stored in clear by design.
    const token = uniqueMarker();
    const nomineeName = `Phạm Thị Riêng ${token}`;
    const submitted = await help.nomination("submitted", { body: { nominee: { kind: "individual", name: nomineeName, unit: "Tổ hòa giải thôn Nam" } } });
    const marker = `Ông Phạm Văn Nhận-xét ${token} cần bổ sung`;
    const returned = await expectStatus(
      system.call("POST", `${nominationUrl(submitted.id)}/council`, {
        token: tokens.reviewer(),
        body: help.council(submitted.version, { outcome: "return", comments: marker }),
      }),
      200,
    );
    expect(returned).toMatchObject({ returnComments: marker, council: { comments: marker } });
    const detail = await get(submitted.id);
    expect(detail.nomination.nominee.name).toBe(nomineeName);
    expect(detail.steps.find((step: { action: string }) => step.action === "council-returned")?.comments).toBe(marker);
    const raw = await rawDump(system.api.documents, "ninh-binh", ["commendations"]);
    expect(raw).toContain(submitted.id);
    expect(raw).not.toContain(token);
  });

  it("a council rejection ends the nomination: no edit, no resubmission", async () => {
    const submitted = await help.nomination("submitted");
    const path = nominationUrl(submitted.id);
    const rejected = await expectStatus(
      system.call("POST", `${path}/council`, {
        token: tokens.reviewer(),
        body: help.council(submitted.version, { outcome: "reject", votesFor: 2, votesAgainst: 6, comments: "Chưa đủ tiêu chuẩn" }),
      }),
      200,
    );
    expect(rejected.status).toBe("rejected");
    expect((await system.call("POST", `${path}/submit`, { token: tokens.communeOfficer(), body: { expectedVersion: rejected.version } })).status).toBe(400);
    expect(
      (await system.call("POST", `${path}/appraisal`, { token: tokens.appraiser(), body: { outcome: "approve", expectedVersion: rejected.version } })).status,
    ).toBe(400);
  });

  it("the appraisal can return (back to the commune) or reject", async () => {
    const returned = await help.nomination("council-approved");
    const answer = await expectStatus(
      system.call("POST", `${nominationUrl(returned.id)}/appraisal`, {
        token: tokens.appraiser(),
        body: { outcome: "return", comments: "Thiếu xác nhận của UBND xã", expectedVersion: returned.version },
      }),
      200,
    );
    expect(answer).toMatchObject({ status: "returned", appraisal: { outcome: "return" } });
    const rejected = await help.nomination("council-approved");
    const refused = await expectStatus(
      system.call("POST", `${nominationUrl(rejected.id)}/appraisal`, {
        token: tokens.appraiser(),
        body: { outcome: "reject", comments: "Thành tích đã được khen năm trước", expectedVersion: rejected.version },
      }),
      200,
    );
    expect(refused.status).toBe("rejected");
  });

  it("steps out of order are refused (400), and nothing changes", async () => {
    const draft = await help.nomination("draft");
    const path = nominationUrl(draft.id);
    expect((await system.call("POST", `${path}/council`, { token: tokens.reviewer(), body: help.council(draft.version) })).status).toBe(400);
    expect(
      (
        await system.call("POST", `${path}/decision`, {
          token: tokens.admin(),
          body: { number: "1", date: help.today(), signer: "A", expectedVersion: draft.version },
        })
      ).status,
    ).toBe(400);
    expect((await system.call("POST", `${path}/publish`, { token: tokens.admin(), body: { expectedVersion: draft.version } })).status).toBe(400);
    expect((await get(draft.id)).nomination).toMatchObject({ status: "draft", version: draft.version });
  });
});

describe("domain rules", () => {
  it("flags the same nominee twice in one cycle (name folded: case and diacritics ignored)", async () => {
    const cycle = await help.createCycle();
    const first = await help.nomination("draft", { cycle, body: { nominee: { kind: "individual", name: "Phạm Thị Lan", unit: "Thôn A" } } });
    const second = await help.nomination("draft", { cycle, body: { nominee: { kind: "individual", name: "pham thi LAN", unit: "Thôn A" } } });
    const other = await help.nomination("draft", { cycle, body: { nominee: { kind: "individual", name: "Phạm Thị Hương", unit: "Thôn A" } } });
    expect((await get(first.id)).duplicates).toEqual([second.id]);
    expect((await get(second.id)).duplicates).toEqual([first.id]);
    expect((await get(other.id)).duplicates).toEqual([]);
    // Another cycle is another achievement.
    const next = await help.nomination("draft", { body: { nominee: { kind: "individual", name: "Phạm Thị Lan", unit: "Thôn A" } } });
    expect((await get(next.id)).duplicates).not.toContain(first.id);
  });

  it("only reviewers vote, only the appraiser appraises, only the deciding role decides (404 to the others)", async () => {
    const submitted = await help.nomination("submitted");
    for (const token of [tokens.communeOfficer(), tokens.admin(), system.tokenFor(["commune-leader"], [system.commune1]).token]) {
      expect((await system.call("POST", `${nominationUrl(submitted.id)}/council`, { token, body: help.council(submitted.version) })).status).toBe(404);
    }
    const approved = await help.nomination("council-approved");
    for (const token of [tokens.reviewer(), tokens.admin(), tokens.communeOfficer()]) {
      expect(
        (await system.call("POST", `${nominationUrl(approved.id)}/appraisal`, { token, body: { outcome: "approve", expectedVersion: approved.version } }))
          .status,
      ).toBe(404);
    }
    const appraised = await help.nomination("appraised");
    for (const token of [tokens.reviewer(), tokens.appraiser(), tokens.communeOfficer()]) {
      const body = { number: "1/QĐ", date: help.today(), signer: "A", expectedVersion: appraised.version };
      expect((await system.call("POST", `${nominationUrl(appraised.id)}/decision`, { token, body })).status).toBe(404);
    }
    expect((await get(appraised.id)).nomination.status).toBe("appraised");
  });

  it("checks the council's figures: members, votes, majority", async () => {
    const submitted = await help.nomination("submitted");
    const path = `${nominationUrl(submitted.id)}/council`;
    const cases: [Record<string, unknown>, string][] = [
      [{ membersPresent: 10, membersTotal: 9 }, "body.membersPresent"],
      [{ votesFor: 8, votesAgainst: 1 }, "body.votesFor"],
      [{ membersPresent: 4, votesFor: 4, votesAgainst: 0 }, "body.membersPresent"],
      [{ votesFor: 4, votesAgainst: 4 }, "body.outcome"],
      [{ meetingDate: "2099-01-01" }, "body.meetingDate"],
    ];
    for (const [overrides, field] of cases) {
      const answer = await system.call("POST", path, { token: tokens.reviewer(), body: help.council(submitted.version, overrides) });
      expect(answer.status, JSON.stringify(overrides)).toBe(400);
      expect(answer.json.errors[0].field).toBe(field);
    }
  });

  it("a decided award cannot be edited, only revoked with a reason — and leaves the honour roll", async () => {
    const published = await help.nomination("published");
    const path = nominationUrl(published.id);
    const { cycleId: _cycle, ...fields } = nominationBody("x");
    const edit = await system.call("PATCH", path, { token: tokens.communeOfficer(), body: { ...fields, expectedVersion: published.version } });
    expect(edit.status).toBe(400);
    expect(edit.json.errors[0].message).toContain("thu hồi");
    expect((await system.call("POST", `${path}/revoke`, { token: tokens.admin(), body: { reason: "", expectedVersion: published.version } })).status).toBe(400);
    const revoked = await expectStatus(
      system.call("POST", `${path}/revoke`, { token: tokens.admin(), body: { reason: "Thành tích không đúng sự thật", expectedVersion: published.version } }),
      200,
    );
    expect(revoked).toMatchObject({ status: "revoked", revocation: { reason: "Thành tích không đúng sự thật" } });
    const roll = (await system.call("GET", `/api/honour-roll?year=${help.today().slice(0, 4)}`)).json.items as { id: string }[];
    expect(roll.find((item) => item.id === published.id)).toBeUndefined();
    expect((await system.call("POST", `${path}/revoke`, { token: tokens.admin(), body: { reason: "lại", expectedVersion: revoked.version } })).status).toBe(
      400,
    );
  });

  it("enforces the cycle's submission deadline", async () => {
    const closed = await help.createCycle({ submissionDeadline: "2020-01-31" });
    const answer = await system.call("POST", `/api/commendations/communes/${system.commune1}/nominations`, {
      token: tokens.communeOfficer(),
      body: nominationBody(closed),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0]).toMatchObject({ field: "body.cycleId", message: expect.stringContaining("quá hạn") });
  });

  it("matches the form with the awarding level", async () => {
    const answer = await system.call("POST", `/api/commendations/communes/${system.commune1}/nominations`, {
      token: tokens.communeOfficer(),
      body: nominationBody(await help.cycleId(), { form: "bang-khen", level: "commune-chair" }),
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0].field).toBe("body.level");
  });

  it("refuses a stale version with 409 and the current nomination", async () => {
    const draft = await help.nomination("draft");
    const { cycleId: _cycle, ...fields } = nominationBody("x");
    await expectStatus(
      system.call("PATCH", nominationUrl(draft.id), { token: tokens.communeOfficer(), body: { ...fields, expectedVersion: draft.version } }),
      200,
    );
    const stale = await system.call("PATCH", nominationUrl(draft.id), { token: tokens.communeOfficer(), body: { ...fields, expectedVersion: draft.version } });
    expect(stale.status).toBe(409);
    expect(stale.json.current).toMatchObject({ id: draft.id, version: draft.version + 1 });
    const staleSubmit = await system.call("POST", `${nominationUrl(draft.id)}/submit`, {
      token: tokens.communeOfficer(),
      body: { expectedVersion: draft.version },
    });
    expect(staleSubmit.status).toBe(409);
  });

  it("refuses bad input field by field", async () => {
    const answer = await system.call("POST", `/api/commendations/communes/${system.commune1}/nominations`, {
      token: tokens.communeOfficer(),
      body: { ...nominationBody(await help.cycleId()), nominee: { kind: "robot", name: "", unit: "x" }, extra: 1 },
    });
    expect(answer.status).toBe(400);
    const fields = answer.json.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(["body.nominee.kind", "body.nominee.name", "body.extra"]));
    for (const error of answer.json.errors) expect(error.message_en).toBeTruthy();
  });
});

describe("lists", () => {
  it("filters by cycle, status and commune, a page at a time", async () => {
    const cycle = await help.createCycle();
    const a = await help.nomination("draft", { cycle });
    const b = await help.nomination("submitted", { cycle });
    const c = await help.nomination("submitted", { cycle, commune: system.commune2 });
    const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();

    const communeAll = await expectStatus(
      system.call("GET", `/api/commendations/communes/${system.commune1}/nominations?cycle=${cycle}`, { token: tokens.communeOfficer() }),
      200,
    );
    expect(ids(communeAll)).toEqual([a.id, b.id].sort());
    const communeSubmitted = await expectStatus(
      system.call("GET", `/api/commendations/communes/${system.commune1}/nominations?cycle=${cycle}&status=submitted`, { token: tokens.communeOfficer() }),
      200,
    );
    expect(ids(communeSubmitted)).toEqual([b.id]);
    const province = await expectStatus(
      system.call("GET", `/api/commendations/nominations?cycle=${cycle}&status=submitted`, { token: tokens.reviewer() }),
      200,
    );
    expect(ids(province)).toEqual([b.id, c.id].sort());
    const province2 = await expectStatus(
      system.call("GET", `/api/commendations/nominations?cycle=${cycle}&commune=${system.commune2}`, { token: tokens.reviewer() }),
      200,
    );
    expect(ids(province2)).toEqual([c.id]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await expectStatus(
        system.call("GET", `/api/commendations/nominations?cycle=${cycle}&limit=1${cursor ? `&cursor=${cursor}` : ""}`, { token: tokens.admin() }),
        200,
      );
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen.sort()).toEqual([a.id, b.id, c.id].sort());
    expect((await system.call("GET", `/api/commendations/nominations?cycle=${cycle}&cursor=bm9wZQ`, { token: tokens.admin() })).status).toBe(400);
  });

  it("a commune officer never reads another commune's nominations", async () => {
    const other = await help.nomination("draft", { commune: system.commune2 });
    expect((await system.call("GET", nominationUrl(other.id), { token: tokens.communeOfficer() })).status).toBe(404);
    expect(
      (await system.call("GET", `/api/commendations/communes/${system.commune2}/nominations?cycle=${await help.cycleId()}`, { token: tokens.communeOfficer() }))
        .status,
    ).toBe(404);
  });
});

describe("evidence files", () => {
  it("are downloaded as attachments with a safe type and nosniff", async () => {
    const draft = await help.nomination("draft");
    const id = await help.upload(draft.id, { fileName: "Biên bản <hòa giải>.pdf" });
    const { response, bytes } = await download(`${nominationUrl(draft.id)}/attachments/${id}`, tokens.reviewer());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="Bien ban hoa giai\.pdf"; filename\*=UTF-8''/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(bytes.equals(tinyPdf)).toBe(true);
  });

  it("refuses a file whose bytes are not the declared type, and deletes it", async () => {
    const draft = await help.nomination("draft");
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const id = await help.upload(draft.id, { bytes: png, contentType: "application/pdf", confirm: false });
    const confirm = await system.call("POST", `${nominationUrl(draft.id)}/attachments/${id}/confirm`, { token: tokens.communeOfficer() });
    expect(confirm.status).toBe(400);
    expect(confirm.json.errors[0].field).toBe("body.file");
    expect((await download(`${nominationUrl(draft.id)}/attachments/${id}`, tokens.communeOfficer())).response.status).toBe(404);
    expect((await get(draft.id)).attachments).toEqual([]);
  });

  it("refuses other types and files over 4 MB before any upload; the upload address checks its signature, type and length", async () => {
    const draft = await help.nomination("draft");
    const path = `${nominationUrl(draft.id)}/attachments`;
    const html = await system.call("POST", path, { token: tokens.communeOfficer(), body: { fileName: "x.html", contentType: "text/html", size: 10 } });
    expect(html.status).toBe(400);
    expect(html.json.errors[0].field).toBe("body.contentType");
    const big = await system.call("POST", path, {
      token: tokens.communeOfficer(),
      body: { fileName: "x.pdf", contentType: "application/pdf", size: 5 * 1024 * 1024 },
    });
    expect(big.status).toBe(400);
    const started = await expectStatus(
      system.call("POST", path, { token: tokens.communeOfficer(), body: { fileName: "x.pdf", contentType: "application/pdf", size: tinyPdf.length } }),
      201,
    );
    const url = new URL(started.upload.url, system.api.url);
    const wrongType = await fetch(url, { method: "PUT", headers: { "content-type": "text/html" }, body: new Uint8Array(tinyPdf) });
    expect(wrongType.status).toBe(403);
    const longer = await fetch(url, { method: "PUT", headers: started.upload.headers, body: new Uint8Array(Buffer.concat([tinyPdf, tinyPdf])) });
    expect(longer.status).toBe(400);
    const tampered = new URL(url);
    tampered.searchParams.set("size", String(tinyPdf.length * 2));
    expect((await fetch(tampered, { method: "PUT", headers: started.upload.headers, body: new Uint8Array(tinyPdf) })).status).toBe(403);
    // Correctly signed, but expired (the functions and the local server share this process's secret).
    const key = url.pathname.slice(localUploadPrefix.length);
    const expires = Math.floor(Date.now() / 1000) - 1;
    const expired = new URL(url);
    expired.searchParams.set("expires", String(expires));
    expired.searchParams.set("signature", localUploadSignature(process.env.LOCAL_UPLOAD_SECRET ?? "", key, "application/pdf", tinyPdf.length, expires));
    const late = await fetch(expired, { method: "PUT", headers: started.upload.headers, body: new Uint8Array(tinyPdf) });
    expect(late.status).toBe(403);
    expect(((await late.json()) as { title_en: string }).title_en).toBe("The upload address has expired");
    // The right bytes, in time: accepted.
    expect((await fetch(url, { method: "PUT", headers: started.upload.headers, body: new Uint8Array(tinyPdf) })).status).toBe(200);
  });

  it("are added only while the nomination is a draft or returned", async () => {
    const submitted = await help.nomination("submitted");
    const answer = await system.call("POST", `${nominationUrl(submitted.id)}/attachments`, {
      token: tokens.communeOfficer(),
      body: { fileName: "x.pdf", contentType: "application/pdf", size: 10 },
    });
    expect(answer.status).toBe(400);
  });
});

describe("the dossier", () => {
  it("exports the proposal and the council minutes as DOCX, and the list as XLSX, with the approved nominees only", async () => {
    const cycle = await help.createCycle({ name: "Năm 2026 — đợt tổng kết" });
    const approved = await help.nomination("council-approved", { cycle, body: { nominee: { kind: "individual", name: "Đỗ Thị Mai", unit: "Thôn Đông" } } });
    await help.nomination("decided", { cycle, body: { nominee: { kind: "collective", name: "Tổ hòa giải thôn Tây", unit: "Xã" } } });
    await help.nomination("draft", { cycle, body: { nominee: { kind: "individual", name: "Chưa gửi", unit: "Thôn" } } });

    const docx = await download(`/api/commendations/cycles/${cycle}/dossier`, tokens.reviewer());
    expect(docx.response.status).toBe(200);
    expect(docx.response.headers.get("content-disposition")).toMatch(/^attachment; filename="ho-so-de-nghi-khen-thuong-\d{4}\.docx"/);
    expect(docx.response.headers.get("x-content-type-options")).toBe("nosniff");
    const zip = await JSZip.loadAsync(docx.bytes);
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toContain("TỜ TRÌNH");
    expect(text).toContain("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG");
    expect(text).toContain("Năm 2026 — đợt tổng kết");
    expect(text).toContain("Đỗ Thị Mai");
    expect(text).toContain("Tổ hòa giải thôn Tây");
    expect(text).not.toContain("Chưa gửi");
    // The form of an administrative paper (Nghị định 30/2020/NĐ-CP): issuing body, number and symbol,
    // national title and motto, place and date, recipients, the signer's capacity and title (issue 18).
    for (const part of [
      "ỦY BAN NHÂN DÂN TỈNH",
      "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
      "/TTr-HĐTĐKT",
      "/BB-HĐTĐKT",
      "Độc lập - Tự do - Hạnh phúc",
      "Kính gửi:",
      "Nơi nhận:",
      "TM. HỘI ĐỒNG",
      "CHỦ TỊCH",
    ]) {
      expect(text, part).toContain(part);
    }
    expect(text).toMatch(/, ngày \d{2} tháng \d{2} năm \d{4}/);
    // The province's own name (PROVINCE_NAME, from the province file), not a blank to fill by hand.
    expect(text).toContain("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH");

    const xlsx = await download(`/api/commendations/cycles/${cycle}/nominees`, tokens.admin());
    expect(xlsx.response.status).toBe(200);
    expect(xlsx.response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: string[][] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ""))));
    expect(rows[1]?.[1]).toBe("Họ tên / Tên tập thể");
    const names = rows.slice(2).map((row) => row[1]);
    expect(names.sort()).toEqual(["Tổ hòa giải thôn Tây", "Đỗ Thị Mai"].sort());
    expect(rows.find((row) => row[1] === "Đỗ Thị Mai")?.[7]).toContain("Hội đồng đã thông qua");
    // Typed cells: the row number is a number, the decision date a date (issue 18).
    const typed: { first: unknown; date: unknown }[] = [];
    sheet?.eachRow((row, index) => {
      if (index > 2) typed.push({ first: row.getCell(1).value, date: row.getCell(10).value });
    });
    for (const row of typed) expect(typeof row.first).toBe("number");
    expect(typed.some((row) => row.date instanceof Date)).toBe(true);
    expect(approved.status).toBe("council-approved");
  });
});

describe("the audit log", () => {
  it("has an entry for each officer request about a nomination", async () => {
    const published = await help.nomination("published");
    const answer = await expectStatus(system.call("GET", `/api/admin/audit?record=nomination%23${published.id}`, { token: system.adminToken() }), 200);
    const actions = answer.items.map((item: { action: string }) => item.action).sort();
    expect(actions).toEqual(
      expect.arrayContaining([
        "nomination.submit",
        "nomination.council",
        "nomination.appraise",
        "nomination.decide",
        "nomination.publish",
        "nomination.create",
      ]),
    );
  });
});
