/**
 * `yeoron.config.yaml`: the app's settings, validated with zod. Environment variables override the file
 * (YEORON_DB, YEORON_SALT, NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, YEORON_LOG_LEVEL); secrets are best kept
 * only in the environment.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
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
  })
  .strict();

export type AppConfig = z.infer<typeof AppConfigSchema>;

/** One line: `file: key.path: value "x" — expected …`. */
export function formatZodIssue(file: string, issue: z.core.$ZodIssue, input: unknown): string {
  const keyPath = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    const where = keyPath ? `${keyPath}: ` : "";
    return `${file}: ${where}unknown key ${keys.map((k) => `"${k}"`).join(", ")}`;
  }
  let value: unknown = input;
  for (const p of issue.path) value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  const shown = value === undefined ? "missing" : JSON.stringify(value);
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
export function loadAppConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): AppConfig & { file: string | null } {
  const file = explicit ?? (existsSync("yeoron.config.yaml") ? "yeoron.config.yaml" : null);
  if (explicit && !existsSync(explicit)) throw new ConfigError(`config file ${explicit} does not exist`);
  const raw = (file ? readYamlFile(file) : {}) ?? {};
  const cfg = parseWithSchema(AppConfigSchema, raw, file ?? "config");
  if (env.YEORON_DB) cfg.db = env.YEORON_DB;
  if (env.YEORON_SALT) {
    if (env.YEORON_SALT.length < 8) throw new ConfigError(`YEORON_SALT: too short — expected at least 8 characters`);
    cfg.privacy.salt = env.YEORON_SALT;
  }
  if (env.NAVER_CLIENT_ID) cfg.naver.clientId = env.NAVER_CLIENT_ID;
  if (env.NAVER_CLIENT_SECRET) cfg.naver.clientSecret = env.NAVER_CLIENT_SECRET;
  if (env.YEORON_LOG_LEVEL) {
    const lvl = AppConfigSchema.shape.logLevel.safeParse(env.YEORON_LOG_LEVEL);
    if (!lvl.success) throw new ConfigError(`YEORON_LOG_LEVEL: "${env.YEORON_LOG_LEVEL}" — expected one of trace, debug, info, warn, error, fatal, silent`);
    cfg.logLevel = lvl.data;
  }
  return { ...cfg, file: file ? path.resolve(file) : null };
}
