import { describe, expect, it } from "vitest";
import { type ArticleEntry, articlePath, organiseArticles, parseArticleId } from "../../web/src/articles.ts";
import { siteUrl } from "../../web/src/site-url.ts";

const entry = (id: string, data: Partial<ArticleEntry["data"]> = {}): ArticleEntry => ({
  id,
  data: { title: id, description: "…", topic: "help", order: 1, updated: new Date("2026-11-29"), ...data },
});

describe("articles: one file, one page", () => {
  it("publishes vi/<slug>.md at /tim-hieu/<slug>/ and en/<slug>.md at /en/learn/<slug>/", () => {
    expect(parseArticleId("vi/tim-su-giup-do")).toEqual({ locale: "vi", slug: "tim-su-giup-do" });
    expect(articlePath("vi", "tim-su-giup-do")).toBe("/tim-hieu/tim-su-giup-do/");
    expect(articlePath("en", "where-to-get-help")).toBe("/en/learn/where-to-get-help/");
  });

  it("refuses a file outside vi/ and en/, or a name that is not a plain slug, naming the file", () => {
    for (const id of ["fr/x", "vi/Tìm-sự-giúp-đỡ", "vi/a--b", "vi/sub/x", "x"]) {
      expect(() => parseArticleId(id), id).toThrow(/src\/content\/articles\/.*\.md/);
    }
  });

  it("links a translation both ways, and leaves an untranslated article on its own", () => {
    const articles = organiseArticles([entry("vi/a"), entry("vi/b"), entry("en/a-en", { translationOf: "a" })]);
    const byPath = new Map(articles.map((article) => [article.path, article.versions]));
    expect(byPath.get("/tim-hieu/a/")).toEqual({ vi: "/tim-hieu/a/", en: "/en/learn/a-en/" });
    expect(byPath.get("/en/learn/a-en/")).toEqual({ vi: "/tim-hieu/a/", en: "/en/learn/a-en/" });
    expect(byPath.get("/tim-hieu/b/")).toEqual({ vi: "/tim-hieu/b/" });
  });

  it("stops the build on a translation of a missing article, a second translation, or translationOf on a Vietnamese file", () => {
    expect(() => organiseArticles([entry("en/x", { translationOf: "nope" })])).toThrow(/en\/x\.md.*vi\/nope\.md/);
    expect(() => organiseArticles([entry("vi/a"), entry("en/a1", { translationOf: "a" }), entry("en/a2", { translationOf: "a" })])).toThrow(
      /en\/a2\.md.*en\/a1\.md/,
    );
    expect(() => organiseArticles([entry("vi/a"), entry("vi/b", { translationOf: "a" })])).toThrow(/vi\/b\.md/);
  });

  it("orders by topic (help, understand, family, men), then order, then title", () => {
    const articles = organiseArticles([
      entry("vi/men", { topic: "men", order: 1 }),
      entry("vi/understand-2", { topic: "understand", order: 2 }),
      entry("vi/understand-1", { topic: "understand", order: 1 }),
      entry("vi/help-b", { topic: "help", order: 1, title: "B" }),
      entry("vi/help-a", { topic: "help", order: 1, title: "A" }),
    ]);
    expect(articles.map((article) => article.slug)).toEqual(["help-a", "help-b", "understand-1", "understand-2", "men"]);
  });
});

describe("SITE_URL", () => {
  it("defaults to the address npm start serves, and keeps only the origin", () => {
    expect(siteUrl({})).toBe("http://localhost:4321");
    expect(siteUrl({ SITE_URL: " https://pcblgd.ninhbinh.gov.vn/ " })).toBe("https://pcblgd.ninhbinh.gov.vn");
  });

  it("refuses what is not an http(s) origin", () => {
    for (const bad of ["pcblgd.ninhbinh.gov.vn", "ftp://x.vn", "https://x.vn/site/", "https://x.vn/?a=1"]) {
      expect(() => siteUrl({ SITE_URL: bad }), bad).toThrow(/SITE_URL/);
    }
  });
});
