import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LocalStateStore } from "../../infra/local/oidc/state-store.ts";

/** The local OpenID provider's state: oidc-provider's adapter contract over one JSON file. */
type Adapter = {
  upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Record<string, unknown> | undefined>;
  findByUid(uid: string): Promise<Record<string, unknown> | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
};

const dirs: string[] = [];
function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "pcblgd-state-"));
  dirs.push(dir);
  return join(dir, "state.json");
}
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("LocalStateStore", () => {
  it("finds sessions by id and by uid, and survives a restart once flushed", async () => {
    const file = scratchFile();
    const store = new LocalStateStore(file);
    const sessions = store.adapterFactory()("Session") as Adapter;
    await sessions.upsert("s1", { uid: "u1", accountId: "a" }, 3600);
    expect(await sessions.findByUid("u1")).toMatchObject({ accountId: "a" });
    store.flush();
    const restarted = new LocalStateStore(file).adapterFactory()("Session") as Adapter;
    expect(await restarted.find("s1")).toMatchObject({ accountId: "a" });
    await restarted.destroy("s1");
    expect(await restarted.findByUid("u1")).toBeUndefined();
  });

  it("forgets expired entries", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    const codes = new LocalStateStore().adapterFactory()("AuthorizationCode") as Adapter;
    await codes.upsert("c1", { grantId: "g" }, 60);
    vi.setSystemTime(new Date("2026-01-01T00:01:01Z"));
    expect(await codes.find("c1")).toBeUndefined();
  });

  it("marks a code consumed and revokes everything of a grant", async () => {
    const factory = new LocalStateStore().adapterFactory();
    const codes = factory("AuthorizationCode") as Adapter;
    const tokens = factory("AccessToken") as Adapter;
    await codes.upsert("c1", { grantId: "g1", exp: Math.floor(Date.now() / 1000) + 60 }, 60);
    await tokens.upsert("t1", { grantId: "g1" }, 600);
    await tokens.upsert("t2", { grantId: "g2" }, 600);
    await codes.consume("c1");
    expect((await codes.find("c1"))?.consumed).toEqual(expect.any(Number));
    await tokens.revokeByGrantId("g1");
    expect(await codes.find("c1")).toBeUndefined();
    expect(await tokens.find("t1")).toBeUndefined();
    expect(await tokens.find("t2")).toBeDefined();
  });
});
