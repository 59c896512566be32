/**
 * The public site's figures for `npm run bench`: for the main pages (home, an article, the hotline
 * page, the commune directory), the weight a visitor downloads and Lighthouse's mobile performance
 * and accessibility scores; the home page's weight also as a ratio to its 60 KB budget (DESIGN §5).
 *
 * The site is built into a temporary directory and served by the project's own local server (the
 * real CSP) in its own process, with the API on a fresh DynamoDB Local: the pages that draw from
 * the API do so with live answers — the directory seeded from the province file (the hotlines and
 * communes pages), and a year of approved figures from every commune (the statistics page). The
 * site's text files travel compressed, as CloudFront sends them (brotli and gzip copies written
 * into the temporary build, served by the local server; the API's answers travel uncompressed, so
 * the score is, if anything, pessimistic): the weight is shown as served, uncompressed and gzipped,
 * and Lighthouse (simulated slow 4G, a mid-range phone) sees the bytes served. Chromium is Debian's
 * /usr/bin/chromium.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import lighthouse from "lighthouse";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import type { Counters } from "../../functions/statistics/contributions.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import type { PeriodId } from "../../shared/statistics-periods.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { chromiumArgs, chromiumPath } from "../support/browser.ts";
import { buildSite } from "../support/site-build.ts";
import { startBenchSystem } from "./harness.ts";
import { ratio, table } from "./stats.ts";

const homeBudgetBytes = 60 * 1024;
const slug = "ninh-binh";

/** The pages measured: label and path. */
export const benchPages: [string, string][] = [
  ["home", "/"],
  ["article", "/tim-hieu/bao-luc-gia-dinh-la-gi/"],
  ["hotlines", "/duong-day-nong/"],
  ["communes", "/xa-phuong/"],
  ["communes (en)", "/en/communes/"],
  ["hotlines (en)", "/en/hotlines/"],
  ["statistics", "/so-lieu/"],
  ["statistics (en)", "/en/statistics/"],
];

/** A commune's approved yearly figures, varied by its place in the list (what the public page adds up and suppresses). */
function approvedCounters(n: number): Counters {
  return {
    "reports.channel.online": 3 + (n % 7),
    "reports.channel.hotline": 2 + (n % 5),
    "reports.channel.police": n % 3,
    "reports.outcome.open-case": 4 + (n % 6),
    "reports.outcome.not-dv": n % 4,
    "cases.form.physical": 3 + (n % 4),
    "cases.form.psychological": 2 + (n % 3),
    "households.form.physical": 3 + (n % 4),
    cases: 4 + (n % 6),
    households: 4 + (n % 6),
    "victims.female.18-59": 3 + (n % 4),
    "victims.female.under-16": n % 2,
    "victims.male.60-plus": n % 3,
    "perpetrators.male": 3 + (n % 5),
    "perpetrators.female": n % 2,
  };
}

/** Every commune's report of last year, approved: /so-lieu/ shows it by default. */
async function seedApprovedYear(documents: DynamoDBDocumentClient): Promise<string> {
  const store = new DynamoStatisticsStore(documents, {
    statistics: physicalTableName(slug, "statistics"),
    reports: physicalTableName(slug, "reports"),
    cases: physicalTableName(slug, "cases"),
  });
  const year = String(Number(vietnamDay().slice(0, 4)) - 1) as PeriodId;
  const at = new Date().toISOString();
  await Promise.all(
    loadProvince(slug).communes.map((commune, n) =>
      store.savePeriodReport(
        {
          period: year,
          commune: commune.code,
          status: "approved",
          version: 1,
          entered: {},
          corrections: {},
          history: [{ at, by: "bench", action: "approve" }],
          submittedAt: at,
          submittedBy: "bench",
          approvedAt: at,
          approvedBy: "bench",
          approvedCounters: approvedCounters(n),
        },
        0,
      ),
    ),
  );
  return year;
}

/**
 * The live directory as the communes keep it: the province file holds no trusted address, so two
 * per commune for the first 30 communes are added the way the seed writes entries.
 */
