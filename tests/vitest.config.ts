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
      // Unit tests that hash (scrypt), or import every handler in a beforeAll, are CPU-bound: vitest's
      // defaults (5 s a test, 10 s a hook) failed beside a CPU-bound load (npm run test:loaded).
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 } },
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
      {
        // The public site in real headless Chromium: quick exit, search, axe on every built page,
        // budgets. The site is built once (tests/support/browser-setup.ts); one browser per file.
        extends: true,
        test: {
          name: "site",
          include: ["tests/site/**/*.test.ts"],
          globalSetup: ["tests/support/browser-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Real headless Chromium (Debian's /usr/bin/chromium via playwright-core) against the whole
        // local system: the built site, the real handlers, DynamoDB Local and the local OpenID provider.
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // The Chromium check and the site build first, so a missing browser stops the run at once.
          globalSetup: ["tests/support/browser-setup.ts", "tests/integration/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
