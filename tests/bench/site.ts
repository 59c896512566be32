/**
 * The public site's figures for `npm run bench`: for the main pages (home, an article, the hotline
 * page, the commune directory), the weight a visitor downloads and Lighthouse's mobile performance
 * and accessibility scores; the home page's weight also as a ratio to its 60 KB budget (DESIGN §5).
 *
 * The site is built into a temporary directory and served by the project's own local server (the
 * real CSP). That server does not compress, as CloudFront does: the weight is shown both as served
 * and gzipped, and Lighthouse (simulated slow 4G, a mid-range phone) sees the uncompressed bytes, so
 * its performance score is, if anything, pessimistic. Chromium is Debian's /usr/bin/chromium.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import lighthouse from "lighthouse";
import { startLocalServer } from "../../infra/local/server.ts";
import { chromiumArgs, chromiumPath } from "../support/browser.ts";
import { buildSite } from "../support/site-build.ts";
import { ratio, table } from "./stats.ts";

const homeBudgetBytes = 60 * 1024;

/** The pages measured: label and path. */
export const benchPages: [string, string][] = [
  ["home", "/"],
  ["article", "/tim-hieu/bao-luc-gia-dinh-la-gi/"],
  ["hotlines", "/duong-day-nong/"],
  ["communes", "/xa-phuong/"],
];

export interface PageFigures {
  label: string;
  path: string;
  requests: number;
  /** Bytes as served by the local server (uncompressed). */
  servedBytes: number;
  /** The same responses gzipped (level 6, as a CDN compresses text). */
  gzipBytes: number;
  performance: number;
  accessibility: number;
}

/** Debian's Chromium with a DevTools port for Lighthouse; resolves once it listens. */
async function launchChromium(profileDir: string): Promise<{ port: number; process: ChildProcess }> {
  const child = spawn(chromiumPath, [...chromiumArgs, "--remote-debugging-port=0", `--user-data-dir=${profileDir}`, "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`Chromium did not open a DevTools port:\n${seen}`)), 30_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`Chromium exited (${String(code)}):\n${seen}`)));
  });
  return { port, process: child };
}

async function measure(base: string, port: number, label: string, path: string): Promise<PageFigures> {
  const result = await lighthouse(`${base}${path}`, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility"],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse, ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  for (const [id, category] of Object.entries(lhr.categories)) {
    if (category.score === null) {
      const failed = Object.values(lhr.audits)
        .filter((audit) => audit.errorMessage)
        .map((audit) => `${audit.id}: ${audit.errorMessage}`);
      throw new Error(`Lighthouse, ${path}: no ${id} score\n${failed.join("\n")}`);
    }
  }
  const items = (lhr.audits["network-requests"]?.details as { items?: { url: string; transferSize?: number }[] } | undefined)?.items ?? [];
  const local = items.filter((item) => item.url.startsWith(base));
  if (local.length !== items.length) throw new Error(`${path} requested outside the site: ${items.map((item) => item.url).join(", ")}`);
  let gzipBytes = 0;
  for (const item of local) {
    const body = Buffer.from(await (await fetch(item.url)).arrayBuffer());
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  return {
    label,
    path,
    requests: local.length,
    servedBytes: local.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    gzipBytes,
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Builds, serves and measures the site; prints the table and returns the figures. */
export async function siteBench(): Promise<PageFigures[]> {
  console.log("\n4. Trang công khai / public site: weight and Lighthouse (mobile) of the main pages");
  const siteDir = await buildSite("ninh-binh");
  const work = mkdtempSync(join(tmpdir(), "pcblgd-bench-chromium-"));
  try {
    const server = await startLocalServer({ provinceSlug: "ninh-binh", siteDir, port: 0 });
    const chromium = await launchChromium(join(work, "profile"));
    const figures: PageFigures[] = [];
    try {
      for (const [label, path] of benchPages) {
        // A run on a busy machine now and then ends without a score: one more try before giving up.
        figures.push(await measure(server.url, chromium.port, label, path).catch(() => measure(server.url, chromium.port, label, path)));
      }
    } finally {
      // Wait for Chromium to exit before its profile directory is removed.
      const exited = new Promise((resolve) => chromium.process.once("exit", resolve));
      chromium.process.kill();
      await exited;
      await server.close();
    }
    console.log(
      table([
        ["page", "requests", "served", "gzip", "performance", "accessibility"],
        ...figures.map((page) => [`${page.label} ${page.path}`, page.requests, kb(page.servedBytes), kb(page.gzipBytes), page.performance, page.accessibility]),
      ]),
    );
    const home = figures[0];
    if (home) {
      console.log(
        `home page vs its 60 KB budget: ${ratio(home.gzipBytes, homeBudgetBytes)} transferred (gzip), ${ratio(home.servedBytes, homeBudgetBytes)} uncompressed`,
      );
    }
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(siteDir, { recursive: true, force: true });
  }
}

// `npx tsx tests/bench/site.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) await siteBench();
