import { afterAll, beforeAll, expect, it } from "vitest";
import { fetchFrom } from "../support/from-address.ts";
import { captureOutput } from "../support/local-api.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * The whole reporting flow at DEBUG, the functions' most talkative level — public report (JSON and
 * form), receipt status, addition, officer intake, inbox, detail, triage — and not one piece of
 * what was reported, nor the receipt code, nor the client's address, reaches the logs.
 */
let system: OfficerApi;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh", { logLevel: "DEBUG" });
});
afterAll(async () => {
  await system?.close();
});

it("logs of the whole flow carry none of the personal data submitted", async () => {
  const commune = system.commune1;
  const token = system.tokenFor(["commune-officer"], [commune]).token;
  const secrets = {
    narrative: "NarrativeSecret-7731 chồng đánh",
    location: "LocationSecret-Xom-Dong",
    name: "NameSecret Nguyễn",
    phone: "0912 000 731",
    never: "0988 000 732",
    when: "WhenSecret sáng",
    addition: "AdditionSecret-995",
    reason: "ReasonSecret-221",
    receivedBy: "ReceivedBySecret",
    // The client's address: the local server reads it from the socket, as CloudFront does.
    address: "127.198.51.231",
  };
  const report = {
    commune,
    narrative: secrets.narrative,
    acts: ["a"],
    location: secrets.location,
    danger: "yes",
    reporter: { anonymous: false, name: secrets.name, phone: secrets.phone, relationship: "family" },
    safeContact: { mayCall: true, when: secrets.when, neverCall: secrets.never },
    consentToContact: true,
  };
  let receiptCode = "";
  const output = await captureOutput(async () => {
    const submitted = await system.call("POST", "/api/reports", {
      body: report,
      headers: { "idempotency-key": crypto.randomUUID() },
      from: secrets.address,
    });
    expect(submitted.status).toBe(201);
    receiptCode = submitted.json.receiptCode;
    await fetchFrom(secrets.address, `${system.api.url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        commune,
        narrative: secrets.narrative,
        danger: "no",
        "reporter.anonymous": "no",
        "reporter.name": secrets.name,
        "reporter.phone": "bad phone",
      }).toString(),
    });
    await system.call("POST", "/api/receipts/status", { body: { receiptCode }, from: secrets.address });
    await system.call("POST", "/api/receipts/additions", { body: { receiptCode, text: secrets.addition }, from: secrets.address });
    const created = await system.call("POST", `/api/communes/${commune}/reports`, {
      token,
      body: { ...report, channel: "hotline", receivedAt: new Date().toISOString(), receivedByName: secrets.receivedBy },
    });
    expect(created.status).toBe(201);
    await system.call("GET", `/api/communes/${commune}/reports?limit=5`, { token });
    await system.call("GET", `/api/reports/${created.json.id}`, { token });
    await system.call("POST", `/api/reports/${created.json.id}/triage`, { token, body: { action: "referred", reason: secrets.reason, expectedVersion: 1 } });
  });
  // The functions did log (one access line per request at least), so the capture means something.
  expect((output.match(/"route":/g) ?? []).length).toBeGreaterThanOrEqual(8);
  for (const [what, value] of Object.entries({ ...secrets, receiptCode, receiptDigits: receiptCode.replaceAll(" ", "") })) {
    expect(output, `${what} appeared in the logs`).not.toContain(value);
  }
  expect(output).not.toContain("0912000731");
});
