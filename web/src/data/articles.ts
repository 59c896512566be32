/**
 * The `articles` collection, organised once per build: addresses, translations and reading order
 * (src/articles.ts holds the rules; src/content.config.ts the frontmatter schema).
 */
import { type CollectionEntry, getCollection } from "astro:content";
import { type Article, organiseArticles } from "../articles.ts";
import type { Locale } from "../i18n.ts";

export type SiteArticle = Article<CollectionEntry<"articles">>;

let organised: Promise<SiteArticle[]> | undefined;

/** Every article in both languages, in reading order. */
export function allArticles(): Promise<SiteArticle[]> {
  organised ??= getCollection("articles").then((entries) => organiseArticles(entries));
  return organised;
}

/** The articles of one language, in reading order. */
export async function articlesIn(locale: Locale): Promise<SiteArticle[]> {
  return (await allArticles()).filter((article) => article.locale === locale);
}

/** The article that is (or translates) the Vietnamese file `viSlug`, in `locale`; undefined when there is none. */
export async function articleFor(viSlug: string, locale: Locale): Promise<SiteArticle | undefined> {
  const path = (await allArticles()).find((article) => article.locale === "vi" && article.slug === viSlug)?.versions[locale];
  return (await articlesIn(locale)).find((article) => article.path === path);
}

/** Up to `count` other articles to read next: the same topic first, then the others, in reading order. */
export async function readNext(article: SiteArticle, count = 4): Promise<SiteArticle[]> {
  const others = (await articlesIn(article.locale)).filter((other) => other.path !== article.path);
  const topic = article.entry.data.topic;
  return [...others.filter((other) => other.entry.data.topic === topic), ...others.filter((other) => other.entry.data.topic !== topic)].slice(0, count);
}
