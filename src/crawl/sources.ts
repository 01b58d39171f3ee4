/**
 * `data/sources.yaml`: what to crawl. Parsed with `yaml`, validated with `SourcesFileSchema`; any mistake
 * becomes one `ConfigError` line naming the key path, the value found and what was expected, so the CLI can
 * print it and exit 2 without a stack trace.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { type SourcesFile, SourcesFileSchema } from "../shared/config.js";
import { ConfigError } from "../shared/errors.js";

export interface NaverCredentials {
  clientId: string;
  clientSecret: string;
}

/** Naver Search API credentials from `NAVER_CLIENT_ID` / `NAVER_CLIENT_SECRET`; null when either is unset. */
export function naverCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): NaverCredentials | null {
  const clientId = env.NAVER_CLIENT_ID?.trim();
  const clientSecret = env.NAVER_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) return null;
  return { clientId, clientSecret };
}

export function loadSourcesFile(path: string): SourcesFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(err);
    throw new ConfigError(`${path}: ${reason}`, { cause: err });
  }
  return parseSourcesText(text, path);
}

/** Parses and validates the text of a sources file; `label` names it in error messages. */
export function parseSourcesText(text: string, label: string): SourcesFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos?.[0] ? `:${err.linePos[0].line}:${err.linePos[0].col}` : "";
      const firstLine = err.message.split("\n")[0] ?? "invalid YAML";
      throw new ConfigError(`${label}${where}: ${firstLine}`, { cause: err });
    }
    throw err;
  }
  const result = SourcesFileSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(issue ? describeIssue(label, data, issue) : `${label}: invalid sources file`);
  }
  checkSemantics(label, result.data);
  return result.data;
}

/** Checks the schema cannot express: http(s) URLs only, unique ids. */
function checkSemantics(label: string, file: SourcesFile): void {
  const fail = (path: string, value: unknown, expected: string): never => {
    throw new ConfigError(`${label}: ${path}: ${showValue(value)} ${expected}`);
  };
  // `new URL("htp:/x")` parses (any scheme is a URL), so z.url() lets it through; a crawler wants http(s).
  const requireHttp = (path: string, value: string): void => {
    if (!/^https?:\/\/[^/]/i.test(value))
      fail(path, value, "is not a valid URL (expected http:// or https://)");
  };
  const seenSources = new Set<string>();
  file.sources.forEach((source, i) => {
    if (seenSources.has(source.id)) fail(`sources[${i}].id`, source.id, "is used by an earlier source");
    seenSources.add(source.id);
    if (source.type === "feed") requireHttp(`sources[${i}].url`, source.url);
    else requireHttp(`sources[${i}].baseUrl`, source.baseUrl);
    if (source.type === "google-news" && source.after && source.before && source.after >= source.before) {
      fail(`sources[${i}].before`, source.before, `must be later than after (${source.after})`);
    }
  });
  const seenTopics = new Set<string>();
  file.topics.forEach((topic, i) => {
    if (seenTopics.has(topic.id)) fail(`topics[${i}].id`, topic.id, "is used by an earlier topic");
    seenTopics.add(topic.id);
  });
  requireHttp("comments.naver.baseUrl", file.comments.naver.baseUrl);
}

type Issue = z.core.$ZodIssue;

function describeIssue(label: string, data: unknown, issue: Issue): string {
  const path = formatPath(issue.path);
  const value = valueAt(data, issue.path);
  const at = path ? `${label}: ${path}` : label;
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? `${at}: missing (expected ${issue.expected})`
        : `${at}: ${showValue(value)} is not a ${issue.expected}`;
    case "invalid_format":
      if (issue.format === "url") return `${at}: ${showValue(value)} is not a valid URL`;
      if (issue.format === "regex")
        return `${at}: ${showValue(value)} is not valid (expected ${issue.message})`;
      return `${at}: ${showValue(value)} is not a valid ${issue.format}`;
    case "unrecognized_keys":
      return `${at}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) {
        return `${at}: ${showValue(value)} is not one of ${options.map(String).join(", ")}`;
      }
      return `${at}: ${showValue(value)} matches none of the allowed forms`;
    }
    case "invalid_value":
      return `${at}: ${showValue(value)} is not one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_small":
      return `${at}: ${showValue(value)} is too small (expected ${bound("at least", "≥", issue.origin, issue.minimum)})`;
    case "too_big":
      return `${at}: ${showValue(value)} is too big (expected ${bound("at most", "≤", issue.origin, issue.maximum)})`;
    default:
      return `${at}: ${showValue(value)}: ${issue.message}`;
  }
}

/** "at least 1 item(s)" for lists, "at least 3 character(s)" for text, "≥ 1" for numbers. */
function bound(words: string, symbol: string, origin: string, limit: number | bigint): string {
  if (origin === "array" || origin === "set") return `${words} ${String(limit)} item(s)`;
  if (origin === "string") return `${words} ${String(limit)} character(s)`;
  return `${symbol} ${String(limit)}`;
}

/** `sources[2].url`, as a user would point at the key in YAML. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Short one-line rendering of a value: errors stay one line even for a nested object. */
function showValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `a list of ${value.length}`;
  if (value !== null && typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  // Long values would push the key path off the terminal line.
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