async function seedLiveDirectory(documents: DynamoDBDocumentClient): Promise<void> {
  const province = loadProvince(slug);
  const trustedAddresses = province.communes.slice(0, 30).flatMap((commune, n) =>
    ["Nhà văn hóa thôn Đông", "Trạm y tế"].map((name, k) => ({
      id: `bench-${commune.code}-${String(k)}`,
      commune: commune.code,
      name,
      address: `${name}, ${commune.name}`,
      phone: `0229 3${String(n).padStart(2, "0")} ${String(100 + k)}`,
      hours: { vi: "7:30–17:00, thứ Hai đến thứ Sáu", en: "7:30–17:00, Monday to Friday" },
    })),
  );
  await new DynamoDirectoryStore(documents, physicalTableName(slug, "directory")).seed({ ...province, trustedAddresses }, new Date().toISOString());
}

/** The live answers the pages will draw are there: the directory and the approved year. */
async function checkLiveAnswers(base: string, year: string): Promise<void> {
  const directory = (await (await fetch(`${base}/api/directory`)).json()) as { hotlines?: unknown[]; trustedAddresses?: unknown[] };
  const figures = (await (await fetch(`${base}/api/public/statistics/${year}`)).json()) as { approvedCommunes?: number };
  if (!directory.hotlines?.length || !directory.trustedAddresses?.length || figures.approvedCommunes !== loadProvince(slug).communes.length) {
    throw new Error(`the live answers are missing: ${JSON.stringify({ directory: Object.keys(directory), figures })}`);
  }
  console.log(
    `  live data: ${String(directory.hotlines.length)} hotlines, ${String(directory.trustedAddresses.length)} trusted addresses, ${year} approved by ${String(figures.approvedCommunes)} communes`,
  );
}

export interface PageFigures {
  label: string;
  path: string;
  requests: number;
  /** Bytes as served by the local server: the site's text files compressed as CloudFront sends them (see precompress), the API's answers not. */
  servedBytes: number;
  /** The same responses uncompressed: the weight the page itself carries. */
  uncompressedBytes: number;
  /** The same responses gzipped (level 6, as a CDN compresses text). */
  gzipBytes: number;
  performance: number;
  accessibility: number;
  /** The performance metrics that cost points (score below 1), with their values: what to look at when the score is not 100. */
  costly: string;
}

const performanceMetrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

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
  let uncompressedBytes = 0;
  for (const item of local) {
    const body = Buffer.from(await (await fetch(item.url)).arrayBuffer());
    uncompressedBytes += body.length;
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  return {
    label,
    path,
    requests: local.length,
    servedBytes: local.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    uncompressedBytes,
    gzipBytes,
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    costly: performanceMetrics
      .map((id) => lhr.audits[id])
      .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
      .map((audit) => `${audit?.id ?? ""} ${audit?.displayValue ?? ""}`)
      .join("; "),
  };
}

/** The text files a browser gets compressed from CloudFront (web-stack: `compress: true`). */
const compressible = /\.(html|css|js|json|svg|xml|txt)$/;

/**
 * Writes a brotli and a gzip copy next to each text file of the built site, which the local server
 * sends to a browser that accepts them (sirv's `brotli`/`gzip`): the pages then travel as CloudFront
 * sends them. Only this temporary build gets the copies; the deploy uploads plain files.
 */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !compressible.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Builds, serves and measures the site; prints the table and returns the figures. */
export async function siteBench(): Promise<PageFigures[]> {
  console.log("\n4. Trang công khai / public site: weight and Lighthouse (mobile) of the main pages");
  const siteDir = await buildSite(slug);
  precompress(siteDir);
  const work = mkdtempSync(join(tmpdir(), "pcblgd-bench-chromium-"));
  try {
    const server = await startBenchSystem(slug, { siteDir });
    await seedLiveDirectory(server.documents);
    await checkLiveAnswers(server.url, await seedApprovedYear(server.documents));
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
        ["page", "requests", "served", "uncompressed", "gzip", "performance", "accessibility", "costly metrics"],
        ...figures.map((page) => [
          `${page.label} ${page.path}`,
          page.requests,
          kb(page.servedBytes),
          kb(page.uncompressedBytes),
          kb(page.gzipBytes),
          page.performance,
          page.accessibility,
          page.costly || "—",
        ]),
      ]),
    );
    const home = figures[0];
    if (home) {
      console.log(
        `home page vs its 60 KB budget: ${ratio(home.gzipBytes, homeBudgetBytes)} transferred (gzip), ${ratio(home.uncompressedBytes, homeBudgetBytes)} uncompressed`,
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
