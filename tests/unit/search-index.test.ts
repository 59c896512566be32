import { describe, expect, it } from "vitest";
import { htmlText, pathOf, searchRecord } from "../../web/src/integrations/search-index.ts";

const page = (body: string, lang = "vi") =>
  `<!doctype html><html lang="${lang}"><head><meta name="description" content="Mô tả &amp; tóm tắt"></head><body><nav>Trang chủ</nav>${body}<footer>113</footer></body></html>`;

describe("site search index: what is indexed", () => {
  it("indexes only the element marked data-pagefind-body, folded: no marks, đ → d, lower case", () => {
    const record = searchRecord(
      page('<article class="article" data-pagefind-body><h1>Địa chỉ tin cậy</h1><p>Bạo lực &amp; <em>đe dọa</em></p></article>'),
      "/x/",
    );
    expect(record).toEqual({
      url: "/x/",
      language: "vi",
      title: "Địa chỉ tin cậy",
      description: "Mô tả & tóm tắt",
      content: "dia chi tin cay bao luc de doa",
    });
  });

  it("skips pages with nothing marked, and refuses a marked page without an h1", () => {
    expect(searchRecord(page("<main><h1>Trang chủ</h1></main>"), "/")).toBeUndefined();
    expect(() => searchRecord(page("<article data-pagefind-body><p>x</p></article>"), "/y/")).toThrow(/\/y\/.*h1/);
  });

  it("reads the page's language", () => {
    expect(searchRecord(page("<article data-pagefind-body><h1>Rights</h1></article>", "en"), "/en/learn/x/")?.language).toBe("en");
  });

  it("turns HTML into text and files into addresses", () => {
    expect(htmlText("<p>a&nbsp;<b>b</b>&#39;c&#x27;</p>\n<p>d</p>")).toBe("a b 'c' d");
    expect(pathOf("tim-hieu/x/index.html")).toBe("/tim-hieu/x/");
    expect(pathOf("index.html")).toBe("/");
    expect(pathOf("404.html")).toBe("/404.html");
  });
});
