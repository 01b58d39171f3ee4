/**
 * `yeoron.config.yaml`: the app's settings, validated with zod. Environment variables override the file
 * (YEORON_DB, YEORON_SALT, NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, YEORON_LOG_LEVEL); secrets are best kept
 * only in the environment.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Cron } from "croner";
import YAML from "yaml";
import { z } from "zod";
import { FetchSettingsSchema } from "./config.js";
import { ConfigError } from "./errors.js";

export const TickerSchema = z
  .object({
    ticker: z.string().regex(/^[0-9A-Z.^]{1,12}$/, "a KRX code like 035720"),
    name: z.string().min(1),
    role: z.enum(["subject", "control", "index"]).default("subject"),
    yahoo: z.string().optional(),
  })
  .strict();

/** A cron expression (5 fields, or 6 with seconds) that croner accepts; `false` turns the job off. */
const CronSchema = z.union([
  z.literal(false),
  z.string().refine((expr) => {
    try {
      new Cron(expr, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, 'a cron expression like "*/15 * * * *"'),
]);

/** Comment threads are paged again while young: `everyHours` apart until the article is `maxAgeHours` old. */
export const CommentRefreshTierSchema = z
  .object({ maxAgeHours: z.number().positive(), everyHours: z.number().positive() })
  .strict();

export const DEFAULT_SCHEDULE = {
  timezone: "Asia/Seoul",
  jobs: {
    feeds: "*/15 * * * *",
    search: "5 * * * *",
    // Hourly; the tiers below decide which threads are due in each run.
    comments: "35 * * * *",
    // KRX closes at 15:30 KST and the day's bars settle by about 16:00; holidays are skipped by the job.
    prices: "30 16 * * 1-5",
    // Monday morning: the report of the ISO week that ended the night before.
    report: "0 7 * * 1",
    // Analysis also runs after every crawl job; a cron here adds standalone runs.
    analyze: false,
  },
  analyzeAfterCrawl: true,
  commentRefresh: [
    { maxAgeHours: 24, everyHours: 1 },
    { maxAgeHours: 72, everyHours: 3 },
    { maxAgeHours: 168, everyHours: 6 },
  ],
  prices: { lookbackDays: 10 },
} as const;

export const ScheduleSchema = z
  .object({
    timezone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "an IANA time zone like Asia/Seoul")
      .default(DEFAULT_SCHEDULE.timezone),
    jobs: z
      .object({
        feeds: CronSchema.default(DEFAULT_SCHEDULE.jobs.feeds),
        search: CronSchema.default(DEFAULT_SCHEDULE.jobs.search),
        comments: CronSchema.default(DEFAULT_SCHEDULE.jobs.comments),
        prices: CronSchema.default(DEFAULT_SCHEDULE.jobs.prices),
        report: CronSchema.default(DEFAULT_SCHEDULE.jobs.report),
        analyze: CronSchema.default(DEFAULT_SCHEDULE.jobs.analyze),
      })
      .strict()
      .default({ ...DEFAULT_SCHEDULE.jobs }),
    analyzeAfterCrawl: z.boolean().default(DEFAULT_SCHEDULE.analyzeAfterCrawl),
    commentRefresh: z
      .array(CommentRefreshTierSchema)
      .default(DEFAULT_SCHEDULE.commentRefresh.map((t) => ({ ...t }))),
    prices: z
      .object({
        /** Days fetched back from today by the daily job: covers a long holiday weekend missed. */
        lookbackDays: z.number().int().min(1).max(400).default(DEFAULT_SCHEDULE.prices.lookbackDays),
        naverBase: z.url().optional(),
        yahooBase: z.url().optional(),
      })
      .strict()
      .default({ lookbackDays: DEFAULT_SCHEDULE.prices.lookbackDays }),
  })
  .strict();

export type ScheduleConfig = z.infer<typeof ScheduleSchema>;

export const AppConfigSchema = z
  .object({
    db: z.string().min(1).default("data/yeoron.duckdb"),
    sources: z.string().min(1).default("data/sources.yaml"),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    fetch: FetchSettingsSchema.default(FetchSettingsSchema.parse({})),
    privacy: z
      .object({
        /** Salt for hashing commenter ids. Set YEORON_SALT in production; the default only suits the sample. */
        salt: z.string().min(8).default("yeoron-sample-salt"),
      })
      .strict()
      .default({ salt: "yeoron-sample-salt" }),
    naver: z
      .object({ clientId: z.string().optional(), clientSecret: z.string().optional() })
      .strict()
      .default({}),
    tickers: z
      .array(TickerSchema)
      .min(1)
      .default([
        { ticker: "035720", name: "카카오", role: "subject" },
        { ticker: "035420", name: "NAVER", role: "control" },
      ]),
    report: z
      .object({ outDir: z.string().default("reports"), subject: z.string().default("035720") })
      .strict()
      .default({ outDir: "reports", subject: "035720" }),
    schedule: ScheduleSchema.default(ScheduleSchema.parse({})),
  })
  .strict();

export type AppConfig = z.infer<typeof AppConfigSchema>;

/** One line: `file: key.path: value "x" — expected …`. */
export function formatZodIssue(file: string, issue: z.core.$ZodIssue, input: unknown): string {
  const keyPath = issue.path
    .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
    .join(".")
    .replace(/\.\[/g, "[");
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    const where = keyPath ? `${keyPath}: ` : "";
    return `${file}: ${where}unknown key ${keys.map((k) => `"${k}"`).join(", ")}`;
  }
  let value: unknown = input;
  for (const p of issue.path)
    value =
      value && typeof value === "object"
        ? (value as Record<PropertyKey, unknown>)[p as PropertyKey]
        : undefined;
  // A wrongly typed secret is still a secret: the message names the key, never the value.
  const secretKey = /secret|salt|password|token/i.test(String(issue.path[issue.path.length - 1] ?? ""));
  const shown = value === undefined ? "missing" : secretKey ? "[redacted]" : JSON.stringify(value);
  return `${file}: ${keyPath || "(top level)"}: ${shown} — expected ${issue.message.replace(/^Invalid input: expected /, "")}`;
}

export function parseWithSchema<T extends z.ZodType>(schema: T, input: unknown, file: string): z.infer<T> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw new ConfigError(formatZodIssue(file, r.error.issues[0]!, input));
  return r.data;
}

export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return YAML.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new ConfigError(`${file}: not valid YAML: ${msg}`);
  }
}

