/**
 * A real HTTP server on 127.0.0.1 (port 0) with named routes for the faults a crawler meets, in the manner
 * of Crawlee's test helper. Start several for "many hosts": each port is its own host to the fetcher.
 *
 * Built-in routes (a test can override any of them or add more with `route()`; a key ending in `*` matches
 * by prefix):
 *   /robots.txt                  from `robots` (disallowed paths, Crawl-delay, or a bare status)
 *   /feed.xml                    RSS with ETag and Last-Modified; a matching conditional request gets 304
 *   /article/*                   a small UTF-8 article page
 *   /special/retry-after         429 with Retry-After: 1 on the first hit, then 200
 *   /special/retry-after-long    429 with Retry-After: 3600 every time
 *   /special/503-then-ok         503 on the first hit, then 200
 *   /special/always-503          503 every time
 *   /special/slow                answers after `slowMs` (longer than a test's timeout)
 *   /special/truncated           promises 2,000 bytes, sends 500, closes the socket
 *   /special/euc-kr-meta         EUC-KR (CP949) bytes; the charset only in a <meta>, none in the header
 *   /special/malformed-rss       RSS that no XML parser accepts
 *   /special/malformed-jsonp     a Naver-style JSONP comment answer cut off mid-object
 *   /special/redirect-loop       302 → /special/redirect-loop-2 → 302 → back
 *   /special/redirect-chain/N    N redirects, then 200
 *   /special/big                 10 MiB, chunked (no Content-Length): only a streaming limit stops it
 *   /special/big-declared        10 MiB with its Content-Length
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import iconv from "iconv-lite";

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  context: { hit: number; url: URL; origin: string },
) => void | Promise<void>;

export interface FixtureServerOptions {
  /** robots.txt: rules for `User-agent: *`, or a bare status (404: none; 503: unreachable). */
  robots?: { disallow?: string[]; crawlDelaySeconds?: number } | { status: number };
  /** How long /special/slow keeps the client waiting. */
  slowMs?: number;
  routes?: Record<string, RouteHandler>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface FixtureServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** Hits per pathname, query excluded. */
  hits: Map<string, number>;
  requests: RecordedRequest[];
  hitCount(path: string): number;
  route(path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

/** The Korean text of /special/euc-kr-meta; 똠 and 햏 exist in CP949 but not in EUC-KR proper. */
export const EUC_KR_PAGE_TEXT =
  "카카오 서비스가 이틀째 멈춰 이용자들의 불만이 커지고 있다. 똠방각하와 햏자 같은 글자도 깨지지 않아야 한다.";

/** The validators /feed.xml sends. */
export const FEED_ETAG = '"feed-2022-10-15"';
export const FEED_LAST_MODIFIED = "Sat, 15 Oct 2022 09:00:00 GMT";

const BIG_BODY_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function robotsText(robots: FixtureServerOptions["robots"]): string {
  const rules = robots && !("status" in robots) ? robots : {};
  const lines = ["User-agent: *"];
  for (const path of rules.disallow ?? []) lines.push(`Disallow: ${path}`);
  if (rules.disallow === undefined || rules.disallow.length === 0) lines.push("Allow: /");
  if (rules.crawlDelaySeconds !== undefined) lines.push(`Crawl-delay: ${rules.crawlDelaySeconds}`);
  return `${lines.join("\n")}\n`;
}

function feedXml(origin: string): string {
  const items = [
    ["kakao-outage-1", "카카오톡 먹통 사태, 복구 작업 밤새 이어져", "Sat, 15 Oct 2022 08:40:00 GMT"],
    ["kakao-outage-2", "데이터센터 화재 뒤 카카오 서비스 순차 재개", "Sat, 15 Oct 2022 08:10:00 GMT"],
  ];
  const itemXml = items
    .map(
      ([slug, title, date]) =>
        `<item><title>${title}</title><link>${origin}/article/${slug}</link>` +
        `<description>${title} 관련 기사</description><pubDate>${date}</pubDate></item>`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>픽스처 뉴스</title>` +
    `<link>${origin}/</link><description>테스트용 피드</description>${itemXml}</channel></rss>`
  );
}

function articleHtml(slug: string): string {
  return (
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${slug}</title></head>` +
    `<body><article><h1>${slug}</h1><p>판교 데이터센터 화재 이후 카카오 서비스 장애가 이어졌다.</p>` +
    `<p>회사는 복구 일정을 다시 안내하겠다고 밝혔다.</p></article></body></html>`
  );
}

function builtInRoutes(
  options: FixtureServerOptions,
  pendingTimers: Set<NodeJS.Timeout>,
): Record<string, RouteHandler> {
  const slowMs = options.slowMs ?? 5_000;
  const redirect = (res: ServerResponse, status: number, location: string) => {
    res.writeHead(status, { location, "content-length": 0 });
    res.end();
  };
  const streamBig = (res: ServerResponse, declareLength: boolean) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      ...(declareLength ? { "content-length": BIG_BODY_BYTES } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < BIG_BODY_BYTES) {
        if (res.destroyed) return;
        sent += chunk.byteLength;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    pump();
  };

  return {
    "/robots.txt": (_req, res) => {
      const robots = options.robots;
      if (robots && "status" in robots)
        return send(res, robots.status, "text/plain", `status ${robots.status}\n`);
      send(res, 200, "text/plain; charset=utf-8", robotsText(robots));
    },
    "/feed.xml": (req, res, { origin }) => {
      const sinceMs = Date.parse(req.headers["if-modified-since"] ?? "");
      const notModified =
        req.headers["if-none-match"] === FEED_ETAG ||
        (!Number.isNaN(sinceMs) && sinceMs >= Date.parse(FEED_LAST_MODIFIED));
      if (notModified) {
        res.writeHead(304, { etag: FEED_ETAG, "last-modified": FEED_LAST_MODIFIED });
        res.end();
        return;
      }
      const body = feedXml(origin);
      res.writeHead(200, {
        "content-type": "application/rss+xml; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        etag: FEED_ETAG,
        "last-modified": FEED_LAST_MODIFIED,
      });
      res.end(body);
    },
    "/article/*": (_req, res, { url }) => {
      send(res, 200, "text/html; charset=utf-8", articleHtml(url.pathname.slice("/article/".length)));
    },
    "/special/retry-after": (_req, res, { hit }) => {
      if (hit === 1) {
        res.writeHead(429, { "retry-after": "1", "content-type": "text/plain" });
        res.end("slow down\n");
        return;
      }
      send(res, 200, "text/plain; charset=utf-8", "ok after waiting\n");
    },
    "/special/retry-after-long": (_req, res) => {
      res.writeHead(429, { "retry-after": "3600", "content-type": "text/plain" });
      res.end("come back in an hour\n");
    },
    "/special/503-then-ok": (_req, res, { hit }) => {
      if (hit === 1) return send(res, 503, "text/plain", "busy\n");
      send(res, 200, "text/plain; charset=utf-8", "ok on the second try\n");
    },
    "/special/always-503": (_req, res) => send(res, 503, "text/plain", "still busy\n"),
    "/special/slow": (_req, res) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        if (!res.destroyed) send(res, 200, "text/plain", "finally\n");
      }, slowMs);
      pendingTimers.add(timer);
    },
    "/special/truncated": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": 2000 });
      res.write(Buffer.alloc(500, "a"), () => res.socket?.destroy());
    },
    "/special/euc-kr-meta": (_req, res) => {
      const html =
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' +
        `<title>카카오 장애</title></head><body><div id="articleBody"><p>${EUC_KR_PAGE_TEXT}</p></div></body></html>`;
      send(res, 200, "text/html", iconv.encode(html, "cp949"));
    },
    "/special/malformed-rss": (_req, res) => {
      const body =
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>깨진 피드</title>' +
        "<item><title>카카오 & 네이버 <b>장애</title><link>http://127.0.0.1/article/broken</link>" +
        "<item><title>닫히지 않은 항목";
      send(res, 200, "application/rss+xml; charset=utf-8", body);
    },
    "/special/malformed-jsonp": (_req, res) => {
      const body =
        '_callback({"success":true,"code":"1000","result":{"count":{"comment":2},"commentList":[' +
        '{"commentNo":1,"contents":"복구는 언제쯤 되나요;; (진짜)","userName":"kaka****"},{"commentNo":2,"contents":"이번';
      send(res, 200, "text/javascript; charset=utf-8", body);
    },
    "/special/redirect-loop": (_req, res) => redirect(res, 302, "/special/redirect-loop-2"),
    "/special/redirect-loop-2": (_req, res) => redirect(res, 302, "/special/redirect-loop"),
    "/special/redirect-chain/*": (_req, res, { url }) => {
      const remaining = Number(url.pathname.split("/").pop());
      if (remaining > 0) return redirect(res, 301, `/special/redirect-chain/${remaining - 1}`);
      send(res, 200, "text/plain; charset=utf-8", "end of the chain\n");
    },
    "/special/big": (_req, res) => streamBig(res, false),
    "/special/big-declared": (_req, res) => streamBig(res, true),
  };
}

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const pendingTimers = new Set<NodeJS.Timeout>();
  const routes = new Map<string, RouteHandler>(
    Object.entries({ ...builtInRoutes(options, pendingTimers), ...options.routes }),
  );
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  let origin = "";

  const findRoute = (pathname: string): RouteHandler | undefined => {
    const exact = routes.get(pathname);
    if (exact) return exact;
    let best: [string, RouteHandler] | undefined;
    for (const [key, handler] of routes) {
      if (!key.endsWith("*") || !pathname.startsWith(key.slice(0, -1))) continue;
      if (!best || key.length > best[0].length) best = [key, handler];
    }
    return best?.[1];
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const hit = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, hit);
    requests.push({
      method: req.method ?? "GET",
      path: `${url.pathname}${url.search}`,
      headers: req.headers,
    });
    const handler = findRoute(url.pathname);
    if (!handler) return send(res, 404, "text/plain", "no such route\n");
    Promise.resolve(handler(req, res, { hit, url, origin })).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, "text/plain", `${String(error)}\n`);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    port,
    hits,
    requests,
    hitCount: (path) => hits.get(path) ?? 0,
    route: (path, handler) => {
      routes.set(path, handler);
    },
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
