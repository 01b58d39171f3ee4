/**
 * Recorded crawls (docs/formats.md "Raw archive"): a Transport that answers from `manifest.jsonl` + body files,
 * so a crawl runs offline exactly as it would live (robots, redirects, 429s and all), and `appendToArchive`
 * to record a live crawl into the same shape.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../shared/errors.js";
import type { RawFetch } from "../shared/types.js";
import { BodyTooLargeError } from "./transport.js";
import type { Transport, TransportResponse } from "./types.js";

const ManifestEntrySchema = z.object({
  kind: z.enum(["robots", "feed", "search", "article", "comments", "prices"]),
  sourceId: z.string(),
  url: z.string().min(1),
  finalUrl: z.string().optional(),
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  fetchedAt: z.string(),
});

export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

/** Query parameters that change on every request without changing the answer (Naver's JSONP callback, jQuery's cache-buster). */
const VOLATILE_PARAMS = new Set(["_callback", "_"]);

/**
 * The key a request is matched by: scheme and host lower-case (URL does that), default port and fragment
 * dropped, query parameters decoded and sorted, volatile parameters ignored.
 */
export function replayKey(url: string): string {
  const parsed = new URL(url);
  const params = [...parsed.searchParams]
    .filter(([name]) => !VOLATILE_PARAMS.has(name))
    .sort(([a, aValue], [b, bValue]) => (a === b ? compare(aValue, bValue) : compare(a, b)));
  const query = params
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const pathname = parsed.pathname.replace(/%[0-9a-f]{2}/gi, (percentEscape) => percentEscape.toUpperCase());
  return `${parsed.protocol}//${parsed.host}${pathname}${query ? `?${query}` : ""}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function readManifest(dir: string): Promise<ManifestEntry[]> {
  const manifestPath = path.join(dir, "manifest.jsonl");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    throw new ConfigError(`no recorded crawl at ${dir}: cannot read manifest.jsonl`, { cause: error });
  }
  const entries: ManifestEntry[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new ConfigError(`${manifestPath}:${index + 1}: not JSON`, { cause: error });
    }
    const parsed = ManifestEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${manifestPath}:${index + 1}: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    entries.push(parsed.data);
  });
  return entries;
}

export interface ReplayTransport extends Transport {
  /** URLs asked for that the archive does not hold (answered 404). */
  readonly misses: string[];
}

/**
 * Answers from a recorded archive. A URL recorded several times (a 429 then a 200, a feed then its 304)
 * is answered with its recordings in order, the last one repeating.
 */
export function createReplayTransport(dir: string): ReplayTransport {
  const root = path.resolve(dir);
  const misses: string[] = [];
  let byKey: Promise<Map<string, { entries: ManifestEntry[]; served: number }>> | undefined;

  async function load() {
    const map = new Map<string, { entries: ManifestEntry[]; served: number }>();
    for (const entry of await readManifest(root)) {
      const key = replayKey(entry.url);
      const recorded = map.get(key) ?? { entries: [], served: 0 };
      recorded.entries.push(entry);
      map.set(key, recorded);
    }
    return map;
  }

  return {
    misses,
    async request(url, init): Promise<TransportResponse> {
      init.signal.throwIfAborted();
      byKey ??= load();
      const recorded = (await byKey).get(replayKey(url));
      const entry = recorded?.entries[Math.min(recorded.served, recorded.entries.length - 1)];
      if (!recorded || !entry) {
        misses.push(url);
        return {
          status: 404,
          headers: { "content-type": "text/plain; charset=utf-8" },
          body: async () => new TextEncoder().encode(`not in the recorded crawl: ${url}\n`),
        };
      }
      recorded.served++;
      return {
        status: entry.status,
        headers: { ...entry.headers },
        async body() {
          if (entry.body === undefined) return new Uint8Array();
          const bodyPath = path.resolve(root, entry.body);
          if (!bodyPath.startsWith(root + path.sep)) {
            throw new ConfigError(`manifest body path ${entry.body} points outside ${root}`);
          }
          const bytes = await readFile(bodyPath);
          if (bytes.byteLength > init.maxBodyBytes) throw new BodyTooLargeError(url, init.maxBodyBytes);
          return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        },
      };
    },
  };
}

function extensionFor(contentType: string | undefined): string {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("html")) return ".html";
  if (type.includes("xml")) return ".xml";
  if (type.includes("json")) return ".json";
  if (type.includes("javascript")) return ".js";
  if (type.startsWith("text/")) return ".txt";
  return ".bin";
}

/**
 * Records one stored response into an archive that `createReplayTransport` can serve. The manifest `url` is
 * the URL this response answered (`raw.finalUrl`), so each redirect hop replays from its own URL. The body
 * is written before its manifest line, so a killed recording never lists a missing file.
 */
export async function appendToArchive(dir: string, raw: RawFetch): Promise<ManifestEntry> {
  let body: string | undefined;
  if (raw.body.byteLength > 0) {
    body = `bodies/${raw.kind}/${raw.fetchId.slice(0, 24)}${extensionFor(raw.headers["content-type"])}`;
    await mkdir(path.join(dir, "bodies", raw.kind), { recursive: true });
    await writeFile(path.join(dir, body), raw.body);
  } else {
    await mkdir(dir, { recursive: true });
  }
  const entry: ManifestEntry = {
    kind: raw.kind,
    sourceId: raw.sourceId,
    url: raw.finalUrl,
    finalUrl: raw.finalUrl,
    status: raw.status,
    headers: raw.headers,
    ...(body === undefined ? {} : { body }),
    fetchedAt: raw.fetchedAt.toISOString(),
  };
  // One write() of one line with O_APPEND: concurrent recorders never interleave within a line.
  await appendFile(path.join(dir, "manifest.jsonl"), `${JSON.stringify(entry)}\n`);
  return entry;
}