/**
 * Loads the config: an explicit `--config FILE` must exist; otherwise `./yeoron.config.yaml` is used when
 * present, else the defaults. Then the environment overrides.
 */
export function loadAppConfig(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): AppConfig & { file: string | null } {
  const file = explicit ?? (existsSync("yeoron.config.yaml") ? "yeoron.config.yaml" : null);
  if (explicit && !existsSync(explicit)) throw new ConfigError(`config file ${explicit} does not exist`);
  const raw = (file ? readYamlFile(file) : {}) ?? {};
  const cfg = parseWithSchema(AppConfigSchema, raw, file ?? "config");
  if (env.YEORON_DB) cfg.db = env.YEORON_DB;
  if (env.YEORON_SALT) {
    if (env.YEORON_SALT.length < 8)
      throw new ConfigError(`YEORON_SALT: too short — expected at least 8 characters`);
    cfg.privacy.salt = env.YEORON_SALT;
  }
  if (env.NAVER_CLIENT_ID) cfg.naver.clientId = env.NAVER_CLIENT_ID;
  if (env.NAVER_CLIENT_SECRET) cfg.naver.clientSecret = env.NAVER_CLIENT_SECRET;
  if (env.YEORON_LOG_LEVEL) {
    const lvl = AppConfigSchema.shape.logLevel.safeParse(env.YEORON_LOG_LEVEL);
    if (!lvl.success)
      throw new ConfigError(
        `YEORON_LOG_LEVEL: "${env.YEORON_LOG_LEVEL}" — expected one of trace, debug, info, warn, error, fatal, silent`,
      );
    cfg.logLevel = lvl.data;
  }
  return { ...cfg, file: file ? path.resolve(file) : null };
}
