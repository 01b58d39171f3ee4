import { setTimeout as realDelay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createFetcher, parseRetryAfter } from "../../src/crawl/fetcher.js";
import { createHttpTransport } from "../../src/crawl/transport.js";
import type { Fetcher, FetchRequest, Transport } from "../../src/crawl/types.js";
import { type FetchSettings, FetchSettingsSchema } from "../../src/shared/config.js";
import type { RawFetch } from "../../src/shared/types.js";
import {
  EUC_KR_PAGE_TEXT,
  FEED_ETAG,
  type FixtureServer,
  type FixtureServerOptions,
  startFixtureServer,
} from "../helpers/server.js";

const CONTACT = "mailto:crawl-test@example.org";

const cleanups: (() => Promise<void>)[] = [];
const requestedUrls: string[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  // Every request any test made went to the loopback fixture servers and nowhere else.
  for (const url of requestedUrls) expect(new URL(url).hostname).toBe("127.0.0.1");
  requestedUrls.length = 0;
});

async function server(options?: FixtureServerOptions): Promise<FixtureServer> {
  const started = await startFixtureServer(options);
  cleanups.push(started.close);
  return started;
}

/** The live transport, refusing (and remembering) anything that is not loopback. */
function loopbackOnlyTransport(): Transport {
  const http = createHttpTransport();
  return {
    request(url, init) {
      requestedUrls.push(url);
      if (new URL(url).hostname !== "127.0.0.1") throw new Error(`test tried to reach ${url}`);
      return http.request(url, init);
    },
    close: () => http.close(),
  };
}

interface Harness {
  fetcher: Fetcher;
  /** Every sleep the fetcher asked for, in ms; the fake clock moves by exactly that much. */
  sleeps: number[];
  saved: RawFetch[];
  fetch(url: string, extra?: Partial<FetchRequest>): ReturnType<Fetcher["fetch"]>;
}

function harness(overrides: Partial<FetchSettings> = {}, saveDelayMs = 0): Harness {
  const settings = FetchSettingsSchema.parse({
    contact: CONTACT,
    minHostIntervalMs: 0,
    timeoutMs: 5_000,
    backoffBaseMs: 100,
    maxBackoffMs: 5_000,
    maxTries: 3,
    ...overrides,
  });
  let clockMs = Date.parse("2022-10-15T06:00:00Z");
  const sleeps: number[] = [];
  const saved: RawFetch[] = [];
  const fetcher = createFetcher({
    settings,
    transport: loopbackOnlyTransport(),
    runId: "run-test",
    saveRaw: async (raw) => {
      if (saveDelayMs > 0) await realDelay(saveDelayMs);
      saved.push(raw);
    },
    now: () => new Date(clockMs),
    sleep: async (ms) => {
      sleeps.push(ms);
      clockMs += ms;
    },
    random: () => 0.5,
  });
  cleanups.push(() => fetcher.close());
  return {
    fetcher,
    sleeps,
    saved,
    fetch: (url, extra) => fetcher.fetch({ url, kind: "article", sourceId: "fixture", ...extra }),
  };
}

const pageResponses = (saved: RawFetch[]) => saved.filter((raw) => raw.kind !== "robots");

