/**
 * The awareness articles: where each one lives and which ones translate each other. Plain code with
 * no Astro import, so the build, the pages and the tests share one rule.
 *
 * One Markdown file is one page: `src/content/articles/<vi|en>/<slug>.md` is published at
 * `/tim-hieu/<slug>/` (Vietnamese) or `/en/learn/<slug>/` (English). An English file names the
 * Vietnamese article it translates in `translationOf`; the two pages then link to each other.
 */
import { type Locale, locales, routes } from "./i18n.ts";

/** The groups the article index shows, in this order. */
export const articleTopics = ["help", "understand", "family", "men"] as const;
export type ArticleTopic = (typeof articleTopics)[number];

/** A file name (and so an address) is lowercase letters without marks, digits and single hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What the pages need of an entry of the `articles` collection (the schema is in content.config.ts). */
export interface ArticleEntry {
  /** `vi/<slug>` or `en/<slug>`: the file's path under src/content/articles, without `.md`. */
  id: string;
  data: { title: string; description: string; topic: ArticleTopic; order: number; updated: Date; translationOf?: string | undefined };
}

export interface Article<E extends ArticleEntry = ArticleEntry> {
  entry: E;
  locale: Locale;
  slug: string;
  path: string;
  /** The address of this article in each language it exists in (itself included). */
  versions: Partial<Record<Locale, string>>;
}

export function articlePath(locale: Locale, slug: string): string {
  return `${routes.articles[locale]}${slug}/`;
}

/** Splits an entry id into its language and slug; a file in the wrong place or with a bad name stops the build. */
export function parseArticleId(id: string): { locale: Locale; slug: string } {
  const [folder, slug, ...rest] = id.split("/");
  const locale = locales.find((candidate) => candidate === folder);
  if (!locale || !slug || rest.length > 0 || !slugPattern.test(slug)) {
    throw new Error(
      `src/content/articles/${id}.md: bài viết phải nằm ở vi/ hoặc en/ và tên tệp chỉ gồm chữ thường không dấu, số và dấu gạch nối / ` +
        `an article lives in vi/ or en/ and its file name has only lowercase letters, digits and hyphens`,
    );
  }
  return { locale, slug };
}

/**
 * Every article with its address and its translations, in reading order (topic, then `order`, then
 * title). Stops the build when an English file claims a Vietnamese article that does not exist or
 * that another English file already translates.
 */
export function organiseArticles<E extends ArticleEntry>(entries: readonly E[]): Article<E>[] {
  const parsed = entries.map((entry) => ({ entry, ...parseArticleId(entry.id) }));
  const viSlugs = new Set(parsed.filter((article) => article.locale === "vi").map((article) => article.slug));
  const enOf = new Map<string, string>();
  for (const article of parsed) {
    const original = article.entry.data.translationOf;
    if (original === undefined) continue;
    const file = `src/content/articles/${article.entry.id}.md`;
    if (article.locale !== "en") throw new Error(`${file}: chỉ bài tiếng Anh mới có translationOf / only English articles have translationOf`);
    if (!viSlugs.has(original)) {
      throw new Error(`${file}: translationOf "${original}" — không có tệp vi/${original}.md / there is no vi/${original}.md`);
    }
    const other = enOf.get(original);
    if (other) throw new Error(`${file}: vi/${original}.md đã được dịch ở en/${other}.md / is already translated by en/${other}.md`);
    enOf.set(original, article.slug);
  }
  const articles = parsed.map(({ entry, locale, slug }) => {
    const viSlug = locale === "vi" ? slug : entry.data.translationOf;
    const enSlug = locale === "en" ? slug : enOf.get(slug);
    const versions: Partial<Record<Locale, string>> = {};
    if (viSlug) versions.vi = articlePath("vi", viSlug);
    if (enSlug) versions.en = articlePath("en", enSlug);
    return { entry, locale, slug, path: articlePath(locale, slug), versions };
  });
  return articles.sort(
    (a, b) =>
      articleTopics.indexOf(a.entry.data.topic) - articleTopics.indexOf(b.entry.data.topic) ||
      a.entry.data.order - b.entry.data.order ||
      a.entry.data.title.localeCompare(b.entry.data.title, a.locale),
  );
}
