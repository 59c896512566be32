/**
 * Content collections. `articles`: one Markdown file per page, in src/content/articles/vi/ or en/;
 * the frontmatter is checked here at build time, so a missing title or a description too long for
 * a search result stops the build with the file and the field (README, "Nội dung / Content").
 */
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";
import { articleTopics, slugPattern } from "./articles.ts";

const articles = defineCollection({
  loader: glob({
    pattern: "{vi,en}/*.md",
    base: "./src/content/articles",
    // The id keeps the folder and the file name as written ("vi/tim-su-giup-do"): the address comes from it.
    generateId: ({ entry }) => entry.replace(/\.md$/, ""),
  }),
  schema: z
    .object({
      title: z.string().trim().min(5, "title: ít nhất 5 ký tự / at least 5 characters").max(80, "title: tối đa 80 ký tự / at most 80 characters"),
      /** The meta description, the lead under the title and the text in lists and search results. */
      description: z
        .string()
        .trim()
        .min(50, "description: ít nhất 50 ký tự / at least 50 characters")
        .max(180, "description: tối đa 180 ký tự / at most 180 characters"),
      topic: z.enum(articleTopics, `topic: một trong / one of ${articleTopics.join(", ")}`),
      /** Position within the topic, smallest first. */
      order: z.number().int().min(0),
      /** The day the facts were last checked (YYYY-MM-DD), shown under the article. */
      updated: z.coerce.date(),
      /** English files only: the Vietnamese file name (without .md) this article translates. */
      translationOf: z.string().regex(slugPattern, "translationOf: tên tệp tiếng Việt, không có .md / the Vietnamese file name without .md").optional(),
    })
    .strict(),
});

export const collections = { articles };