describe("robots.txt", () => {
  it("never requests a disallowed path and reads robots.txt once per host", async () => {
    const site = await server({ robots: { disallow: ["/private/"] } });
    const { fetch, saved } = harness();

    const blocked = await fetch(`${site.url}/private/memo`);
    const allowed = await fetch(`${site.url}/article/kakao`);

    expect(blocked.outcome).toBe("robots-disallowed");
    expect(blocked.tries).toBe(0);
    expect(site.hitCount("/private/memo")).toBe(0);
    expect(allowed.outcome).toBe("ok");
    expect(site.hitCount("/robots.txt")).toBe(1);
    expect(saved.filter((raw) => raw.kind === "robots")).toHaveLength(1);
  });

  it("waits Crawl-delay between requests to one host, serializing concurrent ones", async () => {
    const site = await server({ robots: { crawlDelaySeconds: 2 } });
    const { fetch, sleeps } = harness({ minHostIntervalMs: 500 });

    const results = await Promise.all([fetch(`${site.url}/article/a`), fetch(`${site.url}/article/b`)]);

    expect(results.map((r) => r.outcome)).toEqual(["ok", "ok"]);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it("uses minHostIntervalMs when it is longer than Crawl-delay", async () => {
    const site = await server({ robots: { crawlDelaySeconds: 1 } });
    const { fetch, sleeps } = harness({ minHostIntervalMs: 3000 });

    await fetch(`${site.url}/article/a`);
    await fetch(`${site.url}/article/b`);

    expect(sleeps).toEqual([3000, 3000]);
  });

  it("treats a missing robots.txt as allow-all", async () => {
    const site = await server({ robots: { status: 404 } });
    const { fetch } = harness();

    expect((await fetch(`${site.url}/article/a`)).outcome).toBe("ok");
  });

  it("treats an unreachable (5xx) robots.txt as disallow-all, after retrying it", async () => {
    const site = await server({ robots: { status: 503 } });
    const { fetch } = harness({ maxTries: 2 });

    const result = await fetch(`${site.url}/article/a`);

    expect(result.outcome).toBe("robots-disallowed");
    expect(result.detail).toContain("unreachable");
    expect(site.hitCount("/robots.txt")).toBe(2);
    expect(site.hitCount("/article/a")).toBe(0);
  });

  it("skips robots.txt when respectRobots is off", async () => {
    const site = await server({ robots: { disallow: ["/"] } });
    const { fetch } = harness({ respectRobots: false });

    expect((await fetch(`${site.url}/article/a`)).outcome).toBe("ok");
    expect(site.hitCount("/robots.txt")).toBe(0);
  });
});

describe("retries", () => {
  it("honours Retry-After on a 429 and succeeds on the second try", async () => {
    const site = await server();
    const { fetch, sleeps, saved } = harness();

    const result = await fetch(`${site.url}/special/retry-after`);

    expect(result.outcome).toBe("ok");
    expect(result.tries).toBe(2);
    expect(sleeps).toEqual([1000]);
    expect(pageResponses(saved).map((raw) => raw.status)).toEqual([429, 200]);
  });

  it("retries a 503 once with jittered backoff, then succeeds", async () => {
    const site = await server();
    const { fetch, sleeps } = harness({ backoffBaseMs: 100 });

    const result = await fetch(`${site.url}/special/503-then-ok`);

    expect(result).toMatchObject({ outcome: "ok", tries: 2, text: "ok on the second try\n" });
    // full jitter: random() × base × 2^(try−1) = 0.5 × 100
    expect(sleeps).toEqual([50]);
    expect(site.hitCount("/special/503-then-ok")).toBe(2);
  });

  it("gives up after maxTries with exponential backoff capped by maxBackoffMs", async () => {
    const site = await server();
    const { fetch, sleeps } = harness({ maxTries: 4, backoffBaseMs: 1000, maxBackoffMs: 3000 });

    const result = await fetch(`${site.url}/special/always-503`);

    expect(result.outcome).toBe("http-5xx");
    expect(result.tries).toBe(4);
    expect(result.raw?.status).toBe(503);
    expect(site.hitCount("/special/always-503")).toBe(4);
    // 0.5 × min(3000, 1000 × 2^(n−1)) for the three waits between four tries; the last failure leaves the
    // host a rest too, which only the next request to that host would wait for.
    expect(sleeps).toEqual([500, 1000, 1500]);
  });

  for (const maxTries of [1, 2, 5]) {
    it(`never tries more than maxTries=${maxTries}`, async () => {
      const site = await server();
      const { fetch } = harness({ maxTries, backoffBaseMs: 0 });

      const result = await fetch(`${site.url}/special/always-503`);

      expect(result.tries).toBe(maxTries);
      expect(site.hitCount("/special/always-503")).toBe(maxTries);
    });
  }

  it("leaves a host alone when Retry-After is longer than maxBackoffMs", async () => {
    const site = await server();
    const { fetch } = harness({ maxBackoffMs: 60_000 });

    const first = await fetch(`${site.url}/special/retry-after-long`);
    const second = await fetch(`${site.url}/article/other`);

    expect(first).toMatchObject({ outcome: "http-429", tries: 1 });
    expect(second).toMatchObject({ outcome: "http-429", tries: 0 });
    expect(site.hitCount("/special/retry-after-long")).toBe(1);
    expect(site.hitCount("/article/other")).toBe(0);
  });

  it("times out a slow response on every try and reports timeout", async () => {
    const site = await server({ slowMs: 10_000 });
    const { fetch } = harness({ timeoutMs: 200, maxTries: 2, backoffBaseMs: 0 });

    const result = await fetch(`${site.url}/special/slow`);

    expect(result).toMatchObject({ outcome: "timeout", tries: 2 });
    expect(result.raw).toBeUndefined();
    expect(site.hitCount("/special/slow")).toBe(2);
  });

  it("retries a truncated body as a network error, within maxTries", async () => {
    const site = await server();
    const { fetch, saved } = harness({ maxTries: 3, backoffBaseMs: 0 });

    const result = await fetch(`${site.url}/special/truncated`);

    expect(result).toMatchObject({ outcome: "network-error", tries: 3 });
    expect(site.hitCount("/special/truncated")).toBe(3);
    expect(pageResponses(saved)).toHaveLength(0);
  });

  it("parses Retry-After as seconds or as an HTTP date", () => {
    const nowMs = Date.parse("2022-10-15T06:00:00Z");
    expect(parseRetryAfter("120", nowMs)).toBe(120_000);
    expect(parseRetryAfter("Sat, 15 Oct 2022 06:00:30 GMT", nowMs)).toBe(30_000);
    expect(parseRetryAfter("Sat, 15 Oct 2022 05:00:00 GMT", nowMs)).toBe(0);
    expect(parseRetryAfter("soon", nowMs)).toBeUndefined();
    expect(parseRetryAfter(undefined, nowMs)).toBeUndefined();
  });
});

describe("responses", () => {
  it("decodes an EUC-KR page that names its charset only in <meta>", async () => {
    const site = await server();
    const { fetch } = harness();

    const result = await fetch(`${site.url}/special/euc-kr-meta`);

    expect(result.outcome).toBe("ok");
    expect(result.raw?.headers["content-type"]).toBe("text/html");
    expect(result.charset).toBe("euc-kr");
    expect(result.text).toContain(EUC_KR_PAGE_TEXT);
    // Stored raw as served: the bytes are EUC-KR, not the UTF-8 text.
    expect(Buffer.from(result.raw?.body ?? []).toString("utf8")).not.toContain("카카오");
  });

  it("cuts a redirect loop", async () => {
    const site = await server();
    const { fetch, saved } = harness();

    const result = await fetch(`${site.url}/special/redirect-loop`);

    expect(result.outcome).toBe("redirect-loop");
    expect(result.tries).toBe(1);
    expect(pageResponses(saved).map((raw) => [raw.status, new URL(raw.finalUrl).pathname])).toEqual([
      [302, "/special/redirect-loop"],
      [302, "/special/redirect-loop-2"],
    ]);
  });

  it("follows redirects up to maxRedirects, storing each hop under its own fetchId", async () => {
    const site = await server();
    const { fetch, saved } = harness({ maxRedirects: 3 });
    const start = `${site.url}/special/redirect-chain/3`;

    const result = await fetch(start);
    const tooLong = await fetch(`${site.url}/special/redirect-chain/4`);

    expect(result.outcome).toBe("ok");
    expect(result.raw?.url).toBe(start);
    expect(result.raw?.finalUrl).toBe(`${site.url}/special/redirect-chain/0`);
    const hops = pageResponses(saved).filter((raw) => raw.url === start);
    expect(hops.map((raw) => raw.status)).toEqual([301, 301, 301, 200]);
    expect(new Set(hops.map((raw) => raw.fetchId)).size).toBe(4);
    expect(tooLong.outcome).toBe("redirect-loop");
    expect(tooLong.detail).toContain("more than 3 redirects");
  });

  for (const route of ["/special/big", "/special/big-declared"]) {
    it(`stops reading a 10 MiB body (${route}) at maxBodyBytes`, async () => {
      const site = await server();
      const { fetch, saved } = harness({ maxBodyBytes: 1024 * 1024 });

      const result = await fetch(`${site.url}${route}`);

      expect(result).toMatchObject({ outcome: "too-large", tries: 1 });
      expect(site.hitCount(route)).toBe(1);
      expect(pageResponses(saved)).toHaveLength(0);
    });
  }

  it("sends the validators of the last poll and reports 304 as not-modified", async () => {
    const site = await server();
    const { fetch } = harness();
    const feedUrl = `${site.url}/feed.xml`;

    const first = await fetch(feedUrl, { kind: "feed" });
    const second = await fetch(feedUrl, {
      kind: "feed",
      etag: first.raw?.headers.etag ?? null,
      lastModified: first.raw?.headers["last-modified"] ?? null,
    });

    expect(first.outcome).toBe("ok");
    expect(first.text).toContain("<rss");
    expect(second).toMatchObject({ outcome: "not-modified", tries: 1 });
    expect(second.raw?.status).toBe(304);
    const feedRequests = site.requests.filter((req) => req.path === "/feed.xml");
    expect(feedRequests.map((req) => req.headers["if-none-match"])).toEqual([undefined, FEED_ETAG]);
  });

  it("serves malformed feeds and JSONP as ok: judging them is the parser's job", async () => {
    const site = await server();
    const { fetch } = harness();

    const rss = await fetch(`${site.url}/special/malformed-rss`, { kind: "feed" });
    const jsonp = await fetch(`${site.url}/special/malformed-jsonp`, { kind: "comments" });

    expect(rss.outcome).toBe("ok");
    expect(rss.text).toContain("<rss");
    expect(jsonp.outcome).toBe("ok");
    expect(jsonp.text?.startsWith("_callback(")).toBe(true);
  });

  it("records 4xx answers as http-4xx without retrying", async () => {
    const site = await server();
    const { fetch, saved } = harness();

    const result = await fetch(`${site.url}/no/such/page`);

    expect(result).toMatchObject({ outcome: "http-4xx", tries: 1 });
    expect(result.raw?.status).toBe(404);
    expect(pageResponses(saved)).toHaveLength(1);
  });

  it("stores every response, retries included, before returning the result", async () => {
    const site = await server();
    const { fetch, saved } = harness({}, 30);

    const result = await fetch(`${site.url}/special/503-then-ok`, { sourceId: "naver-search" });

    const pages = pageResponses(saved);
    expect(pages.map((raw) => raw.status)).toEqual([503, 200]);
    expect(pages.at(-1)?.fetchId).toBe(result.raw?.fetchId);
    expect(pages.every((raw) => raw.runId === "run-test" && raw.sourceId === "naver-search")).toBe(true);
    expect(pages[0]?.fetchId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("identifies itself with the configured User-Agent and contact", async () => {
    const site = await server();
    const { fetch } = harness();

    await fetch(`${site.url}/article/a`);

    const agents = new Set(site.requests.map((req) => req.headers["user-agent"]));
    expect([...agents]).toEqual([`yeoron/0.1 (+${CONTACT})`]);
  });
});

describe("hosts", () => {
  it("does not hold a concurrency slot while a host waits out its Crawl-delay", async () => {
    const patient = await server({ robots: { crawlDelaySeconds: 30 } });
    const other = await server();
    let releaseWait: () => void = () => {};
    const fetcher = createFetcher({
      settings: FetchSettingsSchema.parse({ concurrency: 1, minHostIntervalMs: 0 }),
      transport: loopbackOnlyTransport(),
      runId: "run-test",
      saveRaw: async () => {},
      // The 30 s wait never ends until the test says so.
      sleep: (ms) =>
        ms >= 29_000 ? new Promise<void>((resolve) => (releaseWait = resolve)) : Promise.resolve(),
    });
    cleanups.push(() => fetcher.close());
    const req = (url: string) => ({ url, kind: "article" as const, sourceId: "fixture" });

    // After reading robots.txt, the patient host must wait 30 s before its first page.
    const waiting = fetcher.fetch(req(`${patient.url}/article/first`));
    const meanwhile = await fetcher.fetch(req(`${other.url}/article/elsewhere`));

    expect(meanwhile.outcome).toBe("ok");
    expect(patient.hitCount("/robots.txt")).toBe(1);
    expect(patient.hitCount("/article/first")).toBe(0);
    releaseWait();
    expect((await waiting).outcome).toBe("ok");
  });

  it("lets a fast host finish while a slow host is still waiting", async () => {
    const slow = await server({ slowMs: 3_000 });
    const fast = await server();
    const { fetch } = harness({ concurrency: 2, timeoutMs: 2_000, maxTries: 1 });

    let slowSettled = false;
    const slowResult = fetch(`${slow.url}/special/slow`).finally(() => {
      slowSettled = true;
    });
    const fastResult = await fetch(`${fast.url}/article/quick`);

    expect(fastResult.outcome).toBe("ok");
    expect(slowSettled).toBe(false);
    expect((await slowResult).outcome).toBe("timeout");
  });
});
