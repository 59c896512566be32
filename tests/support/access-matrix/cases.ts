import type { FixtureSet } from "./fixture.ts";

export const caseFixtures: FixtureSet = (_system) => ({});
