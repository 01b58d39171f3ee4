/**
 * The polite fetcher: the only place that decides when, how often and how many times a URL is asked for.
 *
 * - robots.txt per origin (robots.ts) before the first request; disallowed → `robots-disallowed`.
 * - One request at a time per host, at least max(minHostIntervalMs, Crawl-delay) after the host's last
 *   response; hosts wait independently, and only the request itself takes one of `concurrency` global slots,
 *   so a host that is waiting or slow never holds up the others.
 * - Retries on 408/429/5xx, timeouts and network errors with exponential backoff and full jitter, or the
 *   server's Retry-After. The delay is put on the host, not just the request: a host that answered 503
 *   gets a rest from all of our requests. At most `maxTries` tries per fetch, redirect hops included.
 * - Redirects followed here, hop by hop (robots checked, each hop stored, loops and chains cut).
 * - Every response is handed to `saveRaw` before anything parses it.
 */
import { createHash } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import PQueue from "p-queue";
import type { FetchSettings } from "../shared/config.js";
import { BlockedError, describeError, RetryableFetchError } from "../shared/errors.js";
import type { FetchKind, OutcomeKind, RawFetch } from "../shared/types.js";
import { decodeBody } from "./charset.js";
import { RobotsCache, robotsAgentToken } from "./robots.js";
import { BodyTooLargeError } from "./transport.js";
import type { Fetcher, FetchRequest, FetchResult, Transport } from "./types.js";

