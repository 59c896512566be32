import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * One project per kind of test. Run one file with:
 *   npx vitest run --config tests/vitest.config.ts tests/unit/text.test.ts
 */
export default defineConfig({
  test: {
    root,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      { extends: true, test: { name: "infra", include: ["tests/infra/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: "web", include: ["tests/web/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 180_000 } },
    ],
  },
});
