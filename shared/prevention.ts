/**
 * The vocabulary of the prevention registers (docs/prevention.md), shared by the prevention
 * function and the officer pages.
 */
export const modelTypes = ["clb-gia-dinh", "nhom-pcblgd", "dia-chi-tin-cay", "duong-day-nong", "other"] as const;
export const modelStatuses = ["active", "paused", "dissolved"] as const;
export const activityKinds = ["talk", "campaign", "contest", "home-visit", "club-meeting", "training", "media"] as const;
export const targetGroups = ["men", "high-risk-families", "youth", "elderly", "disabilities", "all"] as const;
export const mediationOutcomes = ["reconciled", "not-reconciled", "referred"] as const;
export const sexes = ["female", "male", "other"] as const;

/** The site's article topics (web/src/articles.ts; tests/unit/prevention.test.ts keeps them equal), plus free text on each activity. */
export const activityTopics = ["help", "understand", "family", "men"] as const;
