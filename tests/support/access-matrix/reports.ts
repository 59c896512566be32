import type { FixtureSet } from "./fixture.ts";

export const reportFixtures: FixtureSet = (_system) => ({});
