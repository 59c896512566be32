import { createHash, randomBytes, randomInt, randomUUID, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { formatJurisdiction, isOfficerRole, type Jurisdiction, type OfficerRole, parseJurisdiction } from "../../shared/permissions.ts";
import type { Province } from "../../shared/province.ts";
import { keyCursor, optional, required, settings } from "../lib/kit/index.ts";
import {
  type InviteOfficer,
  type OfficerChanges,
  OfficerConflictError,
  type OfficerDirectory,
  OfficerExistsError,
  OfficerNotFoundError,
  type OfficerPage,
  type OfficerRecord,
  type OfficerStatus,
  officerListBinding,
} from "./officer-directory.ts";

/**
 * The local stand-in for the Cognito user pool: officer accounts in the `officers` table (local
 * only, see shared/tables.ts), read by the local OpenID provider (infra/local/oidc/) to sign
 * officers in and by the admin API through the `OfficerDirectory` interface.
 *
 * Items:
 *   { pk: "OFFICER#<id>", sk: "PROFILE", kind: "OFFICER", id, email, name, roles, jurisdiction,
 *     status, passwordHash, mustChangePassword?, createdAt, updatedAt }
 *   { pk: "EMAIL#<lower-cased e-mail>", sk: "LOCK", officerId } — written in the same transaction
 *     as the profile, so an e-mail belongs to one account only; sign-in reads it with a strongly
 *     consistent GetItem (a just-invited officer can sign in at once, no index lag).
 *
 * Every change is conditional (`updatedAt` must be the one read), so two admins never silently
 * overwrite each other; passwords are scrypt hashes (node:crypto) with their salt and parameters.
 */

// ---------------------------------------------------------------------------------------------
// Passwords.

/** Cognito's policy for the user pool (infra/stacks/auth-stack.ts), applied locally too. */
export const passwordPolicy = { minLength: 12, maxLength: 256 } as const;

export interface PasswordProblem {
  code: "too-short" | "too-long" | "lowercase" | "uppercase" | "digit" | "symbol" | "unchanged";
  message: string;
  message_en: string;
}

/** Everything wrong with a new password (empty when it satisfies the policy). */
export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < passwordPolicy.minLength) {
    problems.push({ code: "too-short", message: "Mật khẩu phải có ít nhất 12 ký tự", message_en: "The password needs at least 12 characters" });
  }
  if ([...password].length > passwordPolicy.maxLength) {
    problems.push({ code: "too-long", message: "Mật khẩu dài quá 256 ký tự", message_en: "The password is longer than 256 characters" });
  }
  if (!/\p{Ll}/u.test(password)) problems.push({ code: "lowercase", message: "Cần ít nhất một chữ thường", message_en: "It needs a lowercase letter" });
  if (!/\p{Lu}/u.test(password)) problems.push({ code: "uppercase", message: "Cần ít nhất một chữ hoa", message_en: "It needs an uppercase letter" });
  if (!/\d/.test(password)) problems.push({ code: "digit", message: "Cần ít nhất một chữ số", message_en: "It needs a digit" });
  if (!/[^\p{L}\p{N}\s]/u.test(password)) {
    problems.push({ code: "symbol", message: "Cần ít nhất một ký hiệu (ví dụ # ! @ -)", message_en: "It needs a symbol (e.g. # ! @ -)" });
  }
  return problems;
}

export class WeakPasswordError extends Error {
  override name = "WeakPasswordError";
  constructor(readonly problems: PasswordProblem[]) {
    super(problems.map((problem) => problem.message_en).join("; "));
  }
}

const scryptParams = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const maxmem = (N: number, r: number) => 128 * N * r * 2;

