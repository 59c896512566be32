import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deliveryFor, MailTestUsageError, parseMailTestArgs, testMessage } from "../../infra/mail-test.ts";
import { DrillUsageError, drillCommands, parseDrillArgs, restoredTableName, switchInstructions } from "../../infra/restore-drill.ts";

const known = ["ninh-binh", "tinh-mau"];
const now = new Date("2026-12-05T12:00:00Z");

describe("restore:drill arguments", () => {
  it("reads province, table and an instant with its offset", () => {
    const options = parseDrillArgs(["--province", "ninh-binh", "--table", "cases", "--time", "2026-12-05T08:00:00+07:00"], now, known);
    expect(options).toEqual({ province: "ninh-binh", table: "cases", time: new Date("2026-12-05T01:00:00Z"), keep: false, dryRun: false });
    expect(parseDrillArgs(["--province", "ninh-binh", "--table", "audit", "--time", "2026-12-01T00:00Z", "--keep", "--dry-run"], now, known)).toEqual(
      expect.objectContaining({ keep: true, dryRun: true }),
    );
  });

  it("refuses what cannot be restored, in both languages", () => {
    const refuse = (argv: string[]) => expect(() => parseDrillArgs(argv, now, known)).toThrow(DrillUsageError);
    refuse(["--province", "ninh-binh", "--table", "cases"]);
    refuse(["--province", "nowhere", "--table", "cases", "--time", "2026-12-05T08:00:00+07:00"]);
    // The local-only accounts table has no backups in AWS.
    refuse(["--province", "ninh-binh", "--table", "officers", "--time", "2026-12-05T08:00:00+07:00"]);
    // No offset: ambiguous.
    refuse(["--province", "ninh-binh", "--table", "cases", "--time", "2026-12-05T08:00:00"]);
    // In the future, too recent, older than PITR keeps.
    refuse(["--province", "ninh-binh", "--table", "cases", "--time", "2026-12-05T11:58:00Z"]);
    refuse(["--province", "ninh-binh", "--table", "cases", "--time", "2026-10-01T00:00:00Z"]);
    refuse(["--province", "ninh-binh", "--table", "cases", "--time", "2026-12-05T08:00:00+07:00", "--force"]);
    expect(() => parseDrillArgs(["--province"], now, known)).toThrow(/needs a value/);
  });

  it("restores into a new table under the province's key, checks it and deletes a drill's copy", () => {
    const options = parseDrillArgs(["--province", "ninh-binh", "--table", "cases", "--time", "2026-12-05T08:00:00+07:00"], now, known);
    expect(restoredTableName(options)).toBe("pcblgd-ninh-binh-cases-restored-202612050100");
    const commands = drillCommands(options, "ap-southeast-1");
    expect(commands.restore).toEqual(
      expect.arrayContaining([
        "restore-table-to-point-in-time",
        "pcblgd-ninh-binh-cases",
        "pcblgd-ninh-binh-cases-restored-202612050100",
        "2026-12-05T01:00:00.000Z",
        "Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/pcblgd-ninh-binh-data",
      ]),
    );
    expect(commands.remove.at(-1)).toBe("pcblgd-ninh-binh-cases-restored-202612050100");
    expect(commands.protect.flat()).toEqual(expect.arrayContaining(["PointInTimeRecoveryEnabled=true", "--deletion-protection-enabled"]));
    expect(switchInstructions(options).join("\n")).toContain(
      "npm run deploy -- --province ninh-binh -c table.cases=pcblgd-ninh-binh-cases-restored-202612050100",
    );
  });
});

describe("mail:test arguments", () => {
  it("reads the province, the recipient and --local", () => {
    expect(parseMailTestArgs(["--province", "ninh-binh", "--to", "me@example.org"], known)).toEqual({
      province: "ninh-binh",
      to: "me@example.org",
      local: false,
    });
    expect(parseMailTestArgs(["--to", "me@example.org", "--local", "--province", "tinh-mau"], known).local).toBe(true);
  });

  it("refuses a missing or bad recipient, an unknown province or argument", () => {
    const refuse = (argv: string[], message: RegExp) => expect(() => parseMailTestArgs(argv, known)).toThrow(message);
    refuse(["--province", "ninh-binh"], /--to are required/);
    refuse(["--province", "ninh-binh", "--to", "not-an-address"], /not an e-mail address/);
    refuse(["--province", "nowhere", "--to", "me@example.org"], /unknown province/);
    refuse(["--province", "ninh-binh", "--to"], /needs a value/);
    refuse(["--province", "ninh-binh", "--to", "me@example.org", "--ses"], /unknown argument/);
  });

  it("needs a real sender for SES; --local needs none and writes the outbox", async () => {
    const options = { province: "ninh-binh", to: "me@example.org", local: false };
    expect(() => deliveryFor(options, undefined)).toThrow(MailTestUsageError);
    expect(() => deliveryFor(options, "thong-bao@dien-vao.invalid")).toThrow(/notificationSender/);
    expect(deliveryFor(options, "pcblgd@ninhbinh.gov.vn").where).toBe("SES pcblgd@ninhbinh.gov.vn");
    const outbox = mkdtempSync(join(tmpdir(), "pcblgd-outbox-"));
    const local = deliveryFor({ ...options, local: true }, undefined, outbox);
    expect(local.where).toBe(outbox);
    await local.deliver(testMessage("Tỉnh Ninh Bình", "me@example.org", now));
    const [file] = readdirSync(outbox);
    expect(readFileSync(join(outbox, file ?? ""), "utf8")).toContain("To: me@example.org");
    rmSync(outbox, { recursive: true, force: true });
    const message = testMessage("Tỉnh Ninh Bình", "me@example.org", now);
    expect(message.to).toEqual(["me@example.org"]);
    expect(message.text).toContain("thư thử");
    expect(message.text).toContain("test message");
  });
});
