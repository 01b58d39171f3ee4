/**
 * robots.txt rules per origin, read with robots-parser and cached for the life of one fetcher.
 *
 * What an unusable robots.txt means follows Google's documented handling
 * (developers.google.com/search/docs/crawling-indexing/robots/robots_txt#handling-http-result-codes):
 * - 2xx: parse it.
 * - 4xx (other than 429), too many redirects, a body past the size limit: as if there were none — allow all.
 * - 429, 5xx, timeout, network error: the server cannot say what it allows, so nothing is fetched from that
 *   origin for now (disallow all). Google keeps that up to 30 days; we re-ask after
 *   UNREACHABLE_RETRY_MS, so a long-running `schedule` recovers and a one-off crawl records
 *   `robots-disallowed` for the origin's items and lets a later run retry them.
 */
import robotsParserModule from "robots-parser";
import type { FetchResult } from "./types.js";

// robots-parser is CommonJS (`module.exports = fn`) but its typings declare an ES default export, so under
// NodeNext TypeScript sees `{ default: fn }` where Node hands us `fn` itself.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our User-Agent (or `*`), in ms; 0 when none. */
  crawlDelayMs: number;
  /** Why these rules apply, for log lines and `robots-disallowed` details. */
  basis: "robots.txt" | "no robots.txt" | "robots.txt unreachable" | "not checked";
}

/** Google caches robots.txt for up to 24 hours; a crawl that runs longer picks up changes daily. */
const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
/** How long an unreachable robots.txt blocks its origin before we ask again. */
const UNREACHABLE_RETRY_MS = 10 * 60 * 1000;

export const allowAll: RobotsRules = { isAllowed: () => true, crawlDelayMs: 0, basis: "no robots.txt" };
const disallowAll: RobotsRules = { isAllowed: () => false, crawlDelayMs: 0, basis: "robots.txt unreachable" };

/** The product token robots.txt groups name: `yeoron/0.1 (+mailto:…)` → `yeoron`. */
export function robotsAgentToken(userAgent: string): string {
  return (userAgent.trim().split(/[/\s]/)[0] ?? userAgent).toLowerCase();
}

export function parseRobots(robotsUrl: string, text: string, agentToken: string): RobotsRules {
  const robots = robotsParser(robotsUrl, text);
  const crawlDelaySeconds = Number(robots.getCrawlDelay(agentToken) ?? 0);
  return {
    // robots-parser answers `undefined` for a URL of another origin; those are checked against their own file.
    isAllowed: (url) => robots.isAllowed(url, agentToken) !== false,
    crawlDelayMs: Number.isFinite(crawlDelaySeconds) && crawlDelaySeconds > 0 ? crawlDelaySeconds * 1000 : 0,
    basis: "robots.txt",
  };
}

/** Rules from the result of fetching `robotsUrl`, by Google's status-code handling (see top of file). */
export function rulesFromFetch(robotsUrl: string, result: FetchResult, agentToken: string): RobotsRules {
  switch (result.outcome) {
    case "ok":
      return parseRobots(robotsUrl, result.text ?? "", agentToken);
    case "http-4xx":
    case "redirect-loop":
    case "too-large":
    case "not-modified":
      return allowAll;
    default:
      return disallowAll;
  }
}

/** One robots.txt fetch per origin; concurrent callers share the pending fetch. */
export class RobotsCache {
  private readonly entries = new Map<string, { rules: Promise<RobotsRules>; expiresAtMs: number }>();

  constructor(
    private readonly load: (robotsUrl: string, sourceId: string) => Promise<FetchResult>,
    private readonly agentToken: string,
    private readonly nowMs: () => number,
  ) {}

  get(origin: string, sourceId: string): Promise<RobotsRules> {
    const cached = this.entries.get(origin);
    if (cached && cached.expiresAtMs > this.nowMs()) return cached.rules;
    const robotsUrl = `${origin}/robots.txt`;
    const rules = this.load(robotsUrl, sourceId).then((result) => {
      const parsed = rulesFromFetch(robotsUrl, result, this.agentToken);
      const ttl = parsed === disallowAll ? UNREACHABLE_RETRY_MS : ROBOTS_TTL_MS;
      this.entries.set(origin, { rules: Promise.resolve(parsed), expiresAtMs: this.nowMs() + ttl });
      return parsed;
    });
    // Until it settles, every caller for this origin waits on the same fetch.
    this.entries.set(origin, { rules, expiresAtMs: Number.POSITIVE_INFINITY });
    // A load that throws (storage failed) must not stay cached; the caller still sees the error.
    rules.catch(() => this.entries.delete(origin));
    return rules;
  }
}
