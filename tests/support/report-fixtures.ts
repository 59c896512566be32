import { randomUUID } from "node:crypto";

/** A public report of `commune` with every personal field filled (a fresh narrative each time). */
export function reportBody(commune: string, overrides: Record<string, unknown> = {}) {
  return {
    commune,
    narrative: `Chồng tôi đánh tôi tối qua ${randomUUID()}`,
    acts: ["a", "b"],
    occurredOn: "2026-11-20",
    location: "Thôn Đông, nhà số 12",
    danger: "no",
    victim: { sex: "female", ageBand: "16-59", child: false },
    reporter: { anonymous: false, name: "Nguyễn Thị Lan", phone: "0912 345 678", relationship: "self" },
    safeContact: { mayCall: true, when: "Sau 9 giờ sáng", channel: "call", neverCall: "0987 654 321" },
    consentToContact: true,
    ...overrides,
  };
}
