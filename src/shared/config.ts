/**
 * Configuration schemas (zod). `yeoron.config.yaml` holds the app settings; `data/sources.yaml` the sources.
 * A wrong key or value fails with one line that names the key, the value and what was expected (exit 2).
 */
import { z } from "zod";

const durationMs = z.number().int().min(0);

export const FetchSettingsSchema = z
  .object({
    /** Honest User-Agent; `{contact}` is replaced with `contact`. */
    userAgent: z.string().min(1).default("yeoron/0.1 (+{contact})"),
    contact: z.string().min(3).default("mailto:yeoron@example.org"),
    /** Minimum time between two requests to one host (robots Crawl-delay wins when larger). */
    minHostIntervalMs: durationMs.default(1000),
    /** Requests in flight across all hosts. */
    concurrency: z.number().int().min(1).max(64).default(4),
    timeoutMs: durationMs.default(20_000),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .default(5 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Tries per request, the first included. */
    maxTries: z.number().int().min(1).max(10).default(4),
    /** Backoff base for retries: base × 2^(try-1), with full jitter, capped by maxBackoffMs. */
    backoffBaseMs: durationMs.default(1000),
    maxBackoffMs: durationMs.default(60_000),
    respectRobots: z.boolean().default(true),
  })
  .strict();

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Keyword sets: an item is followed when all words of any one set occur in its title or description. */
    keywords: z.array(z.string().min(1)).min(1),
  })
  .strict();

const baseSource = {
  id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and dashes"),
  enabled: z.boolean().default(true),
  outlet: z.string().optional(),
};

export const FeedSourceSchema = z.object({ ...baseSource, type: z.literal("feed"), url: z.url() }).strict();

export const NaverSearchSourceSchema = z
  .object({
    ...baseSource,
    type: z.literal("naver-search"),
    queries: z.array(z.string().min(1)).min(1),
    display: z.number().int().min(1).max(100).default(100),
    /** How many result pages (of `display`) to walk: start = 1, 1+display, … ≤ 1000. */
    pages: z.number().int().min(1).max(10).default(1),
    sort: z.enum(["sim", "date"]).default("date"),
    baseUrl: z.url().default("https://openapi.naver.com/v1/search/news.json"),
  })
  .strict();

export const GoogleNewsSourceSchema = z
  .object({
    ...baseSource,
    type: z.literal("google-news"),
    queries: z.array(z.string().min(1)).min(1),
    after: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    before: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    baseUrl: z.url().default("https://news.google.com/rss/search"),
  })
  .strict();

export const SourceSchema = z.discriminatedUnion("type", [
  FeedSourceSchema,
  NaverSearchSourceSchema,
  GoogleNewsSourceSchema,
]);

export const SourcesFileSchema = z
  .object({
    topics: z.array(TopicSchema).min(1),
    sources: z.array(SourceSchema).min(1),
    comments: z
      .object({
        naver: z
          .object({
            enabled: z.boolean().default(true),
            baseUrl: z.url().default("https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json"),
            pageSize: z.number().int().min(1).max(100).default(100),
            /** Safety bound on pages per article. */
            maxPages: z.number().int().min(1).max(1000).default(50),
          })
          .strict()
          .default({
            enabled: true,
            baseUrl: "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json",
            pageSize: 100,
            maxPages: 50,
          }),
      })
      .strict()
      .default({
        naver: {
          enabled: true,
          baseUrl: "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json",
          pageSize: 100,
          maxPages: 50,
        },
      }),
  })
  .strict();

export type FetchSettings = z.infer<typeof FetchSettingsSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type FeedSource = z.infer<typeof FeedSourceSchema>;
export type NaverSearchSource = z.infer<typeof NaverSearchSourceSchema>;
export type GoogleNewsSource = z.infer<typeof GoogleNewsSourceSchema>;
export type SourcesFile = z.infer<typeof SourcesFileSchema>;
