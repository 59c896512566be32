import { describe, expect, it } from "vitest";
import { contentDisposition, matchesType, safeFileName } from "../../functions/commendations/attachments.ts";
import {
  type Actor,
  type Attachment,
  type CommendationRepository,
  CommendationService,
  type NominationChange,
  nomineeKey,
  VersionConflict,
} from "../../functions/commendations/service.ts";
import { NotFoundError, RuleError } from "../../functions/lib/kit/index.ts";
import type { Cycle, Nomination, Step } from "../../shared/commendations.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";

/** The service's rules with a clock we control and an in-memory repository (deadlines need time to pass). */
class MemoryRepository implements CommendationRepository {
  cycles = new Map<string, Cycle>();
  nominations = new Map<string, Nomination>();
  steps = new Map<string, Step[]>();
  async getCycle(id: string) {
    return this.cycles.get(id);
  }
  async listCycles() {
    return [...this.cycles.values()];
  }
  async createCycle(cycle: Cycle) {
    this.cycles.set(cycle.id, cycle);
  }
  async getNomination(id: string) {
    return this.nominations.get(id);
  }
  async getDetail(id: string) {
    const nomination = this.nominations.get(id);
    return nomination && { nomination, steps: this.steps.get(id) ?? [], attachments: [] as Attachment[] };
  }
  async createNomination(nomination: Nomination, step: Step) {
    this.nominations.set(nomination.id, nomination);
    this.steps.set(nomination.id, [step]);
  }
  async changeNomination(change: NominationChange) {
    const current = this.nominations.get(change.next.id);
    if (current?.version !== change.expectedVersion || !change.from.includes(current.status)) throw new VersionConflict();
    this.nominations.set(change.next.id, change.next);
    this.steps.get(change.next.id)?.push(change.step);
  }
  async nominationsWithNominee() {
    return [];
  }
  async listByCommune() {
    return { items: [] };
  }
  async listByCycle() {
    return { items: [] };
  }
  async putAttachment() {}
  async getAttachment() {
    return undefined;
  }
  async markAttachmentReady() {}
  async removeAttachment() {}
  async honourRoll() {
    return [];
  }
}

const officer: Actor = { id: "o1", email: "o@x", name: "Cán bộ xã", roles: ["commune-officer"], jurisdiction: { kind: "communes", communes: ["13285"] } };
const reviewer: Actor = { id: "r1", email: "r@x", name: "Hội đồng", roles: ["commendation-reviewer"], jurisdiction: { kind: "province" } };
const admin: Actor = { id: "a1", email: "a@x", name: "Quản trị", roles: ["province-admin"], jurisdiction: { kind: "province" } };

function setup(start: string) {
  let now = new Date(start);
  const repository = new MemoryRepository();
  const service = new CommendationService(
    repository,
    async () => {
      throw new Error("no store");
    },
    async () => "test-nominee-secret-test-nominee-secret",
    () => now,
  );
  return { repository, service, travel: (to: string) => (now = new Date(to)) };
}

const input = (cycleId: string) => ({
  cycleId,
  nominee: { kind: "individual" as const, name: "Nguyễn Văn A", unit: "Thôn 1" },
  report: { background: "b", achievements: "a", measures: "m" },
  form: "giay-khen" as const,
  level: "commune-chair" as const,
  publicConsent: false,
});

