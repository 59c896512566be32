import type { FixtureSet } from "./fixture.ts";

export const commendationFixtures: FixtureSet = (_system) => ({});