/** The subset of pino the fetcher uses, so tests can pass a plain object. */
export interface FetchLogger {
  debug(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

export interface FetcherOptions {
  settings: FetchSettings;
  transport: Transport;
  runId: string;
  /** Stores one response; awaited before the fetcher looks at the body. */
  saveRaw: (raw: RawFetch) => Promise<void>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: FetchLogger;
}

/** A Retry-After longer than maxBackoffMs: the host is left alone until then instead of being asked early. */
class HostAskedToWaitError extends BlockedError {
  constructor(
    message: string,
    outcome: OutcomeKind,
    readonly untilMs: number,
  ) {
    super(message, outcome);
  }
}

interface HostState {
  /** Serializes requests to the host: one in flight, then the interval. */
  turns: PQueue;
  lastResponseAtMs: number | null;
  /** Set after a retryable failure: nobody asks this host again before then. */
  notBeforeMs: number;
  blocked: { untilMs: number; outcome: OutcomeKind; reason: string } | null;
  crawlDelayMs: number;
}

interface Exchange {
  raw?: RawFetch;
  error?: unknown;
}

/** Shared by all hops of one fetch, so redirects cannot multiply the retries. */
interface TryBudget {
  /** Requests actually sent (a host in its penalty box sends none). */
  sent: number;
  retries: number;
}

/** `FetchResult.tries`: 1 = answered first time, 0 = nothing was sent. */
function triesOf(budget: TryBudget): number {
  return budget.sent === 0 ? 0 : budget.retries + 1;
}

interface RetryDecision {
  retry: boolean;
  outcome: OutcomeKind;
  detail: string;
  retryAfterMs?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const ACCEPT_BY_KIND: Record<FetchKind, string> = {
  robots: "text/plain,*/*;q=0.5",
  feed: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5",
  search: "application/json,application/rss+xml,application/xml;q=0.9,*/*;q=0.5",
  article: "text/html,application/xhtml+xml,*/*;q=0.5",
  comments: "application/javascript,application/json,*/*;q=0.5",
  prices: "*/*",
};

export function fetchIdFor(kind: FetchKind, url: string, fetchedAt: Date): string {
  return createHash("sha256").update(`${kind}\n${url}\n${fetchedAt.toISOString()}`).digest("hex");
}

/** Retry-After as a delay in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent/bad. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash === -1 ? url : url.slice(0, hash);
}

function statusOutcome(status: number): OutcomeKind {
  if (status === 429) return "http-429";
  return status >= 500 ? "http-5xx" : "http-4xx";
}

/** The one place that decides whether a failed try is tried again. */
function decideRetry(error: unknown): RetryDecision {
  if (error instanceof BlockedError) return { retry: false, outcome: error.outcome, detail: error.message };
  if (error instanceof RetryableFetchError) {
    return { retry: true, outcome: error.outcome, detail: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof BodyTooLargeError)
    return { retry: false, outcome: "too-large", detail: error.message };
  return { retry: false, outcome: "network-error", detail: describeError(error) };
}

export function createFetcher(options: FetcherOptions): Fetcher {
  const { settings, transport, runId, saveRaw, log } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const nowMs = () => now().getTime();
  const userAgent = settings.userAgent.replaceAll("{contact}", settings.contact);
  const requestSlots = new PQueue({ concurrency: settings.concurrency });
  const hosts = new Map<string, HostState>();
  const inFlight = new Set<Promise<FetchResult>>();
  const robots = new RobotsCache(
    (robotsUrl, sourceId) => fetchFollowingRedirects({ url: robotsUrl, kind: "robots", sourceId }, false),
    robotsAgentToken(userAgent),
    nowMs,
  );
  let lastFetchedAtMs = Number.NEGATIVE_INFINITY;

  function hostState(origin: string): HostState {
    let host = hosts.get(origin);
    if (!host) {
      host = {
        turns: new PQueue({ concurrency: 1 }),
        lastResponseAtMs: null,
        notBeforeMs: 0,
        blocked: null,
        crawlDelayMs: 0,
      };
      hosts.set(origin, host);
    }
    return host;
  }

  /**
   * fetchId hashes the fetch time, so two responses for one URL in the same millisecond (a retry with no
   * backoff, a fast redirect on loopback) would collide; nudging the clock by 1 ms keeps every id unique.
   */
  function uniqueFetchedAt(): Date {
    lastFetchedAtMs = Math.max(nowMs(), lastFetchedAtMs + 1);
    return new Date(lastFetchedAtMs);
  }

  function requestHeaders(req: FetchRequest): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": userAgent,
      accept: ACCEPT_BY_KIND[req.kind],
      ...req.headers,
    };
    if (req.etag) headers["if-none-match"] = req.etag;
    if (req.lastModified) headers["if-modified-since"] = req.lastModified;
    return headers;
  }

  /** What a response status means for retrying; undefined when the response is final. */
  function errorForStatus(raw: RawFetch): Error | undefined {
    const { status } = raw;
    if (status !== 408 && status !== 429 && status < 500) return undefined;
    const outcome = statusOutcome(status);
    const retryAfterMs = parseRetryAfter(raw.headers["retry-after"], nowMs());
    if (retryAfterMs !== undefined && retryAfterMs > settings.maxBackoffMs) {
      return new HostAskedToWaitError(
        `HTTP ${status} with Retry-After ${Math.round(retryAfterMs / 1000)} s, longer than maxBackoffMs`,
        outcome,
        nowMs() + retryAfterMs,
      );
    }
    return new RetryableFetchError(`HTTP ${status}`, outcome, retryAfterMs);
  }

  /** One HTTP request and its whole body; the raw response is stored before this returns. */
  async function exchange(url: string, req: FetchRequest): Promise<Exchange> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    const fetchedAt = uniqueFetchedAt();
    const startedAt = performance.now();
    let status: number;
    let headers: Record<string, string>;
    let body: Uint8Array;
    try {
      const response = await transport.request(url, {
        headers: requestHeaders(req),
        signal: controller.signal,
        maxBodyBytes: settings.maxBodyBytes,
      });
      status = response.status;
      headers = response.headers;
      body = await response.body();
    } catch (error) {
      if (error instanceof BodyTooLargeError) return { error };
      if (controller.signal.aborted) {
        return {
          error: new RetryableFetchError(`no complete answer within ${settings.timeoutMs} ms`, "timeout"),
        };
      }
      // Errors with a code come from the socket (ECONNRESET, UND_ERR_SOCKET …) and may pass; a TypeError
      // from a malformed URL will not.
      const isTransient = typeof (error as { code?: unknown }).code === "string";
      return {
        error: isTransient ? new RetryableFetchError(describeError(error), "network-error") : error,
      };
    } finally {
      clearTimeout(timer);
    }
    const raw: RawFetch = {
      fetchId: fetchIdFor(req.kind, req.url, fetchedAt),
      runId,
      sourceId: req.sourceId,
      kind: req.kind,
      url: req.url,
      finalUrl: url,
      status,
      headers,
      body,
      fetchedAt,
      elapsedMs: Math.round(performance.now() - startedAt),
    };
    await saveRaw(raw);
    return { raw, error: errorForStatus(raw) };
  }

  function backoffMs(decision: RetryDecision, tryNumber: number): number {
    if (decision.retryAfterMs !== undefined) return decision.retryAfterMs;
    const ceiling = Math.min(settings.maxBackoffMs, settings.backoffBaseMs * 2 ** (tryNumber - 1));
    return Math.floor(random() * ceiling);
  }

  /** Waits for the host's turn, asks once, and leaves the host's next free time behind. */
  async function takeTurn(
    host: HostState,
    url: string,
    req: FetchRequest,
    tryNumber: number,
  ): Promise<Exchange & { sent: boolean }> {
    const interval = Math.max(settings.minHostIntervalMs, host.crawlDelayMs);
    const readyAtMs = Math.max(
      host.lastResponseAtMs === null ? 0 : host.lastResponseAtMs + interval,
      host.notBeforeMs,
    );
    const waitMs = readyAtMs - nowMs();
    if (waitMs > 0) await sleep(waitMs);
    if (host.blocked && host.blocked.untilMs > nowMs()) {
      return { sent: false, error: new BlockedError(host.blocked.reason, host.blocked.outcome) };
    }
    const result = await requestSlots.add(() => exchange(url, req));
    host.lastResponseAtMs = nowMs();
    if (result.error instanceof HostAskedToWaitError) {
      host.blocked = {
        untilMs: result.error.untilMs,
        outcome: result.error.outcome,
        reason: result.error.message,
      };
      log?.warn({ url, until: new Date(result.error.untilMs).toISOString() }, "host asked us to stay away");
    }
    const decision = result.error === undefined ? undefined : decideRetry(result.error);
    if (decision?.retry) {
      host.notBeforeMs = Math.max(host.notBeforeMs, nowMs() + backoffMs(decision, tryNumber));
    }
    return { ...result, sent: true };
  }

  function finalResult(raw: RawFetch, tries: number): FetchResult {
    if (raw.status >= 200 && raw.status < 300) {
      const { text, charset } = decodeBody(raw.body, raw.headers["content-type"]);
      return { outcome: "ok", raw, text, charset, tries };
    }
    if (raw.status === 304) return { outcome: "not-modified", raw, tries };
    const detail = raw.status < 400 ? `HTTP ${raw.status} without a usable Location` : `HTTP ${raw.status}`;
    return { outcome: statusOutcome(raw.status), raw, detail, tries };
  }

  /** Asks for one URL until it gives a final answer or the fetch has used up its tries. */
  async function askWithRetries(
    host: HostState,
    url: string,
    req: FetchRequest,
    budget: TryBudget,
  ): Promise<{ raw: RawFetch } | { failed: FetchResult }> {
    for (;;) {
      const tryNumber = budget.retries + 1;
      const attempt = await host.turns.add(() => takeTurn(host, url, req, tryNumber));
      if (attempt.sent) budget.sent++;
      if (attempt.error === undefined && attempt.raw) return { raw: attempt.raw };
      const decision = decideRetry(attempt.error);
      if (!decision.retry || tryNumber >= settings.maxTries) {
        const failed = { outcome: decision.outcome, raw: attempt.raw, detail: decision.detail };
        return { failed: { ...failed, tries: triesOf(budget) } };
      }
      budget.retries++;
      log?.debug({ url, tryNumber, outcome: decision.outcome, detail: decision.detail }, "retrying");
    }
  }

  async function fetchFollowingRedirects(req: FetchRequest, checkRobots: boolean): Promise<FetchResult> {
    const budget: TryBudget = { sent: 0, retries: 0 };
    let url = req.url;
    const visited = new Set([withoutFragment(url)]);
    let lastRaw: RawFetch | undefined;

    for (let redirects = 0; ; redirects++) {
      let origin: string;
      try {
        const parsed = new URL(url);
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http(s)");
        origin = parsed.origin;
      } catch {
        return {
          outcome: "network-error",
          raw: lastRaw,
          detail: `cannot fetch URL ${url}`,
          tries: triesOf(budget),
        };
      }
      const host = hostState(origin);
      if (checkRobots && settings.respectRobots) {
        const rules = await robots.get(origin, req.sourceId);
        host.crawlDelayMs = rules.crawlDelayMs;
        if (!rules.isAllowed(url)) {
          const detail = `${url} disallowed (${rules.basis})`;
          return { outcome: "robots-disallowed", raw: lastRaw, detail, tries: triesOf(budget) };
        }
      }

      const answer = await askWithRetries(host, url, req, budget);
      if ("failed" in answer) return answer.failed;
      const { raw } = answer;
      lastRaw = raw;
      const tries = triesOf(budget);

      const location = REDIRECT_STATUSES.has(raw.status) ? raw.headers.location : undefined;
      if (location === undefined) return finalResult(raw, tries);
      let next: string;
      try {
        next = new URL(location, url).href;
      } catch {
        return finalResult(raw, tries);
      }
      if (visited.has(withoutFragment(next))) {
        return { outcome: "redirect-loop", raw, detail: `${url} redirects back to ${next}`, tries };
      }
      if (redirects >= settings.maxRedirects) {
        const detail = `more than ${settings.maxRedirects} redirects from ${req.url}`;
        return { outcome: "redirect-loop", raw, detail, tries };
      }
      visited.add(withoutFragment(next));
      url = next;
    }
  }

  return {
    fetch(req) {
      const pending = fetchFollowingRedirects(req, true);
      inFlight.add(pending);
      const forget = () => inFlight.delete(pending);
      pending.then(forget, forget);
      return pending;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      await transport.close?.();
    },
  };
}
