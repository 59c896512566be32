/**
 * `npm run mail:test -- --province <slug> --to <you@…> [--local]`: sends one test message from the
 * province's sender (`notificationSender`) through SES in the province's region, the way report
 * notices go — or, with `--local`, writes it to the local outbox (.data/outbox) as `npm start`
 * does. In the SES sandbox the recipient must be a verified address too. Arguments are parsed by a
 * pure function (tests/unit/cli-mail-test.test.ts).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as z from "zod/mini";
import { type Deliver, outboxDelivery, sesDelivery } from "../functions/reports/notifier.ts";
import { repoRoot } from "./bundling.ts";
import { listProvinceSlugs, loadProvince } from "./provinces/index.ts";
import { placeholderPaths } from "./provinces/readiness.ts";

export interface MailTestOptions {
  province: string;
  to: string;
  local: boolean;
}

export class MailTestUsageError extends Error {
  override name = "MailTestUsageError";
}

export const mailTestUsage = "Cách dùng / usage: npm run mail:test -- --province <slug> --to <you@example.org> [--local]";

const email = z.email();

export function parseMailTestArgs(argv: readonly string[], known: readonly string[] = listProvinceSlugs()): MailTestOptions {
  let province: string | undefined;
  let to: string | undefined;
  let local = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new MailTestUsageError(`Thiếu giá trị cho ${arg} / ${arg} needs a value\n${mailTestUsage}`);
      return next;
    };
    if (arg === "--province") province = value();
    else if (arg === "--to") to = value();
    else if (arg === "--local") local = true;
    else throw new MailTestUsageError(`Tham số không rõ / unknown argument: ${arg}\n${mailTestUsage}`);
  }
  if (province === undefined || to === undefined) throw new MailTestUsageError(`Cần --province và --to / --province and --to are required\n${mailTestUsage}`);
  if (!known.includes(province)) throw new MailTestUsageError(`Không có tỉnh "${province}" / unknown province. Các tỉnh / provinces: ${known.join(", ")}`);
  if (!email.safeParse(to).success) throw new MailTestUsageError(`--to không phải địa chỉ e-mail / --to is not an e-mail address: ${to}`);
  return { province, to, local };
}

export function testMessage(provinceName: string, to: string, now = new Date()) {
  return {
    to: [to],
    subject: `PCBLGĐ — thư thử / test message (${provinceName})`,
    text: [
      `Đây là thư thử của hệ thống PCBLGĐ ${provinceName}, gửi lúc ${now.toISOString()}.`,
      "Nếu bạn nhận được thư này, cán bộ sẽ nhận được thư báo tin mới.",
      "",
      `This is a test message from the PCBLGĐ system of ${provinceName}, sent at ${now.toISOString()}.`,
      "If it arrived, officers will receive new-report notices.",
    ].join("\n"),
  };
}

/** The delivery a test uses: the local outbox, or SES from the province's sender (refused while it is a placeholder). */
export function deliveryFor(
  options: MailTestOptions,
  sender: string | undefined,
  outboxDir = join(repoRoot, ".data", "outbox"),
): { deliver: Deliver; where: string } {
  if (options.local) return { deliver: outboxDelivery(outboxDir), where: outboxDir };
  if (sender === undefined || placeholderPaths(sender).length > 0) {
    throw new MailTestUsageError(
      `Tỉnh ${options.province} chưa có notificationSender / the province has no notificationSender: fill it in infra/provinces/${options.province}.json and deploy`,
    );
  }
  return { deliver: sesDelivery(sender), where: `SES ${sender}` };
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseMailTestArgs(argv);
    const province = loadProvince(options.province);
    // The SES client reads its region from the environment, as in Lambda.
    process.env.AWS_REGION ??= province.region;
    const { deliver, where } = deliveryFor(options, province.notificationSender);
    await deliver(testMessage(province.name.vi, options.to));
    console.log(`Đã gửi / sent → ${options.to} (${where})`);
    if (!options.local) {
      console.log(
        "Không thấy thư? Xem thư rác; trong SES sandbox người nhận cũng phải được xác minh / no message? Check spam; in the SES sandbox the recipient must be verified too.",
      );
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return error instanceof MailTestUsageError ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