/** `scrypt$<N>$<r>$<p>$<salt, base64url>$<hash, base64url>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = scryptParams;
  const hash = await scryptAsync(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Constant-time comparison; a malformed hash is a mismatch, after the same work. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    scheme === "scrypt" && salt !== undefined && hash !== undefined && [params.N, params.r, params.p].every((value) => Number.isInteger(value) && value > 0);
  const expected = valid ? Buffer.from(hash, "base64url") : Buffer.alloc(keyLength);
  const { N: dN, r: dR, p: dP } = scryptParams;
  const options = valid ? { ...params, maxmem: maxmem(params.N, params.r) } : { N: dN, r: dR, p: dP, maxmem: maxmem(dN, dR) };
  const actual = await scryptAsync(password, valid ? Buffer.from(salt, "base64url") : Buffer.alloc(16), expected.length || keyLength, options);
  return valid && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash nobody knows the password of, for unknown e-mails: the same scrypt work, then "no". */
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString("base64url"));
  return decoyHash;
}

/** A temporary password that satisfies the policy: 16 characters, every class, from a CSPRNG. */
export function temporaryPassword(): string {
  const classes = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#!@%&*+-=?"];
  const all = classes.join("");
  const characters = classes.map((set) => set[randomInt(set.length)] as string);
  while (characters.length < 16) characters.push(all[randomInt(all.length)] as string);
  for (let index = characters.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] as string, characters[index] as string];
  }
  return characters.join("");
}

// ---------------------------------------------------------------------------------------------
// The store.

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const keys = {
  profile: (id: string) => ({ pk: `OFFICER#${id}`, sk: "PROFILE" }),
  email: (email: string) => ({ pk: `EMAIL#${normalizeEmail(email)}`, sk: "LOCK" }),
};

interface OfficerItem {
  pk: string;
  sk: string;
  kind: "OFFICER";
  id: string;
  email: string;
  name: string;
  roles: string[];
  jurisdiction: string;
  status: OfficerStatus;
  passwordHash: string;
  mustChangePassword?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A local account as the OpenID provider sees it (never the hash). */
export interface LocalAccount extends OfficerRecord {
  mustChangePassword: boolean;
}

export type CredentialCheck = { ok: true; account: LocalAccount } | { ok: false; reason: "invalid" | "disabled" };

export interface CreateOfficer extends InviteOfficer {
  password: string;
  /** Defaults to a random UUID (like a Cognito `sub`). */
  id?: string;
  mustChangePassword?: boolean;
}

export interface LocalOfficerDirectoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Where invitations are written instead of e-mailed (default `.data/outbox`). */
  outboxDir?: string;
  /** The site's origin, named in invitations (from OIDC_ISSUER when omitted). */
  siteOrigin?: string;
  now?: () => Date;
}

const retries = 3;

export class LocalOfficerDirectory implements OfficerDirectory {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly outboxDir: string;
  private readonly siteOrigin: string | undefined;
  private readonly now: () => Date;

  constructor(options: LocalOfficerDirectoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.outboxDir = options.outboxDir ?? join(".data", "outbox");
    this.siteOrigin = options.siteOrigin;
    this.now = options.now ?? (() => new Date());
  }

