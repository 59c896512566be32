/**
 * Builds the site search index after `astro build`, so every build (`npm run build:web`,
 * `npm start`, `npm run deploy`, the tests) ships it: pagefind's Node API reads the built article
 * pages (the element marked `data-pagefind-body`) and writes the bundle to `<outDir>/pagefind/`.
 *
 * The text is indexed folded with `foldForSearch` (no marks, đ → d, lower case), and the search
 * page folds the query the same way: pagefind alone ignores tone and vowel marks but keeps đ, so
 * "dia chi" would miss "địa chỉ". Title and description are stored as written, for the results.
 * Only the files the search page uses are written: no pagefind UI, no worker, no playground.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { close, createIndex } from "pagefind";
import { foldForSearch } from "../../../shared/text.ts";

export interface SearchRecord {
  url: string;
  language: string;
  title: string;
  description: string;
  /** The folded text that is indexed: title, description and body. */
  content: string;
}

/** The bundle files the search page loads; the rest of what pagefind writes is left out. */
const kept = /^(?:pagefind\.js|pagefind-entry\.json|wasm\.[\w-]+\.pagefind|pagefind\.[\w-]+\.pf_meta|index\/[^/]+\.pf_index|fragment\/[^/]+\.pf_fragment)$/;

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** Text of an HTML fragment: tags become spaces, entities are decoded, white space collapsed. */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** The site path a built file is served at: "tim-hieu/x/index.html" → "/tim-hieu/x/". */
export function pathOf(file: string): string {
  const path = `/${file.split(sep).join("/")}`;
  return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
}

/** The search record of one built page, or undefined when the page has nothing marked for search. */
export function searchRecord(html: string, url: string): SearchRecord | undefined {
  const open = /<([a-z]+)\b[^>]*\sdata-pagefind-body\b[^>]*>/i.exec(html);
  if (!open?.[1]) return undefined;
  const start = open.index + open[0].length;
  const end = html.indexOf(`</${open[1]}>`, start);
  const body = html.slice(start, end === -1 ? undefined : end);
  const language = /<html[^>]*\slang="([^"]+)"/i.exec(html)?.[1] ?? "vi";
  const title = htmlText(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1] ?? "");
  const description = decodeEntities(/<meta name="description" content="([^"]*)"/i.exec(html)?.[1] ?? "");
  if (title === "") throw new Error(`${url}: a page marked data-pagefind-body needs an <h1>`);
  // The title is the h1 at the start of the body; the description is also the lead paragraph.
  return { url, language, title, description, content: foldForSearch(htmlText(body)) };
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".html")).map((entry) => join(entry.parentPath, entry.name));
}

/** Indexes the built site in `siteDir` and writes `siteDir/pagefind/`; returns the records indexed. */
export async function buildSearchIndex(siteDir: string): Promise<SearchRecord[]> {
  const records: SearchRecord[] = [];
  for (const file of (await htmlFiles(siteDir)).sort()) {
    const record = searchRecord(await readFile(file, "utf8"), pathOf(relative(siteDir, file)));
    if (record) records.push(record);
  }
  const outDir = join(siteDir, "pagefind");
  await rm(outDir, { recursive: true, force: true });
  try {
    const { index, errors } = await createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
    for (const record of records) {
      const added = await index.addCustomRecord({
        url: record.url,
        content: record.content,
        language: record.language,
        // `words`: the title folded, so a title match ranks high for a query typed without marks (see metaWeights in site-search.ts).
        meta: { title: record.title, description: record.description, words: foldForSearch(record.title) },
      });
      if (added.errors.length > 0) throw new Error(`pagefind, ${record.url}: ${added.errors.join("; ")}`);
    }
    const { files, errors: fileErrors } = await index.getFiles();
    if (fileErrors.length > 0) throw new Error(`pagefind: ${fileErrors.join("; ")}`);
    for (const file of files.filter((candidate) => kept.test(candidate.path))) {
      const target = join(outDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
  } finally {
    await close();
  }
  return records;
}

export function searchIndex(): AstroIntegration {
  return {
    name: "pcblgd-search-index",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const records = await buildSearchIndex(fileURLToPath(dir));
        const counts = new Map<string, number>();
        for (const record of records) counts.set(record.language, (counts.get(record.language) ?? 0) + 1);
        const byLanguage = [...counts].map(([language, count]) => `${language} ${count}`).join(", ");
        logger.info(`chỉ mục tìm kiếm / search index: ${records.length} pages (${byLanguage})`);
      },
    },
  };
}
