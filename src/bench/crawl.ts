/**
 * Crawl + extract benchmark (issue 3): 2,000 article pages on 20 loopback hosts (127.0.0.1 on 20 ports, each
 * its own host:port), each host with a robots.txt and an RSS feed listing its pages. The real fetcher, runner,
 * extractor and DuckDB store do the work; only the politeness interval is 0. Reports pages/s and peak RSS.
 */

import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createFetcher, createHttpTransport, runCrawl } from "../crawl/index.js";
import { DedupeIndex } from "../extract/dedupe.js";
import { FetchSettingsSchema, SourcesFileSchema } from "../shared/config.js";
import { DuckCrawlStore } from "../store/crawl-store.js";
import { Store } from "../store/db.js";
import { extractAndStore, GROUP_COMMIT_MS, loadDedupeKeys } from "../store/documents.js";

const OUTLETS = ["한빛일보", "누리경제", "판교타임스", "서해신문", "동녘뉴스"];
const SENTENCES = [
  "카카오 서비스 장애가 이틀째 이어지면서 이용자 불편이 커지고 있다.",
  "판교 데이터센터 화재 이후 카카오톡 메시지 전송이 한때 중단됐다.",
  "업계에서는 서버 이중화가 충분하지 않았다는 지적이 나온다.",
  "회사 측은 주요 기능을 순차적으로 복구하고 있다고 밝혔다.",
  "정부는 부가통신사업자의 재난 대응 의무를 점검하기로 했다.",
  "증권가는 단기 주가 변동성이 커질 수 있다고 내다봤다.",
  "소상공인들은 카카오페이 결제 중단으로 매출 손실을 호소했다.",
  "전문가들은 재발 방지를 위한 인프라 투자가 필요하다고 강조했다.",
];

function articleHtml(host: number, i: number): string {
  const paras: string[] = [];
  for (let p = 0; p < 8; p++)
    paras.push(`<p>${SENTENCES[(host * 7 + i * 3 + p) % SENTENCES.length]} (${host}-${i}-${p})</p>`);
  const day = 15 + (i % 14);
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>카카오 먹통 사태 ${host}-${i}</title>
<meta property="og:title" content="카카오 먹통 사태 후속 보도 ${host}-${i}">
<meta property="og:site_name" content="${OUTLETS[host % OUTLETS.length]}">
<meta property="article:published_time" content="2022-10-${day}T09:30:00+09:00">
</head><body><header><nav><a href="/">홈</a> <a href="/it">IT</a> <a href="/economy">경제</a></nav></header>
<main><article><h1>카카오 먹통 사태 후속 보도 ${host}-${i}</h1>
<div class="byline">홍길동 기자 reporter${host}@example.kr</div>
${paras.join("\n")}
</article></main><aside><h3>많이 본 뉴스</h3><ul><li>다른 기사</li><li>또 다른 기사</li></ul></aside>
<footer>무단전재 및 재배포 금지</footer></body></html>`;
}

function feedXml(base: string, host: number, pages: number): string {
  const items: string[] = [];
  for (let i = 0; i < pages; i++) {
    items.push(`<item><title>카카오 먹통 사태 후속 보도 ${host}-${i}</title><link>${base}/article/${i}</link>
<description>카카오 먹통 관련 기사</description><pubDate>Sat, 15 Oct 2022 09:30:00 +0900</pubDate></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench ${host}</title>
<link>${base}/</link><description>bench</description>${items.join("\n")}</channel></rss>`;
}

async function startHost(host: number, pages: number): Promise<{ server: Server; base: string }> {
  let base = "";
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
    } else if (url === "/feed.xml") {
      res
        .writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" })
        .end(feedXml(base, host, pages));
    } else if (url.startsWith("/article/")) {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(articleHtml(host, Number(url.slice(9))));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base };
}

export interface CrawlBenchResult {
  pages: number;
  hosts: number;
  seconds: number;
  pagesPerSec: number;
  peakRssMb: number;
  documents: number;
}

export async function benchCrawl(opts: {
  hosts: number;
  pagesPerHost: number;
  dir: string;
}): Promise<CrawlBenchResult> {
  const hosts = await Promise.all(
    Array.from({ length: opts.hosts }, (_, h) => startHost(h, opts.pagesPerHost)),
  );
  const dbPath = path.join(opts.dir, "bench-crawl.duckdb");
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const store = await Store.open(dbPath);
  const crawlStore = new DuckCrawlStore(store);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    const sources = SourcesFileSchema.parse({
      topics: [{ id: "outage", keywords: ["카카오 먹통"] }],
      sources: hosts.map((h, i) => ({ id: `bench-${i}`, type: "feed", url: `${h.base}/feed.xml` })),
      comments: { naver: { enabled: false } },
    });
    const settings = FetchSettingsSchema.parse({ minHostIntervalMs: 0, concurrency: 16, maxTries: 2 });
    const fetcher = createFetcher({
      settings,
      transport: createHttpTransport(),
      runId: "bench",
      saveRaw: (raw) => crawlStore.saveRaw(raw),
    });
    const index = new DedupeIndex(await loadDedupeKeys(store));
    const t0 = performance.now();
    await store.withGroupCommit(GROUP_COMMIT_MS, () =>
      runCrawl({
        sources,
        fetcher,
        store: crawlStore,
        runId: "bench",
        salt: "bench-salt-0000",
        naverCredentials: null,
        articleConcurrency: 16,
        onArticle: (raw, text, entry) => extractAndStore(store, index, raw, text, entry.sourceId),
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await fetcher.close();
    const docs = Number((await store.one<{ n: bigint }>("SELECT count(*) AS n FROM documents"))?.n ?? 0);
    const pages = opts.hosts * opts.pagesPerHost;
    return {
      pages,
      hosts: opts.hosts,
      seconds,
      pagesPerSec: pages / seconds,
      peakRssMb: peakRss / 1e6,
      documents: docs,
    };
  } finally {
    clearInterval(sampler);
    store.close();
    await Promise.all(hosts.map((h) => new Promise((r) => h.server.close(r))));
  }
}
