import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { createFetcher } from "../../src/crawl/fetcher.js";
import { appendToArchive, createReplayTransport, replayKey } from "../../src/crawl/replay.js";
import { createHttpTransport } from "../../src/crawl/transport.js";
import type { Transport } from "../../src/crawl/types.js";
import { FetchSettingsSchema } from "../../src/shared/config.js";
import { ConfigError } from "../../src/shared/errors.js";
import type { RawFetch } from "../../src/shared/types.js";
import { EUC_KR_PAGE_TEXT, startFixtureServer } from "../helpers/server.js";

const settings = FetchSettingsSchema.parse({ minHostIntervalMs: 0, backoffBaseMs: 0, maxTries: 3 });
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "yeoron-replay-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function fetcherOver(
  transport: Transport,
  saved: RawFetch[] = [],
  onSave?: (raw: RawFetch) => Promise<unknown>,
) {
  const fetcher = createFetcher({
    settings,
    transport,
    runId: "replay-test",
    saveRaw: async (raw) => {
      saved.push(raw);
      await onSave?.(raw);
    },
    sleep: async () => {},
  });
  cleanups.push(() => fetcher.close());
  return fetcher;
}

const ARTICLE = "https://n.news.naver.com/article/015/0004748812";
const COMMENTS =
  "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json?ticket=news&pool=cbox5&objectId=news015%2C0004748812&page=1";

/** A small archive in the docs/formats.md shape, written by hand as the sample's authors would. */
async function writeArchive(dir: string): Promise<void> {
  await mkdir(path.join(dir, "bodies"), { recursive: true });
  const articleHtml = `<html><head><meta charset="euc-kr"></head><body><p>${EUC_KR_PAGE_TEXT}</p></body></html>`;
  await writeFile(path.join(dir, "bodies/article.html"), iconv.encode(articleHtml, "cp949"));
  await writeFile(path.join(dir, "bodies/comments.js"), '_callback({"success":true});');
  await writeFile(path.join(dir, "bodies/robots.txt"), "User-agent: *\nDisallow: /private/\n");
  const at = "2022-10-17T06:00:00Z";
  const entries = [
    { kind: "robots", url: "https://n.news.naver.com/robots.txt", status: 200, body: "bodies/robots.txt" },
    { kind: "robots", url: "https://apis.naver.com/robots.txt", status: 404 },
    {
      kind: "article",
      url: "https://N.NEWS.NAVER.COM/article/015/0004748812#comments",
      status: 429,
      headers: { "retry-after": "1" },
    },
    {
      kind: "article",
      url: ARTICLE,
      status: 200,
      headers: { "content-type": "text/html" },
      body: "bodies/article.html",
    },
    {
      kind: "article",
      url: "https://n.news.naver.com/mnews/article/015/0004748812",
      status: 302,
      headers: { location: ARTICLE },
    },
    {
      kind: "comments",
      url: `${COMMENTS}&_callback=jQuery123&_=1665986400000`,
      status: 200,
      headers: { "content-type": "application/javascript" },
      body: "bodies/comments.js",
    },
  ];
  const lines = entries.map((entry) =>
    JSON.stringify({ sourceId: "naver-search", headers: {}, fetchedAt: at, ...entry }),
  );
  await writeFile(path.join(dir, "manifest.jsonl"), `${lines.join("\n")}\n`);
}

describe("replayKey", () => {
  it("lower-cases scheme and host, drops the fragment, the default port and volatile parameters", () => {
    expect(replayKey("HTTPS://News.Example.COM:443/a/B?x=1#top")).toBe("https://news.example.com/a/B?x=1");
    expect(replayKey(`${COMMENTS}&_callback=jQuery99&_=1`)).toBe(replayKey(COMMENTS));
  });

  it("matches percent-encoded and plain forms of the same query", () => {
    expect(replayKey("https://s.example/search?query=%EC%B9%B4%EC%B9%B4%EC%98%A4")).toBe(
      replayKey("https://s.example/search?query=카카오"),
    );
  });

  it("does not depend on query parameter order", () => {
    const param = fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(param, { maxLength: 6 }), (params) => {
        const query = (list: [string, string][]) => new URLSearchParams(list).toString();
        const shuffled = [...params].reverse();
        expect(replayKey(`https://h.example/p?${query(params)}`)).toBe(
          replayKey(`https://h.example/p?${query(shuffled)}`),
        );
      }),
    );
  });
});