  async list(options: { limit: number; cursor?: string }): Promise<OfficerPage> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "all",
        KeyConditionExpression: "kind = :kind",
        ExpressionAttributeValues: { ":kind": "OFFICER" },
        Limit: options.limit,
        ExclusiveStartKey: listCursor.decode(options.cursor),
      }),
    );
    const items = (page.Items ?? []).map((item) => toAccount(item as OfficerItem)).map(toRecord);
    return { items, ...(page.LastEvaluatedKey ? { cursor: listCursor.encode(page.LastEvaluatedKey) } : {}) };
  }

  async get(id: string): Promise<OfficerRecord | undefined> {
    const item = await this.getItem(id);
    return item ? toRecord(toAccount(item)) : undefined;
  }

  /** The account with its sign-in state, for the OpenID provider. */
  async getAccount(id: string): Promise<LocalAccount | undefined> {
    const item = await this.getItem(id);
    return item ? toAccount(item) : undefined;
  }

  async findByEmail(email: string): Promise<LocalAccount | undefined> {
    const item = await this.getItemByEmail(email);
    return item ? toAccount(item) : undefined;
  }

  /** Creates an invited account with a temporary password, written to the local outbox. */
  async invite(input: InviteOfficer): Promise<OfficerRecord> {
    const password = temporaryPassword();
    const account = await this.create({ ...input, password, mustChangePassword: true });
    await this.writeInvitation(account, password);
    return toRecord(account);
  }

  /** Creates an account with a known password (seeding, tests). Throws OfficerExistsError for a taken e-mail or id. */
  async create(input: CreateOfficer): Promise<LocalAccount> {
    const email = normalizeEmail(input.email);
    const id = input.id ?? randomUUID();
    const at = this.now().toISOString();
    const item: OfficerItem = {
      ...keys.profile(id),
      kind: "OFFICER",
      id,
      email,
      name: input.name,
      roles: [...input.roles],
      jurisdiction: formatJurisdiction(input.jurisdiction),
      status: input.mustChangePassword ? "invited" : "active",
      passwordHash: await hashPassword(input.password),
      ...(input.mustChangePassword ? { mustChangePassword: true } : {}),
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
            { Put: { TableName: this.tableName, Item: { ...keys.email(email), officerId: id }, ConditionExpression: "attribute_not_exists(pk)" } },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") {
        throw new OfficerExistsError(`An officer with this e-mail or id already exists`);
      }
      throw error;
    }
    return toAccount(item);
  }

  async update(id: string, changes: OfficerChanges): Promise<OfficerRecord> {
    return toRecord(
      await this.change(id, () => ({
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.roles === undefined ? {} : { roles: [...changes.roles] }),
        ...(changes.jurisdiction === undefined ? {} : { jurisdiction: formatJurisdiction(changes.jurisdiction) }),
      })),
    );
  }

  /** Disabling keeps the account; the OpenID provider then refuses it, and its sessions end (findAccount answers nothing). */
  async setEnabled(id: string, enabled: boolean): Promise<OfficerRecord> {
    return toRecord(await this.change(id, (item) => ({ status: enabled ? (item.mustChangePassword ? "invited" : "active") : "disabled" })));
  }

  /**
   * Checks an e-mail and password. Unknown e-mails cost the same scrypt work as known ones, and a
   * disabled account is only reported once its password is right (no account-state oracle).
   */
  async verifyCredentials(email: string, password: string): Promise<CredentialCheck> {
    const item = await this.getItemByEmail(email);
    const matches = await verifyPassword(password, item?.passwordHash ?? (await decoy()));
    if (!item || !matches) return { ok: false, reason: "invalid" };
    if (item.status === "disabled") return { ok: false, reason: "disabled" };
    return { ok: true, account: toAccount(item) };
  }

  /** Sets a new password (policy-checked, not the current one) and ends the "must change" state of an invited account. */
  async changePassword(id: string, newPassword: string): Promise<LocalAccount> {
    const problems = passwordProblems(newPassword);
    if (problems.length > 0) throw new WeakPasswordError(problems);
    const current = await this.getItem(id);
    if (current && (await verifyPassword(newPassword, current.passwordHash))) {
      throw new WeakPasswordError([
        { code: "unchanged", message: "Mật khẩu mới phải khác mật khẩu hiện tại", message_en: "The new password must differ from the current one" },
      ]);
    }
    const passwordHash = await hashPassword(newPassword);
    return this.change(id, (item) => ({
      passwordHash,
      mustChangePassword: false,
      ...(item.status === "invited" ? { status: "active" as const } : {}),
    }));
  }

  /**
   * Creates the demo officers of the province (contract §5) unless they exist: an account that is
   * already there keeps its password and every change made to it.
   */
  async seedOfficers(province: Pick<Province, "slug" | "communes">): Promise<{ created: string[]; kept: string[] }> {
    const created: string[] = [];
    const kept: string[] = [];
    for (const officer of seededOfficers(province)) {
      const id = seededOfficerId(province.slug, officer.email);
      if (await this.getItem(id)) {
        kept.push(officer.email);
        continue;
      }
      try {
        await this.create({ ...officer, id, password: seededOfficerPassword });
        created.push(officer.email);
      } catch (error) {
        if (!(error instanceof OfficerExistsError)) throw error;
        kept.push(officer.email);
      }
    }
    return { created, kept };
  }

  /** Two strongly consistent reads, also for an unknown e-mail (the second then reads a key that never exists). */
  private async getItemByEmail(email: string): Promise<OfficerItem | undefined> {
    // No address is longer (RFC 5321); a longer one would exceed DynamoDB's key size.
    if (normalizeEmail(email).length > 254) return undefined;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.email(email), ConsistentRead: true }));
    const officerId = typeof Item?.officerId === "string" ? Item.officerId : undefined;
    const item = await this.getItem(officerId ?? "-");
    return officerId === undefined ? undefined : item;
  }

  private async getItem(id: string): Promise<OfficerItem | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.profile(id), ConsistentRead: true }));
    return Item as OfficerItem | undefined;
  }

  /** Read, compute the change from what was read, write only if nobody wrote in between; retry a few times. */
  private async change(id: string, compute: (item: OfficerItem) => Partial<OfficerItem>): Promise<LocalAccount> {
    for (let attempt = 0; attempt < retries; attempt++) {
      const item = await this.getItem(id);
      if (!item) throw new OfficerNotFoundError(`No officer ${id}`);
      const changes: Partial<OfficerItem> = { ...compute(item), updatedAt: this.later(item.updatedAt) };
      const names = Object.keys(changes);
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.profile(id),
            UpdateExpression: `SET ${names.map((_, index) => `#n${String(index)} = :v${String(index)}`).join(", ")}`,
            ConditionExpression: "attribute_exists(pk) AND updatedAt = :read",
            ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${String(index)}`, name])),
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((name, index) => [`:v${String(index)}`, changes[name as keyof OfficerItem]])),
              ":read": item.updatedAt,
            },
            ReturnValues: "ALL_NEW",
          }),
        );
        return toAccount(Attributes as OfficerItem);
      } catch (error) {
        if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
      }
    }
    throw new OfficerConflictError(`Officer ${id} changed while being updated`);
  }

  /** `updatedAt` is the version: it must move forward even within one millisecond. */
  private later(previous: string): string {
    const now = this.now().getTime();
    const before = Date.parse(previous);
    return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
  }

  private async writeInvitation(account: LocalAccount, password: string): Promise<void> {
    await mkdir(this.outboxDir, { recursive: true, mode: 0o700 });
    const stamp = this.now().toISOString().replace(/[:.]/g, "-");
    const origin = this.siteOrigin ?? originOf(localSettings.issuer);
    const signIn = origin ? `${origin}/dang-nhap/` : "(trang đăng nhập của hệ thống / the site's sign-in page)";
    const text = [
      `Đến / To: ${account.email}`,
      "Chủ đề / Subject: PCBLGĐ — tài khoản cán bộ / officer account",
      "",
      `Chào ${account.name},`,
      "Quản trị viên đã tạo tài khoản PCBLGĐ cho bạn. / An administrator created a PCBLGĐ account for you.",
      "",
      `Tài khoản / Account: ${account.email}`,
      `Mật khẩu tạm thời / Temporary password: ${password}`,
      `Đăng nhập tại / Sign in at: ${signIn}`,
      "",
      "Lần đăng nhập đầu tiên, bạn sẽ đặt mật khẩu mới (ít nhất 12 ký tự, có chữ thường, chữ hoa, chữ số và ký hiệu).",
      "At the first sign-in you set a new password (12+ characters with lowercase, uppercase, digit and symbol).",
      "",
      "(Thư này được ghi vào hộp thư cục bộ thay vì gửi e-mail / written to the local outbox instead of being e-mailed.)",
      "",
    ].join("\n");
    await writeFile(join(this.outboxDir, `${stamp}-${account.email}.txt`), text, { mode: 0o600, flag: "wx" });
  }
}

function originOf(issuer: string | undefined): string | undefined {
  if (!issuer) return undefined;
  try {
    return new URL(issuer).origin;
  } catch {
    return undefined;
  }
}

function toAccount(item: OfficerItem): LocalAccount {
  const jurisdiction: Jurisdiction = parseJurisdiction(item.jurisdiction) ?? { kind: "communes", communes: [] };
  return {
    id: item.id,
    email: item.email,
    name: item.name,
    roles: item.roles.filter(isOfficerRole),
    jurisdiction,
    status: item.status,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    mustChangePassword: item.mustChangePassword === true,
  };
}

function toRecord(account: LocalAccount): OfficerRecord {
  const { mustChangePassword: _mustChange, ...record } = account;
  return record;
}

/** The listing's cursor: the `all` index's key, bound to the one officer listing. */
const listCursor = keyCursor(officerListBinding, { keyNames: ["pk", "sk", "kind", "email"], partition: { name: "kind", value: "OFFICER" } });

// ---------------------------------------------------------------------------------------------
// Demo officers (contract §5), the same for every province.

/** The password of every seeded local officer; printed in the README, never used in AWS. */
export const seededOfficerPassword = "Demo#PCBLGD-2026";

export interface SeededOfficer {
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
}

/** "xã 1" and "xã 2" are the province's first two communes by code. */
export function seededOfficers(province: Pick<Province, "communes">): SeededOfficer[] {
  const [first, second] = [...province.communes].map((commune) => commune.code).sort();
  if (first === undefined) return [];
  const commune1: Jurisdiction = { kind: "communes", communes: [first] };
  const commune2: Jurisdiction = { kind: "communes", communes: [second ?? first] };
  const province_: Jurisdiction = { kind: "province" };
  return [
    { email: "canbo.xa1@pcblgd.local", name: "Nguyễn Thị Hoa", roles: ["commune-officer"], jurisdiction: commune1 },
    { email: "canbo.xa2@pcblgd.local", name: "Trần Văn Minh", roles: ["commune-officer"], jurisdiction: commune2 },
    { email: "lanhdao.xa1@pcblgd.local", name: "Lê Văn Hùng", roles: ["commune-leader"], jurisdiction: commune1 },
    { email: "canbo.tinh@pcblgd.local", name: "Phạm Thị Mai", roles: ["province-officer"], jurisdiction: province_ },
    { email: "hoidong@pcblgd.local", name: "Hoàng Văn Nam", roles: ["commendation-reviewer"], jurisdiction: province_ },
    { email: "quantri@pcblgd.local", name: "Đỗ Thị Thu", roles: ["province-admin"], jurisdiction: province_ },
    { email: "tinhnguyen.xa1@pcblgd.local", name: "Vũ Thị Hằng", roles: ["community-volunteer"], jurisdiction: commune1 },
  ];
}

/** A stable id per province and e-mail, so seeding twice (even at once) creates one account. */
export function seededOfficerId(provinceSlug: string, email: string): string {
  const hex = createHash("sha256")
    .update(`pcblgd-seed\0${provinceSlug}\0${normalizeEmail(email)}`)
    .digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The local directory's settings, read once: its table, the outbox of invitations, the issuer whose site the invitation links to. */
const localSettings = settings({
  tableName: required("TABLE_OFFICERS"),
  outboxDir: optional("LOCAL_OUTBOX_DIR", join(".data", "outbox")),
  issuer: optional("OIDC_ISSUER"),
});

/** The directory of the local runtime: `TABLE_OFFICERS` and `LOCAL_OUTBOX_DIR` (default `.data/outbox`). */
export function localOfficerDirectoryFromEnv(client: DynamoDBDocumentClient): LocalOfficerDirectory {
  return new LocalOfficerDirectory({ client, tableName: localSettings.tableName, outboxDir: localSettings.outboxDir });
}
