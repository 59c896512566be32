import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { hashReceiptCode, newReceiptCode } from "../../functions/lib/receipt-codes.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { fetchFrom } from "../support/from-address.ts";
import { startBenchSystem } from "./harness.ts";
import { percentile, ratio, runLoad, table } from "./stats.ts";

/**
 * Public report submission under concurrent load — through the local API server (its own process:
 * validation, idempotency record, field encryption, the scrypt hash of the receipt code, the
 * three-item transaction, the notice) — as a ratio to a raw DynamoDB Local PutItem of a report-sized
 * item under the same load, in the same run. A second baseline adds the receipt code's scrypt hash
 * to the raw write: that hash is slow on purpose (it protects the codes if the table leaks), so the
 * ratio to it shows what the rest of the stack costs.
 */
const slug = "ninh-binh";

function reportBody(commune: string) {
  return {
    commune,
    narrative: "Tối qua chồng tôi say rượu, đánh và đe doạ tôi trước mặt các con. ".repeat(8),
    acts: ["a", "b", "c"],
    danger: "no",
    victim: { sex: "female", ageBand: "16-59" },
    reporter: { anonymous: false, name: "Nguyễn Thị Bench", phone: "0912 345 678", relationship: "self" },
    safeContact: { mayCall: true, when: "Sau 9 giờ sáng", channel: "call" },
    consentToContact: true,
  };
}

export async function reportsBench(options: { requests: number; concurrency: number }): Promise<void> {
  const requests = Math.min(options.requests, 400);
  console.log(`\n6. Báo tin / report submission: ${String(requests)} requests, ${String(options.concurrency)} concurrent`);
  const system = await startBenchSystem(slug);
  try {
    const commune = "13285";
    let n = 0;
    const submit = async () => {
      n += 1;
      // Distinct client addresses (the server reads them from the socket): the per-address limit is not what is measured here.
      const from = `127.${String(((n >> 16) & 255) + 1)}.${String((n >> 8) & 255)}.${String(n & 255 || 1)}`;
      const response = await fetchFrom(from, `${system.url}/api/reports`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": randomUUID(),
        },
        body: JSON.stringify(reportBody(commune)),
      });
      if (response.status !== 201) throw new Error(`POST /api/reports answered ${String(response.status)}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    const rawWrite = async () => {
      await system.documents.send(
        new PutCommand({
          TableName: physicalTableName(slug, "reports"),
          Item: { pk: `BENCH#${randomUUID()}`, sk: "REPORT", commune, inboxSort: `0#${new Date().toISOString()}`, body: JSON.stringify(reportBody(commune)) },
        }),
      );
    };
    const pepper = "bench-pepper-bench-pepper-bench-pepper";
    const rawWriteAndHash = async () => {
      await hashReceiptCode(newReceiptCode(), pepper);
      await rawWrite();
    };
    await runLoad(submit, 30, options.concurrency); // warm-up: handler modules, key file, connections
    await runLoad(rawWrite, 30, options.concurrency);
    const api = await runLoad(submit, requests, options.concurrency);
    const raw = await runLoad(rawWrite, requests, options.concurrency);
    const rawHashed = await runLoad(rawWriteAndHash, requests, options.concurrency);
    const rows: (string | number)[][] = [["operation", "p50 ms", "p99 ms", "p50 vs raw write", "p99 vs raw write", "p50 vs write+hash", "p99 vs write+hash"]];
    const row = (name: string, samples: number[]) => [
      name,
      percentile(samples, 50).toFixed(1),
      percentile(samples, 99).toFixed(1),
      ratio(percentile(samples, 50), percentile(raw, 50)),
      ratio(percentile(samples, 99), percentile(raw, 99)),
      ratio(percentile(samples, 50), percentile(rawHashed, 50)),
      ratio(percentile(samples, 99), percentile(rawHashed, 99)),
    ];
    rows.push(row("raw PutItem (baseline)", raw), row("raw PutItem + receipt-code scrypt", rawHashed), row("POST /api/reports (whole stack)", api));
    console.log(table(rows));
  } finally {
    await system.close();
  }
}
