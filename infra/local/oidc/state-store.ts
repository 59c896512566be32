import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The local provider's state (sessions, grants, interactions, codes) in memory, written to one
 * JSON file under `.data/oidc/` a moment after each change, so `npm start` can be restarted without
 * signing every officer out. It is oidc-provider's adapter contract: upsert, find, findByUid,
 * findByUserCode, consume, destroy, revokeByGrantId. Expired entries are dropped on load and swept
 * on write.
 */
interface Entry {
  value: unknown;
  /** Epoch milliseconds; absent = no expiry. */
  expiresAt?: number;
}

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string; jti?: string; consumed?: number };

/** Models whose entries belong to a grant and disappear when it is revoked. */
const grantable = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

export class LocalStateStore {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      try {
        const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, Entry>;
        const now = Date.now();
        for (const [key, entry] of Object.entries(saved)) if (entry.expiresAt === undefined || entry.expiresAt > now) this.entries.set(key, entry);
      } catch {
        // A damaged file only costs the officers a new sign-in.
      }
    }
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: unknown, expiresInSeconds?: number): void {
    this.entries.set(key, { value, ...(expiresInSeconds === undefined ? {} : { expiresAt: Date.now() + expiresInSeconds * 1000 }) });
    this.changed();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.changed();
  }

  /** Writes pending changes now (on shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.entries)), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  private changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), 100);
    this.timer.unref();
  }

  /** oidc-provider's `adapter` option: one adapter per model, all over this store. */
  adapterFactory(): (model: string) => object {
    return (model: string) => new StoreAdapter(model, this);
  }
}

class StoreAdapter {
  constructor(
    private readonly model: string,
    private readonly store: LocalStateStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const key = this.key(id);
    if (this.model === "Session" && payload.uid) this.store.set(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) this.store.set(`userCode:${payload.userCode}`, id, expiresIn);
    if (grantable.has(this.model) && payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const members = new Set((this.store.get(grantKey) as string[] | undefined) ?? []);
      members.add(key);
      this.store.set(grantKey, [...members], 14 * 24 * 3600);
    }
    this.store.set(key, payload, expiresIn);
  }

  async find(id: string): Promise<Payload | undefined> {
    return this.store.get(this.key(id)) as Payload | undefined;
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    const id = this.store.get(`sessionUid:${uid}`);
    return typeof id === "string" ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    const id = this.store.get(`userCode:${userCode}`);
    return typeof id === "string" ? this.find(id) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = await this.find(id);
    if (payload) {
      payload.consumed = Math.floor(Date.now() / 1000);
      // Same entry object: mark the store changed by setting it again with its remaining life.
      this.store.set(this.key(id), payload, remainingSeconds(payload));
    }
  }

  async destroy(id: string): Promise<void> {
    const payload = await this.find(id);
    if (payload?.uid && this.store.get(`sessionUid:${payload.uid}`) === id) this.store.delete(`sessionUid:${payload.uid}`);
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `grant:${grantId}`;
    for (const key of (this.store.get(grantKey) as string[] | undefined) ?? []) this.store.delete(key);
    this.store.delete(grantKey);
  }
}

function remainingSeconds(payload: Payload): number | undefined {
  return typeof payload.exp === "number" ? Math.max(1, payload.exp - Math.floor(Date.now() / 1000)) : undefined;
}
