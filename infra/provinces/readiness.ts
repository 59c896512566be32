import type { Province } from "../../shared/province.ts";
import { placeholderDomain } from "./national.ts";

/**
 * What stops a province file from being deployed, in words a province admin can act on: a sample
 * province (illustrative data, never a real deployment) and every placeholder `province:new` left
 * (an address at `dien-vao.invalid`). The schema (shared/province.ts) accepts both, so a new file
 * can be synthesized and tried locally while it is being filled in.
 */
export function deployBlockers(province: Province): string[] {
  const blockers: string[] = [];
  if (province.sample === true) {
    blockers.push(
      `"sample": true — tỉnh mẫu chỉ để thử, không triển khai / a sample province is for trying things out, never deployed (npm run province:new makes a real one)`,
    );
  }
  for (const path of placeholderPaths(province)) {
    blockers.push(`${path}: ${describePlaceholder(path)}`);
  }
  return blockers;
}

const hints: Record<string, string> = {
  initialAdminEmail: "e-mail của quản trị viên đầu tiên (nhận mật khẩu tạm thời) / the first administrator's e-mail (receives the temporary password)",
  notificationSender:
    "địa chỉ gửi thư đã xác minh trong SES, hoặc xoá dòng này để không gửi thư / the SES sender address, or delete the line to send no e-mail",
};

function describePlaceholder(path: string): string {
  return `chưa điền / not filled in — ${hints[path] ?? "thay giá trị mẫu / replace the placeholder"}`;
}

/** Dotted paths of every string value that is (or contains) a placeholder address. */
export function placeholderPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return value.toLowerCase().includes(placeholderDomain) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholderPaths(item, `${path}.${index}`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => placeholderPaths(item, path === "" ? key : `${path}.${key}`));
  }
  return [];
}
