/**
 * Reads the text `cdk diff` prints and says what a deploy would do to each resource, so the deploy
 * can stop before CloudFormation replaces or deletes something that holds data. Pure: tested on
 * captured diff text in tests/unit/cli-diff.test.ts.
 *
 * The lines it reads (aws-cdk 2.x, colours stripped):
 *   Stack pcblgd-ninh-binh-data (aws://…/ap-southeast-1)
 *   [+] AWS::SNS::Topic Alarms AlarmsABCD1234
 *   [~] AWS::DynamoDB::GlobalTable CasesTable CasesTable0F3C replace
 *   [-] AWS::KMS::Key DataKey DataKey1234 orphan
 */

/** Resource types whose replacement or removal loses data or locks people out. */
export const statefulResourceTypes = [
  "AWS::DynamoDB::Table",
  "AWS::DynamoDB::GlobalTable",
  "AWS::Cognito::UserPool",
  "AWS::KMS::Key",
  "AWS::S3::Bucket",
] as const;

export type ChangeKind = "create" | "update" | "remove" | "import";
export type Impact = "replace" | "may-replace" | "destroy" | "orphan" | "none";

export interface ResourceChange {
  stack: string;
  kind: ChangeKind;
  type: string;
  /** The construct path (or the logical id when the diff names no path). */
  resource: string;
  impact: Impact;
}

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const prefixes: Record<string, ChangeKind> = { "+": "create", "~": "update", "-": "remove", "←": "import" };
const impacts: [RegExp, Impact][] = [
  [/\smay be replaced(\s|$)/, "may-replace"],
  [/\sreplace(\s|$)/, "replace"],
  [/\sdestroy(\s|$)/, "destroy"],
  [/\sorphan(\s|$)/, "orphan"],
];

export function parseCdkDiff(text: string): ResourceChange[] {
  const changes: ResourceChange[] = [];
  let stack = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(ansi, "").trimEnd();
    const header = /^Stack (\S+)/.exec(line);
    if (header) {
      stack = header[1] as string;
      continue;
    }
    const match = /^\[([+~\-←])\] (AWS::\S+|Custom::\S+) (\S+)(.*)$/.exec(line);
    if (!match) continue;
    const [, prefix, type, resource, rest] = match as unknown as [string, string, string, string, string];
    const impact = impacts.find(([pattern]) => pattern.test(` ${rest} `))?.[1] ?? (prefix === "-" ? "destroy" : "none");
    changes.push({ stack, kind: prefixes[prefix] as ChangeKind, type, resource, impact });
  }
  return changes;
}

/** Replacements and removals of resources that hold data (a retained resource that is only orphaned is listed too: its data leaves the stack). */
export function statefulReplacements(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes.filter((change) => (statefulResourceTypes as readonly string[]).includes(change.type) && change.impact !== "none");
}

const impactWords: Record<Impact, string> = {
  replace: "THAY THẾ / REPLACED",
  "may-replace": "có thể thay thế / may be replaced",
  destroy: "XOÁ / DELETED",
  orphan: "tách khỏi stack (giữ lại) / removed from the stack, retained",
  none: "",
};

/** A short plan: counts per stack, then every replacement or removal by name. */
export function summarizeDiff(changes: readonly ResourceChange[]): string[] {
  if (changes.length === 0) return ["Không có thay đổi tài nguyên / no resource changes"];
  const lines: string[] = [];
  const stacks = [...new Set(changes.map((change) => change.stack))];
  for (const stack of stacks) {
    const own = changes.filter((change) => change.stack === stack);
    const count = (kind: ChangeKind) => own.filter((change) => change.kind === kind).length;
    lines.push(`${stack || "(stack)"}: +${count("create")} tạo mới / created, ~${count("update")} cập nhật / updated, -${count("remove")} gỡ / removed`);
    for (const change of own.filter((c) => c.impact !== "none")) lines.push(`    ${change.type} ${change.resource}: ${impactWords[change.impact]}`);
  }
  return lines;
}