describe("createReplayTransport", () => {
  it("replays a recorded crawl through the fetcher: robots, 429 then 200, redirect, EUC-KR, JSONP", async () => {
    const dir = await tempDir();
    await writeArchive(dir);
    const transport = createReplayTransport(dir);
    const fetcher = fetcherOver(transport);

    const redirected = await fetcher.fetch({
      url: "https://n.news.naver.com/mnews/article/015/0004748812",
      kind: "article",
      sourceId: "s",
    });
    const comments = await fetcher.fetch({
      url: `${COMMENTS}&_callback=jQuery777&_=1`,
      kind: "comments",
      sourceId: "s",
    });
    const disallowed = await fetcher.fetch({
      url: "https://n.news.naver.com/private/x",
      kind: "article",
      sourceId: "s",
    });

    // The first answer recorded for the article is the 429, so following the redirect retries once.
    expect(redirected).toMatchObject({ outcome: "ok", tries: 2, charset: "euc-kr" });
    expect(redirected.text).toContain(EUC_KR_PAGE_TEXT);
    expect(redirected.raw?.finalUrl).toBe(ARTICLE);
    expect(comments.text).toBe('_callback({"success":true});');
    expect(disallowed.outcome).toBe("robots-disallowed");
    expect(transport.misses).toEqual([]);
  });

  it("answers 404 for a URL the archive does not hold", async () => {
    const dir = await tempDir();
    await writeArchive(dir);
    const transport = createReplayTransport(dir);
    const fetcher = fetcherOver(transport);

    const result = await fetcher.fetch({
      url: "https://n.news.naver.com/article/001/0000000001",
      kind: "article",
      sourceId: "s",
    });

    expect(result).toMatchObject({ outcome: "http-4xx", tries: 1 });
    expect(transport.misses).toEqual(["https://n.news.naver.com/article/001/0000000001"]);
  });

  it("names the manifest line that is wrong", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "manifest.jsonl"),
      '{"kind":"article","sourceId":"s","url":"https://a.example/","status":200,"fetchedAt":"x"}\n{"kind":"page"}\n',
    );
    const transport = createReplayTransport(dir);
    const request = transport.request("https://a.example/", {
      headers: {},
      signal: new AbortController().signal,
      maxBodyBytes: 1024,
    });

    await expect(request).rejects.toThrow(ConfigError);
    await expect(request).rejects.toThrow(/manifest\.jsonl:2: kind/);
  });

  it("refuses a body path outside the archive", async () => {
    const dir = await tempDir();
    const entry = {
      kind: "article",
      sourceId: "s",
      url: "https://a.example/",
      status: 200,
      body: "../../etc/passwd",
      fetchedAt: "x",
    };
    await writeFile(path.join(dir, "manifest.jsonl"), `${JSON.stringify(entry)}\n`);
    const response = await createReplayTransport(dir).request("https://a.example/", {
      headers: {},
      signal: new AbortController().signal,
      maxBodyBytes: 1024,
    });

    await expect(response.body()).rejects.toThrow(/outside/);
  });
});

describe("appendToArchive", () => {
  it("records a live crawl that then replays identically without the server", async () => {
    const site = await startFixtureServer();
    cleanups.push(site.close);
    const dir = await tempDir();
    const live: RawFetch[] = [];
    const urls = [
      `${site.url}/special/euc-kr-meta`,
      `${site.url}/special/redirect-chain/2`,
      `${site.url}/special/503-then-ok`,
    ];
    const recorder = fetcherOver(createHttpTransport(), live, (raw) => appendToArchive(dir, raw));
    const liveResults = [];
    for (const url of urls)
      liveResults.push(await recorder.fetch({ url, kind: "article", sourceId: "fixture" }));
    const liveHits = site.requests.length;

    const replayed = [];
    const replayFetcher = fetcherOver(createReplayTransport(dir));
    for (const url of urls)
      replayed.push(await replayFetcher.fetch({ url, kind: "article", sourceId: "fixture" }));

    expect(site.requests.length).toBe(liveHits);
    expect(replayed.map((r) => [r.outcome, r.tries, r.raw?.finalUrl, r.text])).toEqual(
      liveResults.map((r) => [r.outcome, r.tries, r.raw?.finalUrl, r.text]),
    );
    expect(Buffer.from(replayed[0]?.raw?.body ?? [])).toEqual(Buffer.from(liveResults[0]?.raw?.body ?? []));
  });
});