describe("deadlines (Vietnam time)", () => {
  it("takes nominations until the end of the submission deadline's day in Vietnam, not UTC", async () => {
    const { service, travel } = setup("2026-03-31T16:30:00Z"); // 23:30 on 31/03 in Vietnam
    const cycle = await service.createCycle(admin, { name: "2026", kind: "year", year: 2026, submissionDeadline: "2026-03-31", reviewDeadline: "2026-04-30" });
    const draft = await service.create(officer, "13285", input(cycle.id));
    travel("2026-03-31T17:00:00Z"); // 00:00 on 01/04 in Vietnam
    await expect(service.submit(officer, draft, draft.version)).rejects.toThrow(RuleError);
    await expect(service.create(officer, "13285", input(cycle.id))).rejects.toThrow(/deadline/);
  });

  it("lets the council vote until its own deadline, and not after", async () => {
    const { service, travel } = setup("2026-03-01T03:00:00Z");
    const cycle = await service.createCycle(admin, { name: "2026", kind: "year", year: 2026, submissionDeadline: "2026-03-31", reviewDeadline: "2026-04-30" });
    const draft = await service.create(officer, "13285", input(cycle.id));
    const submitted = await service.submit(officer, draft, draft.version);
    travel("2026-05-01T03:00:00Z");
    const vote = {
      meetingDate: "2026-04-29",
      membersTotal: 5,
      membersPresent: 5,
      votesFor: 5,
      votesAgainst: 0,
      abstentions: 0,
      outcome: "approve" as const,
      expectedVersion: submitted.version,
    };
    await expect(service.council(reviewer, submitted, vote)).rejects.toThrow(/council's deadline/);
    travel("2026-04-30T10:00:00Z");
    expect((await service.council(reviewer, submitted, vote)).status).toBe("council-approved");
  });

  it("lets a returned nomination be resubmitted after the submission deadline, until the council's deadline", async () => {
    const { service, travel } = setup("2026-03-01T03:00:00Z");
    const cycle = await service.createCycle(admin, { name: "2026", kind: "year", year: 2026, submissionDeadline: "2026-03-31", reviewDeadline: "2026-04-30" });
    const draft = await service.create(officer, "13285", input(cycle.id));
    const submitted = await service.submit(officer, draft, draft.version);
    travel("2026-04-10T03:00:00Z");
    const vote = {
      meetingDate: "2026-04-09",
      membersTotal: 5,
      membersPresent: 5,
      votesFor: 1,
      votesAgainst: 4,
      abstentions: 0,
      outcome: "return" as const,
      comments: "Bổ sung số liệu",
      expectedVersion: submitted.version,
    };
    const returned = await service.council(reviewer, submitted, vote);
    expect(returned.status).toBe("returned");
    const again = await service.submit(officer, returned, returned.version);
    expect(again.status).toBe("submitted");
    const second = await service.council(reviewer, again, { ...vote, expectedVersion: again.version });
    travel("2026-05-01T03:00:00Z");
    await expect(service.submit(officer, second, second.version)).rejects.toThrow(/council's deadline/);
  });

  it("refuses a review deadline before the submission deadline", async () => {
    const { service } = setup("2026-03-01T03:00:00Z");
    await expect(
      service.createCycle(admin, { name: "x", kind: "campaign", year: 2026, submissionDeadline: "2026-05-01", reviewDeadline: "2026-04-01" }),
    ).rejects.toThrow(RuleError);
  });
});

describe("the service checks roles itself too", () => {
  it("refuses a commune officer's vote and a reviewer's decision as hidden", async () => {
    const { service } = setup("2026-03-01T03:00:00Z");
    const cycle = await service.createCycle(admin, { name: "2026", kind: "year", year: 2026, submissionDeadline: "2026-03-31" });
    const draft = await service.create(officer, "13285", input(cycle.id));
    await expect(service.createCycle(officer, { name: "x", kind: "year", year: 2026, submissionDeadline: "2026-12-31" })).rejects.toThrow(NotFoundError);
    await expect(
      service.council(officer, draft, {
        meetingDate: "2026-03-01",
        membersTotal: 1,
        membersPresent: 1,
        votesFor: 1,
        votesAgainst: 0,
        abstentions: 0,
        outcome: "approve",
        expectedVersion: 1,
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(service.decide(reviewer, draft, { number: "1", date: "2026-03-01", signer: "x", expectedVersion: 1 })).rejects.toThrow(NotFoundError);
    await expect(service.create(officer, "13291", input(cycle.id))).rejects.toThrow(NotFoundError);
  });
});

describe("helpers", () => {
  it("folds names for the duplicate key and never keeps the name; another key gives other hashes", () => {
    const secret = "test-nominee-secret-test-nominee-secret";
    const a = nomineeKey(secret, "c", "13285", { kind: "individual", name: "Phạm Thị Lan" });
    expect(nomineeKey(secret, "c", "13285", { kind: "individual", name: "  PHAM thi lan " })).toBe(a);
    expect(nomineeKey(secret, "c", "13285", { kind: "household", name: "Phạm Thị Lan" })).not.toBe(a);
    expect(nomineeKey(secret, "d", "13285", { kind: "individual", name: "Phạm Thị Lan" })).not.toBe(a);
    expect(a).not.toContain("Lan");
    expect(nomineeKey("another-secret-another-secret-another", "c", "13285", { kind: "individual", name: "Phạm Thị Lan" })).not.toBe(a);
  });

  it("gives the Vietnam calendar day", () => {
    expect(vietnamDay(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01");
  });

  it("recognises file types by their first bytes", () => {
    expect(matchesType(Buffer.from("%PDF-1.7"), "application/pdf")).toBe(true);
    expect(matchesType(Buffer.from("<html>"), "application/pdf")).toBe(false);
    expect(matchesType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg")).toBe(true);
    expect(matchesType(Buffer.from("PK\u0003\u0004"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBe(true);
  });

  it("makes safe download names", () => {
    expect(safeFileName("../../etc/passwd", "application/pdf")).toBe("passwd.pdf");
    expect(safeFileName('Biên bản "họp".exe', "image/png")).toBe("Biên bản họp.png");
    expect(contentDisposition("Biên bản.pdf")).toBe("attachment; filename=\"Bien ban.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf");
  });
});
