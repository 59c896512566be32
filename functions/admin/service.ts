import { authorize, type Jurisdiction, type OfficerRole, type Principal, roleLabels } from "../../shared/permissions.ts";
import { NotFoundError, RuleError, StaleError } from "../lib/kit/index.ts";
import type { RevocationLog } from "../lib/revocations.ts";
import type { OfficerChanges, OfficerDirectory, OfficerPage, OfficerRecord } from "./officer-directory.ts";
import type { CommuneLookup } from "./profile.ts";

/**
 * Officer administration (the officers function). Domain rules only — the officer
 * directory (Cognito or the local account store) and the commune lookup are interfaces.
 *
 * Rules: only an officer allowed `admin:users` on the province may list, invite or change officers
 * (checked here with the same `authorize` as the route, so a future caller cannot bypass it);
 * nobody changes their own roles or jurisdiction or disables themselves; every commune of a
 * jurisdiction exists in the province; commune roles work in communes and province roles in the
 * province; a change names the version it was based on (`expectedUpdatedAt`).
 *
 * Disabling an officer or changing their roles or jurisdiction revokes the ID tokens they already
 * hold (functions/lib/revocations.ts): recorded before the change — if that fails, nothing changes
 * — and again after it, so a token issued while the change was being applied is refused too.
 */

const staleOfficer = {
  vi: "Hồ sơ cán bộ đã được người khác thay đổi; hãy xem bản hiện tại rồi thử lại.",
  en: "Someone else changed this officer; review the current record and try again.",
};

export interface InviteInput {
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
}

export interface UpdateInput extends OfficerChanges {
  expectedUpdatedAt: string;
}

const communeRoles: readonly OfficerRole[] = ["commune-officer", "commune-leader", "community-volunteer"];
const provinceRoles: readonly OfficerRole[] = ["province-officer", "province-admin"];

export class AdminService {
  constructor(
    private readonly directory: OfficerDirectory,
    private readonly communes: CommuneLookup,
    private readonly revocations: RevocationLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(actor: Principal, page: { limit: number; cursor?: string }): Promise<OfficerPage> {
    this.requireAdmin(actor);
    return this.directory.list(page);
  }

  async get(actor: Principal, id: string): Promise<OfficerRecord | undefined> {
    this.requireAdmin(actor);
    return this.directory.get(id);
  }

  async invite(actor: Principal, input: InviteInput): Promise<OfficerRecord> {
    this.requireAdmin(actor);
    const email = input.email.trim().toLowerCase();
    if (email === actor.email.toLowerCase()) throw new RuleError("body.email", "Bạn không thể mời chính mình", "You cannot invite yourself");
    await this.checkRolesAndJurisdiction(input.roles, input.jurisdiction);
    return this.directory.invite({ ...input, email, name: input.name.trim() });
  }

  /** Undefined when there is no such officer. */
  async update(actor: Principal, id: string, input: UpdateInput): Promise<OfficerRecord | undefined> {
    this.requireAdmin(actor);
    const current = await this.directory.get(id);
    if (current === undefined) return undefined;
    const changes: OfficerChanges = {};
    if (input.name !== undefined && input.name.trim() !== current.name) changes.name = input.name.trim();
    if (input.roles !== undefined && !sameSet(input.roles, current.roles)) changes.roles = [...new Set(input.roles)];
    if (input.jurisdiction !== undefined && !sameJurisdiction(input.jurisdiction, current.jurisdiction)) changes.jurisdiction = input.jurisdiction;
    // A form may send every field back unchanged; only a real change of one's own access is refused.
    if (id === actor.id && changes.roles !== undefined) {
      throw new RuleError("body.roles", "Bạn không thể tự thay đổi vai trò của mình", "You cannot change your own roles");
    }
    if (id === actor.id && changes.jurisdiction !== undefined) {
      throw new RuleError("body.jurisdiction", "Bạn không thể tự thay đổi địa bàn của mình", "You cannot change your own jurisdiction");
    }
    if (current.updatedAt !== input.expectedUpdatedAt) throw new StaleError(current, staleOfficer);
    if (changes.roles !== undefined || changes.jurisdiction !== undefined) {
      await this.checkRolesAndJurisdiction(changes.roles ?? current.roles, changes.jurisdiction ?? current.jurisdiction);
    }
    if (Object.keys(changes).length === 0) return current;
    if (changes.roles === undefined && changes.jurisdiction === undefined) return this.directory.update(id, changes);
    return this.revokingTokens(id, () => this.directory.update(id, changes));
  }

  /** Undefined when there is no such officer. */
  async setEnabled(actor: Principal, id: string, enabled: boolean): Promise<OfficerRecord | undefined> {
    this.requireAdmin(actor);
    if (!enabled && id === actor.id) throw new RuleError("path.officerId", "Bạn không thể tự vô hiệu hóa tài khoản của mình", "You cannot disable yourself");
    const current = await this.directory.get(id);
    if (current === undefined) return undefined;
    if ((current.status === "disabled") === !enabled) return current;
    if (enabled) return this.directory.setEnabled(id, enabled);
    return this.revokingTokens(id, () => this.directory.setEnabled(id, enabled));
  }

  /** Revokes the officer's tokens before and after a change of their access (see above). */
  private async revokingTokens<T>(id: string, change: () => Promise<T>): Promise<T> {
    await this.revocations.revoke(id, this.now());
    const result = await change();
    await this.revocations.revoke(id, this.now());
    return result;
  }

  private requireAdmin(actor: Principal): void {
    if (!authorize(actor, "admin:users", "province").allowed) throw new NotFoundError("officer administration");
  }

  private async checkRolesAndJurisdiction(roles: readonly OfficerRole[], jurisdiction: Jurisdiction): Promise<void> {
    if (jurisdiction.kind === "communes") {
      const known = await Promise.all(jurisdiction.communes.map((code) => this.communes.commune(code)));
      const unknownIndex = known.indexOf(undefined);
      if (unknownIndex >= 0) {
        const code = jurisdiction.communes[unknownIndex] as string;
        throw new RuleError(
          `body.jurisdiction.communes.${String(unknownIndex)}`,
          `Không có xã/phường mã ${code} trong tỉnh này`,
          `There is no commune with code ${code} in this province`,
        );
      }
      const provinceRole = roles.find((role) => provinceRoles.includes(role));
      if (provinceRole !== undefined) {
        throw new RuleError(
          "body.jurisdiction",
          `Vai trò "${roleLabels[provinceRole].vi}" làm việc trên toàn tỉnh: địa bàn phải là toàn tỉnh`,
          `The role "${roleLabels[provinceRole].en}" works province-wide: the jurisdiction must be the province`,
        );
      }
    } else {
      const communeRole = roles.find((role) => communeRoles.includes(role));
      if (communeRole !== undefined) {
        throw new RuleError(
          "body.jurisdiction",
          `Vai trò "${roleLabels[communeRole].vi}" làm việc tại xã/phường: hãy chọn các xã/phường cụ thể`,
          `The role "${roleLabels[communeRole].en}" works in communes: choose the communes`,
        );
      }
    }
  }
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function sameJurisdiction(a: Jurisdiction, b: Jurisdiction): boolean {
  if (a.kind === "province" || b.kind === "province") return a.kind === b.kind;
  return sameSet(a.communes, b.communes);
}
