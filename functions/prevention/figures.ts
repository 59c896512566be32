import type { Owner } from "./registers.ts";
import type { PreventionStore } from "./service.ts";

/**
 * The prevention figures of one commune and year, for the statistics and the program targets
 * (docs/prevention.md, "Figures"): `preventionFigures(store, commune, year)`. Reads only the plain
 * fields (no identity is opened): one Query per register on byCommune, listSort begins_with <year>.
 */
export interface PreventionFigures {
  commune: Owner;
  year: number;
  activities: number;
  participants: number;
  men: number;
  women: number;
  /** men / participants, 0 when nobody took part. */
  shareOfMen: number;
  households: number;
  /** Activities aimed at men, and at families at high risk (the plan's first targets). */
  activitiesForMen: number;
  activitiesForHighRiskFamilies: number;
  mediations: number;
  mediationsReconciled: number;
  /**
   * Completions of a course that year by people of the commune (courses of the commune and of the
   * province, counted by the participant's commune): the numerator of the "90 % of staff trained"
   * target. A person who completed two courses counts twice (the names are sealed; the figures
   * open none).
   */
  staffTrained: number;
  /** The commune's staff that year, as the commune entered it; undefined when never entered. */
  staffCount?: number;
  /**
   * staffTrained / staffCount, at most 1: the share of the commune's staff trained. Undefined when
   * the commune has not entered its staff count (a target shows "no data", never a guess).
   */
  staffTrainedShare?: number;
}

/**
 * The store the figures read. `staff` is optional so a reader of the registers alone still works:
 * without it the share is undefined.
 */
export type FiguresStore = Pick<PreventionStore, "year"> & Partial<Pick<PreventionStore, "staff">>;

export async function preventionFigures(store: FiguresStore, commune: Owner, year: number): Promise<PreventionFigures> {
  const [activities, mediations, communeCourses, provinceCourses, staff] = await Promise.all([
    store.year("activities", commune, year),
    store.year("mediations", commune, year),
    store.year("courses", commune, year),
    commune === "province" ? Promise.resolve([]) : store.year("courses", "province", year),
    commune === "province" || store.staff === undefined ? Promise.resolve(undefined) : store.staff(commune, year),
  ]);
  let participants = 0;
  let men = 0;
  let women = 0;
  let households = 0;
  for (const activity of activities) {
    const counts = activity.fields.participants as { total: number; men: number; women: number };
    participants += counts.total;
    men += counts.men;
    women += counts.women;
    households += Number(activity.fields.households ?? 0);
  }
  const aimedAt = (group: string) => activities.filter((activity) => (activity.fields.targetGroups as string[]).includes(group)).length;
  const staffTrained = [...communeCourses, ...provinceCourses].reduce(
    (sum, course) => sum + ((course.fields.trainedByCommune as Record<string, number> | undefined)?.[commune] ?? 0),
    0,
  );
  return {
    commune,
    year,
    activities: activities.length,
    participants,
    men,
    women,
    shareOfMen: participants === 0 ? 0 : men / participants,
    households,
    activitiesForMen: aimedAt("men"),
    activitiesForHighRiskFamilies: aimedAt("high-risk-families"),
    mediations: mediations.length,
    mediationsReconciled: mediations.filter((mediation) => mediation.fields.outcome === "reconciled").length,
    staffTrained,
    ...staffShare(staffTrained, staff?.count),
  };
}

/** The share of staff trained, when the commune entered a staff count above zero. */
export function staffShare(trained: number, staffCount: number | undefined): Pick<PreventionFigures, "staffCount" | "staffTrainedShare"> {
  if (staffCount === undefined) return {};
  return { staffCount, ...(staffCount > 0 ? { staffTrainedShare: Math.min(1, trained / staffCount) } : {}) };
}
