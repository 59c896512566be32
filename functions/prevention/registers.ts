/**
 * The prevention registers (docs/prevention.md) and what each keeps. One record shape serves them
 * all: plain `fields` (what statistics, filters and every reader may see), `personal` (names,
 * phones, the parties and the conflict of a mediation — sealed with FieldCipher, shown only to
 * roles with `prevention:read-identity` in the record's commune, or to whoever entered the record),
 * and the record's day, which orders its list.
 */
export { activityKinds, activityTopics, mediationOutcomes, modelStatuses, modelTypes, sexes, targetGroups } from "../../shared/prevention.ts";

export const registers = ["models", "activities", "mediations", "courses"] as const;
export type Register = (typeof registers)[number];

/** One record of each register, as audit actions and record keys name it (`activity.create`, `activity#<id>`). */
export const recordTypes = { models: "model", activities: "activity", mediations: "mediation", courses: "course" } as const satisfies Record<Register, string>;

export const registerLabels: Record<Register, { vi: string; en: string }> = {
  models: { vi: "Mô hình, nhóm cộng đồng", en: "Community models and groups" },
  activities: { vi: "Hoạt động truyền thông", en: "Awareness activities" },
  mediations: { vi: "Sổ hòa giải", en: "Mediation register" },
  courses: { vi: "Tập huấn", en: "Training courses" },
};

/** Who may write each register: activities and mediations are recorded by volunteers too. */
export const writePermission = {
  models: "prevention:manage",
  activities: "prevention:record",
  mediations: "prevention:record",
  courses: "prevention:manage",
} as const satisfies Record<Register, "prevention:manage" | "prevention:record">;

/** The list filters of each register, besides the date range: `fields.<name>` equals (or, for arrays, contains) the value. */
export const registerFilters = {
  models: ["type", "status"],
  activities: ["kind", "targetGroup", "modelId"],
  mediations: ["outcome"],
  courses: [],
} as const satisfies Record<Register, readonly string[]>;

/** Filters on an array field (`targetGroups` contains the value) rather than equality. */
export const containsFilters: Record<string, string> = { targetGroup: "targetGroups" };

/** A commune code, or `province` for the province's own courses (organised by the province). */
export type Owner = string;

/** How long after its last recorded activity a model still counts as active (issue 12: six months). */
export const activeWindowMonths = 6;
