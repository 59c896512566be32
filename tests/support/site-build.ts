import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Builds the site for a province (the real `astro build`) into a fresh directory of its own and
 * returns it. The directory is inside the repository (node_modules/.cache, ignored by git and
 * Biome) on purpose: Astro writes its prerender bundle inside the output directory when that lies
 * under the working directory, and into a shared `<cwd>/.astro/` otherwise — where two builds
 * running at once (the web, site and e2e projects run in parallel) overwrite each other's chunks.
 */
export async function buildSite(province: string, env: Record<string, string> = {}): Promise<string> {
  const cache = join(repo, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `pcblgd-site-${province}-`));
  await run(process.execPath, [join(repo, "node_modules", ".bin", "astro"), "build", "--root", join(repo, "web"), "--outDir", dir], {
    cwd: repo,
    env: { ...process.env, PROVINCE: province, ASTRO_TELEMETRY_DISABLED: "1", ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}
