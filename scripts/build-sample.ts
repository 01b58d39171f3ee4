/**
 * Builds the bundled offline sample `data/sample/` (docs/formats.md, "Raw archive") from the hand-written
 * content in `data/sample/content/`: article texts (articles.yaml) and comment texts (comments.txt).
 *
 *   npx tsx scripts/build-sample.ts [outDir]        (default: data/sample)
 *
 * Everything that must agree across files is derived here from one place, so it cannot drift: the page
 * layouts of the four sites, the feeds and search responses that list the pages, the Google News redirects,
 * the Naver comment JSONP pages and the manifest that ties them to URLs. The output is deterministic (fixed
 * PRNG seed, fixed recording clock): running it twice gives the same bytes, which the sample test checks.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import iconv from "iconv-lite";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { matchesTopic as crawlerMatchesTopic } from "../src/crawl/topics.js";
import type { Topic } from "../src/shared/config.js";

// ---------------------------------------------------------------------------------------------------------
// Content schema

const KST_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const PhotoSchema = z.object({ at: z.number().int().min(0), caption: z.string().min(1) }).strict();

const ArticleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+$/),
    site: z.enum(["naver", "daum", "hankyung", "yonhap"]),
    /** Naver: press id and article id (`n.news.naver.com/mnews/article/{oid}/{aid}`). */
    oid: z
      .string()
      .regex(/^\d{3}$/)
      .optional(),
    aid: z
      .string()
      .regex(/^\d{10}$/)
      .optional(),
    /** Daum: 17-digit id; Yonhap: AKR id; Hankyung: YYYYMMDDNNNN[letter]. */
    key: z.string().optional(),
    outlet: z.string().optional(),
    section: z.string().optional(),
    published: z.string().regex(KST_TIME),
    modified: z.string().regex(KST_TIME).optional(),
    reporter: z.string().optional(),
    email: z.string().optional(),
    title: z.string().optional(),
    summary: z.array(z.string()).optional(),
    photos: z.array(PhotoSchema).optional(),
    paragraphs: z.array(z.string()).optional(),
    /** Wire copy: takes the text of another article, with the small edits below. */
    copyOf: z.string().optional(),
    extraParagraphs: z.array(z.string()).optional(),
    /** Seed-style Hankyung column: chrome lines, headline block and body twice (see content README). */
    column: z.object({ series: z.string(), reporterLine: z.string() }).strict().optional(),
    charset: z.enum(["utf-8", "euc-kr"]).optional(),
    /** A stock table inside a Naver body (`table.nbd_table`). */
    table: z.array(z.array(z.string())).optional(),
    discovered: z.array(z.string()).min(1),
    comments: z.string().optional(),
  })
  .strict();

const OffTopicSchema = z
  .object({
    source: z.string(),
    title: z.string(),
    description: z.string(),
    published: z.string().regex(KST_TIME),
    url: z.string(),
    outlet: z.string(),
  })
  .strict();

const ContentSchema = z
  .object({
    articles: z.array(ArticleSchema).min(1),
    offTopic: z.array(OffTopicSchema),
    /** Search results pointing at pages that were never recorded: replay answers 404 like a lost page. */
    lost: z.array(OffTopicSchema),
  })
  .strict();

type ArticleInput = z.infer<typeof ArticleSchema>;
type ListedItem = z.infer<typeof OffTopicSchema>;

/** An article with its copy resolved and its URL built. */
interface Article {
  id: string;
  site: ArticleInput["site"];
  url: string;
  canonical: string;
  outlet: string;
  section: string;
  published: Date;
  modified: Date | null;
  reporter: string;
  email: string;
  title: string;
  summary: string[];
  photos: { at: number; caption: string }[];
  paragraphs: string[];
  column: ArticleInput["column"];
  charset: "utf-8" | "euc-kr";
  table: string[][] | undefined;
  discovered: string[];
  commentsKey: string | undefined;
  oid: string | undefined;
  aid: string | undefined;
  copyOf: string | undefined;
  /** The outlet's own URL: Naver's "기사원문" link and the Search API's `originallink`. */
  original: string;
  /** The URL feeds and search responses list: Naver's search links carry `/mnews/` and a section id. */
  listed: string;
}

// ---------------------------------------------------------------------------------------------------------
// Sources, exactly as the crawler builds their URLs (src/shared/config.ts)

const NAVER_SEARCH_BASE = "https://openapi.naver.com/v1/search/news.json";
const NAVER_QUERIES = ["카카오 먹통", "남궁훈 사퇴"];
const GOOGLE_NEWS_BASE = "https://news.google.com/rss/search";
const GOOGLE_QUERIES = ["카카오 먹통"];
const GOOGLE_AFTER = "2022-10-14";
const GOOGLE_BEFORE = "2022-10-29";
const HANKYUNG_FEED = "https://www.hankyung.com/feed/it";
const YONHAP_FEED = "https://www.yna.co.kr/rss/industry.xml";
const COMMENT_BASE = "https://apis.naver.com/commentBox/cbox/web_naver_list_jsonp.json";
/** The API's maximum page size; the largest article needs three pages of it, which exercises paging. */
const COMMENT_PAGE_SIZE = 100;

/**
 * Topics (sources.yaml `topics`): each keyword string is a set of words that must all occur (spacing
 * ignored); an item is followed when any set of any topic matches. Off-topic items in the sample contain
 * 카카오 alone (카카오게임즈) so a single-word set would wrongly follow them.
 */
const TOPICS: Topic[] = [
  {
    id: "kakao-outage",
    keywords: [
      "카카오 먹통",
      "카카오 장애",
      "카카오 데이터센터",
      "판교 데이터센터 화재",
      "카카오 보상",
      "카톡 먹통",
    ],
  },
  { id: "namkoong-statements", keywords: ["남궁훈", "IT 업계 비극", "업계의 비극", "처절하게 반성"] },
];

export function naverSearchUrl(query: string): string {
  const params = new URLSearchParams({ query, display: "100", start: "1", sort: "date" });
  return `${NAVER_SEARCH_BASE}?${params.toString()}`;
}

export function googleNewsUrl(query: string): string {
  const params = new URLSearchParams({
    q: `${query} after:${GOOGLE_AFTER} before:${GOOGLE_BEFORE}`,
    hl: "ko",
    gl: "KR",
    ceid: "KR:ko",
  });
  return `${GOOGLE_NEWS_BASE}?${params.toString()}`;
}

export function naverCommentUrl(oid: string, aid: string, page: number): string {
  return (
    `${COMMENT_BASE}?ticket=news&pool=cbox5&lang=ko&country=KR&objectId=news${oid},${aid}` +
    `&pageSize=${COMMENT_PAGE_SIZE}&page=${page}&sort=new&includeAllStatus=true&_callback=_yeoron`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness and time

/** mulberry32: tiny, seedable, good enough for spreading comment times and counts. */
function makeRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KST_OFFSET_MS = 9 * 3600 * 1000;
/** The recording starts the morning after the last comment window closes (2022-10-29 09:00 KST). */
const RECORDING_START = new Date("2022-10-29T00:00:00Z");
/** Comments are spread up to this instant (2022-10-28 23:30 KST), before the recording. */
const COMMENT_WINDOW_END = new Date("2022-10-28T14:30:00Z");

function kst(text: string): Date {
  return new Date(`${text.replace(" ", "T")}+09:00`);
}

interface Parts {
  y: string;
  mo: string;
  d: string;
  h: number;
  mi: string;
  s: string;
  dow: number;
}

function parts(date: Date, offsetMs: number): Parts {
  const shifted = new Date(date.getTime() + offsetMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    y: String(shifted.getUTCFullYear()),
    mo: pad(shifted.getUTCMonth() + 1),
    d: pad(shifted.getUTCDate()),
    h: shifted.getUTCHours(),
    mi: pad(shifted.getUTCMinutes()),
    s: pad(shifted.getUTCSeconds()),
    dow: shifted.getUTCDay(),
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

function rfc822(date: Date, zone: "+0900" | "GMT"): string {
  const p = parts(date, zone === "GMT" ? 0 : KST_OFFSET_MS);
  const month = MONTHS[Number(p.mo) - 1];
  return `${DAYS[p.dow]}, ${p.d} ${month} ${p.y} ${pad2(p.h)}:${p.mi}:${p.s} ${zone}`;
}

/** `2022-10-17 15:48:31` (Naver data-date-time) or `2022-10-17 15:48` (Yonhap). */
function kstStamp(date: Date, withSeconds: boolean): string {
  const p = parts(date, KST_OFFSET_MS);
  return `${p.y}-${p.mo}-${p.d} ${pad2(p.h)}:${p.mi}${withSeconds ? `:${p.s}` : ""}`;
}

/** Naver's visible time: `2022.10.15. 오후 5:22`. */
function naverVisible(date: Date): string {
  const p = parts(date, KST_OFFSET_MS);
  const half = p.h < 12 ? "오전" : "오후";
  const h12 = p.h % 12 === 0 ? 12 : p.h % 12;
  return `${p.y}.${p.mo}.${p.d}. ${half} ${h12}:${p.mi}`;
}

/** Daum's visible time: `2022. 10. 17. 14:42`. */
function daumVisible(date: Date): string {
  const p = parts(date, KST_OFFSET_MS);
  return `${p.y}. ${p.mo}. ${p.d}. ${pad2(p.h)}:${p.mi}`;
}

function hankyungVisible(date: Date): string {
  const p = parts(date, KST_OFFSET_MS);
  return `${p.y}.${p.mo}.${p.d} ${pad2(p.h)}:${p.mi}`;
}

function isoKst(date: Date): string {
  const p = parts(date, KST_OFFSET_MS);
  return `${p.y}-${p.mo}-${p.d}T${pad2(p.h)}:${p.mi}:${p.s}+09:00`;
}

/** Naver comment time: `2022-10-17T09:12:33+0900` (no colon in the offset), or the GMT twin. */
function naverCommentTime(date: Date, zone: "+0900" | "+0000"): string {
  const p = parts(date, zone === "+0900" ? KST_OFFSET_MS : 0);
  return `${p.y}-${p.mo}-${p.d}T${pad2(p.h)}:${p.mi}:${p.s}${zone}`;
}

function httpDate(date: Date): string {
  return rfc822(date, "GMT");
}

// ---------------------------------------------------------------------------------------------------------
// Text helpers

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function escapeXml(text: string): string {
  return escapeHtml(text).replace(/'/g, "&apos;");
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/** The part of a wire story after its dateline (`(서울=연합뉴스) 김도윤 기자 = `). */
function withoutDateline(paragraph: string): string {
  return paragraph.replace(/^\([^)]*=[^)]*\)\s*[^=]{0,20}=\s*/, "");
}

function snippet(article: Article, maxChars: number): string {
  const text = withoutDateline(article.paragraphs[0] ?? "");
  return text.length <= maxChars ? text : `${text.slice(0, maxChars).trimEnd()}...`;
}

/** The crawler's own matcher, so the sample's topics provably select the sample's articles. */
function matchesTopic(text: string): boolean {
  return crawlerMatchesTopic(text, TOPICS);
}

/** Naver Search highlights the query words with `<b>` and escapes quotes as entities. */
function naverHighlight(text: string, query: string): string {
  let html = escapeXml(text);
  for (const word of query.split(/\s+/)) html = html.split(word).join(`<b>${word}</b>`);
  return html;
}

function sha256Hex(text: string): string {
  // A hash only names the opaque Google News ids; node:crypto keeps it stable across runs.
  return createHash("sha256").update(text).digest("hex");
}

// ---------------------------------------------------------------------------------------------------------
// Loading content

function loadArticles(contentDir: string): {
  articles: Article[];
  offTopic: ListedItem[];
  lost: ListedItem[];
} {
  const raw = ContentSchema.parse(parseYaml(readFileSync(join(contentDir, "articles.yaml"), "utf8")));
  const byId = new Map(raw.articles.map((a) => [a.id, a]));
  const articles = raw.articles.map((input): Article => {
    const base = input.copyOf ? byId.get(input.copyOf) : input;
    if (!base) throw new Error(`${input.id}: copyOf ${input.copyOf} not found`);
    const paragraphs = [...(base.paragraphs ?? [])];
    if (input.copyOf) {
      // A wire copy keeps the story but the republishing outlet adds a line before the byline.
      paragraphs.push(...(input.extraParagraphs ?? []));
    }
    const outlet = input.outlet ?? base.outlet;
    const title = input.title ?? base.title;
    const reporter = input.reporter ?? base.reporter;
    const email = input.email ?? base.email;
    if (!outlet || !title || !reporter || !email || paragraphs.length === 0) {
      throw new Error(`${input.id}: outlet, title, reporter, email and paragraphs are required`);
    }
    const { url, canonical } = articleUrl(input);
    return {
      id: input.id,
      site: input.site,
      url,
      canonical,
      outlet,
      section: input.section ?? base.section ?? "IT",
      published: kst(input.published),
      modified: input.modified ? kst(input.modified) : null,
      reporter,
      email,
      title,
      summary: input.summary ?? base.summary ?? [],
      photos: input.photos ?? base.photos ?? [],
      paragraphs,
      column: input.column,
      charset: input.charset ?? "utf-8",
      table: input.table,
      discovered: input.discovered,
      commentsKey: input.comments,
      oid: input.oid,
      aid: input.aid,
      copyOf: input.copyOf,
      original: url,
      listed:
        input.site === "naver"
          ? `https://n.news.naver.com/mnews/article/${input.oid}/${input.aid}?sid=105`
          : url,
    };
  });
  for (const a of articles) {
    const source = a.copyOf ? articles.find((x) => x.id === a.copyOf) : undefined;
    if (source) a.original = source.url;
    else if (a.site === "naver")
      a.original = `${OUTLET_HOSTS[a.outlet] ?? "https://www.example.co.kr"}/news/articleView.html?idxno=${a.aid}`;
  }
  return { articles, offTopic: raw.offTopic, lost: raw.lost };
}

function articleUrl(input: ArticleInput): { url: string; canonical: string } {
  switch (input.site) {
    case "naver": {
      if (!input.oid || !input.aid) throw new Error(`${input.id}: naver needs oid and aid`);
      // Recorded at the one spelling the crawler fetches; search links use /mnews/…?sid= (see `listed`).
      const url = `https://n.news.naver.com/article/${input.oid}/${input.aid}`;
      return { url, canonical: url };
    }
    case "daum": {
      if (!input.key || !/^\d{17}$/.test(input.key))
        throw new Error(`${input.id}: daum key must be 17 digits`);
      const url = `https://v.daum.net/v/${input.key}`;
      return { url, canonical: url };
    }
    case "hankyung": {
      if (!input.key || !/^\d{12}[a-z]?$/.test(input.key)) throw new Error(`${input.id}: bad hankyung key`);
      const url = `https://www.hankyung.com/article/${input.key}`;
      return { url, canonical: url };
    }
    case "yonhap": {
      if (!input.key || !/^AKR\d{17}$/.test(input.key)) throw new Error(`${input.id}: bad yonhap key`);
      const url = `https://www.yna.co.kr/view/${input.key}`;
      return { url, canonical: url };
    }
  }
}

interface CommentSeed {
  text: string;
  flags: Set<string>;
  replies: { text: string; flags: Set<string> }[];
}

/**
 * comments.txt: `## key` starts an article's section; `- text` is a comment, `  > text` a reply to the
 * comment above; `[best]`, `[deleted]`, `[hidden]` right after the marker set flags. Comments are listed
 * oldest first.
 */
function loadComments(contentDir: string): Map<string, CommentSeed[]> {
  const sections = new Map<string, CommentSeed[]>();
  let current: CommentSeed[] | null = null;
  const lines = readFileSync(join(contentDir, "comments.txt"), "utf8").split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "" || line.startsWith("#!")) return;
    const header = /^## (\w+)\s*$/.exec(line);
    if (header?.[1]) {
      current = [];
      sections.set(header[1], current);
      return;
    }
    const item = /^( {2}>|-) ((?:\[(?:best|deleted|hidden)\] )*)(.+)$/.exec(line);
    if (!item || !current) throw new Error(`comments.txt:${index + 1}: cannot read ${JSON.stringify(line)}`);
    const flags = new Set((item[2] ?? "").match(/[a-z]+/g) ?? []);
    const text = (item[3] ?? "").trim();
    const list: CommentSeed[] = current;
    if (item[1] === "-") list.push({ text, flags, replies: [] });
    else {
      const parent = list.at(-1);
      if (!parent) throw new Error(`comments.txt:${index + 1}: a reply needs a comment above it`);
      parent.replies.push({ text, flags });
    }
  });
  return sections;
}

// ---------------------------------------------------------------------------------------------------------
// Page layouts

interface PageContext {
  /** Other sample articles on the same host, for the related-articles boxes. */
  related: Article[];
  /** Titles that are not about the topic, for ranking boxes and ads. */
  noise: ListedItem[];
  commentCount: number;
}

const NAVER_SECTIONS = [
  "정치",
  "경제",
  "사회",
  "생활/문화",
  "IT/과학",
  "세계",
  "랭킹",
  "신문보기",
  "오피니언",
  "TV",
  "팩트체크",
];

function naverPage(a: Article, ctx: PageContext): string {
  if (!a.oid || !a.aid) throw new Error(`${a.id}: naver article without oid/aid`);
  const pressLogo = `https://mimgnews.pstatic.net/image/upload/office_logo/${a.oid}/2020/09/15/logo_${a.oid}_6_20200915144859.png`;
  const blocks: string[] = [];
  const aid = a.aid;
  if (a.summary.length)
    blocks.push(`<strong class="media_end_summary">${a.summary.map(escapeHtml).join("<br>")}</strong>`);
  a.paragraphs.forEach((paragraph, index) => {
    for (const [n, photo] of a.photos.entries()) {
      if (photo.at !== index) continue;
      const img = `https://imgnews.pstatic.net/image/${a.oid}/2022/10/${kstStamp(a.published, false).slice(8, 10)}/0000${aid.slice(-6)}_00${n + 1}_20221017000000000.jpg?type=w647`;
      blocks.push(
        `<span class="end_photo_org"><div class="nbd_im_w _LAZY_LOADING_WRAP "><div class="nbd_a _LAZY_LOADING_ERROR_HIDE" id="img_a${n + 1}">` +
          `<img id="img${n + 1}" data-src="${img}" class="_LAZY_LOADING _LAZY_LOADING_INIT_HIDE" width="647" height="431"></div></div>` +
          `<em class="img_desc">${escapeHtml(photo.caption)}</em></span>`,
      );
    }
    if (a.table && index === Math.min(2, a.paragraphs.length - 1)) blocks.push(naverTable(a.table));
    blocks.push(escapeHtml(paragraph));
  });
  // Wire copies on Naver end with the reporter's address inside the body, as Yonhap's do.
  if (a.outlet === "연합뉴스") blocks.push(escapeHtml(a.email));
  const body = blocks.join("<br><br>");
  const related = ctx.related
    .slice(0, 4)
    .map(
      (r) =>
        `<li class="media_end_linked_item"><a href="${r.canonical}" class="media_end_linked_item_inner"><div class="media_end_linked_item_title">${escapeHtml(r.title)}</div><div class="media_end_linked_item_press">${escapeHtml(r.outlet)}</div></a></li>`,
    )
    .join("\n");
  const ranking = ctx.noise
    .slice(0, 5)
    .map(
      (n, i) =>
        `<li class="press_ranking_item"><a href="${n.url}"><em class="list_ranking_num">${i + 1}</em><div class="list_content"><strong class="list_title">${escapeHtml(n.title)}</strong><span class="list_view">조회수 ${(37_000 - i * 4_100).toLocaleString("en-US")}</span></div></a></li>`,
    )
    .join("\n");
  const modified = a.modified
    ? `<div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_datestamp_term">수정</span><span class="media_end_head_info_datestamp_time _ARTICLE_MODIFY_DATE_TIME" data-modify-date-time="${kstStamp(a.modified, true)}">${naverVisible(a.modified)}</span></div>`
    : "";
  return `<!doctype html>
<html lang="ko" data-useragent="mozilla/5.0 (x11; linux x86_64)">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=1106">
<title>${escapeHtml(a.title)} : 네이버 뉴스</title>
<meta name="referrer" content="always">
<meta property="og:title" content="${escapeHtml(a.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="${a.canonical}">
<meta property="og:image" content="https://imgnews.pstatic.net/image/${a.oid}/2022/10/17/0000${a.aid.slice(-6)}_001_20221017000000000.jpg">
<meta property="og:description" content="${escapeHtml(snippet(a, 120))}">
<meta property="og:article:author" content="${escapeHtml(a.outlet)} | 네이버">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${escapeHtml(a.title)}">
<link rel="canonical" href="${a.canonical}">
<link rel="stylesheet" type="text/css" href="https://ssl.pstatic.net/static.news/pc/css/mnews_end_20221014.css">
<script type="text/javascript">
  window.__NEWS_END__ = { officeId: "${a.oid}", articleId: "${a.aid}", sectionId: "105", isPcWeb: true, gdid: "88000${a.aid.slice(-6)}_000000000000000${a.aid.slice(-4)}" };
</script>
</head>
<body class="as_pc">
<div id="u_skip"><a href="#ct" class="u_skip_link"><span>본문 바로가기</span></a></div>
<div id="wrap">
<header class="Ngnb _GRID_TEMPLATE_TOP">
  <div class="Ngnb_inner"><h1 class="Ngnb_logo"><a href="https://www.naver.com/" class="Nicon_service">NAVER</a><a href="https://news.naver.com/" class="Ntool_button">뉴스</a></h1>
  <div class="Ngnb_tool"><a href="https://nid.naver.com/nidlogin.login" class="Ntool_button">로그인</a></div></div>
  <nav class="Nlnb"><ul class="Nlnb_menu_list"><li class="Nlnb_menu_item"><a href="https://news.naver.com/main/officeList.naver" class="Nitem_link"><span class="Nitem_link_menu">언론사별</span></a></li>
${NAVER_SECTIONS.map((s) => `  <li class="Nlnb_menu_item"><a href="https://news.naver.com/section/${encodeURIComponent(s)}" class="Nitem_link"><span class="Nitem_link_menu">${s}</span></a></li>`).join("\n")}
  </ul></nav>
</header>
<div id="ct_wrap" class="ct_wrap">
<div id="ct" class="ct _GRID_TEMPLATE_COLUMN _STICKY_CONTENT">
  <div class="media_end_head go_trans">
    <div class="media_end_head_top">
      <a href="https://media.naver.com/press/${a.oid}" class="media_end_head_top_logo">
        <img src="${pressLogo}" width="" height="32" alt="${escapeHtml(a.outlet)}" title="${escapeHtml(a.outlet)}" class="media_end_head_top_logo_img light_type">
        <img src="${pressLogo.replace("_6_", "_57_")}" width="" height="32" alt="${escapeHtml(a.outlet)}" title="${escapeHtml(a.outlet)}" class="media_end_head_top_logo_img dark_type">
      </a>
      <div class="media_end_head_top_channel"><a href="https://media.naver.com/channel/promotion?oid=${a.oid}" class="media_end_head_top_channel_layer_text">구독</a></div>
    </div>
    <div class="media_end_head_title">
      <h2 id="title_area" class="media_end_head_headline"><span>${escapeHtml(a.title)}</span></h2>
    </div>
    <div class="media_end_head_info nv_notrans">
      <div class="media_end_head_journalist">
        <a href="https://media.naver.com/journalist/${a.oid}/7${a.aid.slice(-5)}" class="media_end_head_journalist_box"><em class="media_end_head_journalist_name">${escapeHtml(a.reporter)} 기자</em></a>
      </div>
      <div class="media_end_head_info_datestamp">
        <div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_datestamp_term">입력</span><span class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="${kstStamp(a.published, true)}">${naverVisible(a.published)}</span></div>
        ${modified}
        <a href="${a.original}" class="media_end_head_origin_link" target="_blank">기사원문</a>
      </div>
      <div class="media_end_head_info_variety">
        <div class="media_end_head_info_variety_cmt"><a href="https://n.news.naver.com/mnews/article/comment/${a.oid}/${a.aid}?sid=105" class="media_end_head_cmt_link _COMMENT_HIDE"><span class="media_end_head_cmt_text">댓글</span><span class="u_cbox_count">${ctx.commentCount}</span></a></div>
        <div class="media_end_head_info_variety_likeit _LIKE_HIDE"><span class="u_likeit_text">공감</span></div>
        <div class="media_end_head_tts"><button type="button" class="media_end_head_tts_button"><span class="blind">본문 듣기</span></button><span class="media_end_head_tts_tooltip">본문 듣기를 종료하였습니다.</span></div>
        <div class="media_end_head_fontsize"><button type="button" class="media_end_head_fontsize_button"><span class="blind">글자 크기 변경</span></button></div>
        <div class="media_end_head_translate"><button type="button"><span class="blind">번역</span></button></div>
        <div class="media_end_head_share"><button type="button" class="media_end_head_share_button"><span class="blind">공유하기</span></button></div>
      </div>
    </div>
  </div>
  <div id="contents" class="newsct_body">
    <div id="newsct_article" class="newsct_article _article_body">
      <article id="dic_area" class="go_trans _article_content" style="-webkit-tap-highlight-color: rgba(0,0,0,0)">
${body}
      </article>
    </div>
    <div class="byline"><p class="byline_p"><span class="byline_s">${escapeHtml(a.reporter)} 기자 (${escapeHtml(a.email)})</span></p></div>
    <div class="copyright"><p class="c_text">Copyright ⓒ ${escapeHtml(a.outlet)}. All rights reserved. 무단 전재 및 재배포 금지.</p></div>
    <div class="categorize"><span class="blind">기사 섹션 분류 안내</span><p class="categorize_desc">기사의 섹션 정보는 해당 언론사의 분류를 따르고 있습니다. 언론사는 개별 기사를 2개 이상 섹션으로 중복 분류할 수 있습니다.</p><a href="https://help.naver.com/service/5640/contents/10198" class="categorize_link">닫기</a></div>
    <div class="_reactionModule u_likeit" data-sid="NEWS" data-did="NEWS" data-cid="ne_${a.oid}_${a.aid}">
      <ul class="u_likeit_layer"><li class="u_likeit_list useful"><span class="u_likeit_list_name">쏠쏠정보</span><span class="u_likeit_list_count">0</span></li><li class="u_likeit_list wow"><span class="u_likeit_list_name">흥미진진</span><span class="u_likeit_list_count">0</span></li><li class="u_likeit_list touched"><span class="u_likeit_list_name">공감백배</span><span class="u_likeit_list_count">0</span></li><li class="u_likeit_list analytical"><span class="u_likeit_list_name">분석탁월</span><span class="u_likeit_list_count">0</span></li><li class="u_likeit_list recommend"><span class="u_likeit_list_name">후속강추</span><span class="u_likeit_list_count">0</span></li></ul>
    </div>
    <div class="media_end_linked"><h4 class="media_end_linked_title">${escapeHtml(a.outlet)} 관련 기사</h4><ul class="media_end_linked_list">
${related}
    </ul></div>
    <div id="cbox_module" class="_COMMENT_MODULE u_cbox" data-object-id="news${a.oid},${a.aid}"><h5 class="u_cbox_title">댓글 <span class="u_cbox_count">${ctx.commentCount}</span></h5><p class="u_cbox_notice">댓글은 작성자의 의견이며 네이버의 입장과 무관합니다. 댓글 정책은 언론사가 결정합니다.</p></div>
  </div>
  <aside class="newsct_aside">
    <div class="ad_area" id="ad_right_1"><iframe src="https://nv.veta.naver.com/fxshow?su=SU10079&amp;nrefreshx=0" title="광고" width="300" height="250" frameborder="0" scrolling="no"></iframe></div>
    <div class="press_ranking_home"><h4 class="press_ranking_title">${escapeHtml(a.outlet)} 랭킹 뉴스</h4><p class="press_ranking_desc">오후 1시~2시까지 집계한 결과입니다.</p><ul class="press_ranking_list">
${ranking}
    </ul></div>
  </aside>
</div>
</div>
<footer class="Nfooter">
  <div class="Nfooter_inner"><ul class="Nfooter_menu"><li><a href="https://news.naver.com/main/ombudsman/guidecenter.naver">언론사 가이드</a></li><li><a href="https://news.naver.com/main/introduce/index.naver">뉴스 서비스 소개</a></li><li><a href="https://policy.naver.com/policy/service.html">이용약관</a></li><li><a href="https://policy.naver.com/policy/privacy.html"><strong>개인정보처리방침</strong></a></li><li><a href="https://help.naver.com/service/5640/">고객센터</a></li></ul>
  <p class="Nfooter_notice">각 언론사의 기사 배열 책임자와 청소년 보호 책임자는 언론사 홈에서 확인하실 수 있습니다. 네이버 뉴스 기사배열 책임자: 김수향 / 청소년 보호 책임자: 이정규</p>
  <address class="Nfooter_copyright">&copy; <a href="https://www.navercorp.com/">NAVER Corp.</a></address></div>
</footer>
</div>
<script type="text/javascript" src="https://ssl.pstatic.net/static.news/pc/js/mnews_end_20221014.js"></script>
<script type="text/javascript">nhn.mnews.end.init({ commentCount: ${ctx.commentCount}, useDarkMode: false });</script>
</body>
</html>
`;
}

function naverTable(rows: string[][]): string {
  const [head, ...rest] = rows;
  const th = (head ?? []).map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const trs = rest.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("");
  return `<table class="nbd_table"><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

/** Home pages of the outlets in the sample, for original links and Google News `<source>`. */
const OUTLET_HOSTS: Record<string, string> = {
  연합뉴스: "https://www.yna.co.kr",
  한국경제: "https://www.hankyung.com",
  매일경제: "https://www.mk.co.kr",
  뉴스1: "https://www.news1.kr",
  조선일보: "https://www.chosun.com",
  이데일리: "https://www.edaily.co.kr",
  지디넷코리아: "https://zdnet.co.kr",
  KBS: "https://news.kbs.co.kr",
  뉴시스: "https://www.newsis.com",
  머니투데이: "https://news.mt.co.kr",
  파이낸셜뉴스: "https://www.fnnews.com",
  한겨레: "https://www.hani.co.kr",
  아이뉴스24: "https://www.inews24.com",
  디지털데일리: "https://www.ddaily.co.kr",
  블로터: "https://www.bloter.net",
  머니S: "https://moneys.mt.co.kr",
  경기일보: "https://www.kyeonggi.com",
};

function daumPage(a: Article, ctx: PageContext): string {
  const key = a.url.slice(a.url.lastIndexOf("/") + 1);
  const blocks: string[] = [];
  a.paragraphs.forEach((paragraph, index) => {
    for (const [n, photo] of a.photos.entries()) {
      if (photo.at !== index) continue;
      blocks.push(
        `<figure class="figure_frm origin_fig" dmcf-pid="p${key.slice(-6)}${n}" dmcf-ptype="figure"><p class="link_figure"><img class="thumb_g_article" data-org-src="https://t1.daumcdn.net/news/202210/${key.slice(6, 8)}/${key}${n}.jpg" data-org-width="640" dmcf-mid="m${key.slice(-5)}${n}" dmcf-mtype="image" height="auto" src="https://img1.daumcdn.net/thumb/R658x0.q70/?fname=https://t1.daumcdn.net/news/202210/${key.slice(6, 8)}/${key}${n}.jpg" width="658"></p><figcaption class="txt_caption default_figure">${escapeHtml(photo.caption)}</figcaption></figure>`,
      );
    }
    blocks.push(`<p dmcf-pid="q${key.slice(-6)}${index}" dmcf-ptype="general">${escapeHtml(paragraph)}</p>`);
  });
  blocks.push(
    `<p dmcf-pid="e${key.slice(-6)}" dmcf-ptype="general">${escapeHtml(a.reporter)} 기자 ${escapeHtml(a.email)}</p>`,
  );
  const summary = a.summary.length
    ? `<strong class="summary_view" data-translation="true">${a.summary.map(escapeHtml).join("<br>")}</strong>\n`
    : "";
  const modified = a.modified
    ? `<span class="txt_info">수정 <span class="num_date">${daumVisible(a.modified)}</span></span>`
    : "";
  const related = ctx.related
    .slice(0, 4)
    .map(
      (r) =>
        `<li><a href="${r.canonical}" class="link_txt" data-tiara-layer="related">${escapeHtml(r.title)}</a></li>`,
    )
    .join("\n");
  const ranking = ctx.noise
    .slice(0, 5)
    .map(
      (n, i) =>
        `<li><em class="num_rank">${i + 1}</em><a href="${n.url}" class="link_txt">${escapeHtml(n.title)}</a></li>`,
    )
    .join("\n");
  const p = parts(a.published, KST_OFFSET_MS);
  return `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(a.title)} | 다음뉴스</title>
<meta property="og:site_name" content="다음뉴스">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(a.title)}">
<meta property="og:url" content="${a.url}">
<meta property="og:description" content="${escapeHtml(snippet(a, 120))}">
<meta property="og:image" content="https://img1.daumcdn.net/thumb/S1200x630/?fname=https://t1.daumcdn.net/news/202210/${p.d}/${key}0.jpg">
<meta property="og:regDate" content="${p.y}${p.mo}${p.d}${pad2(p.h)}${p.mi}${p.s}">
<meta property="og:article:author" content="${escapeHtml(a.outlet)}">
<meta name="article:media_name" content="${escapeHtml(a.outlet)}">
<link rel="canonical" href="${a.url}">
<link rel="stylesheet" href="https://t1.daumcdn.net/kas/static/news/css/news_view.min.css">
</head>
<body>
<div id="kakaoIndex"><a href="#kakaoBody">본문 바로가기</a><a href="#kakaoGnb">메뉴 바로가기</a></div>
<div class="container-doc">
<header id="kakaoHead" class="doc-header">
  <div class="inner-header"><h1 class="doc-title"><a href="https://www.daum.net/" class="link_daum">Daum</a><a href="https://news.daum.net/" class="link_news">뉴스</a></h1>
  <nav id="kakaoGnb" class="gnb_comm"><ul class="list_gnb"><li><a href="https://news.daum.net/">홈</a></li><li><a href="https://news.daum.net/society">사회</a></li><li><a href="https://news.daum.net/politics">정치</a></li><li><a href="https://news.daum.net/economic">경제</a></li><li><a href="https://news.daum.net/foreign">국제</a></li><li><a href="https://news.daum.net/culture">문화</a></li><li><a href="https://news.daum.net/digital">IT</a></li><li><a href="https://news.daum.net/ranking/popular">랭킹</a></li><li><a href="https://news.daum.net/series">연재</a></li><li><a href="https://news.daum.net/factcheck">팩트체크</a></li></ul></nav></div>
</header>
<main class="doc-main">
<article id="kakaoContent" class="cont-article">
  <div class="main-content">
    <div class="head_view">
      <em class="info_cp"><a href="${OUTLET_HOSTS[a.outlet] ?? "https://news.daum.net/"}" class="link_cp" target="_blank"><img src="https://t1.daumcdn.net/media/news/news2016/cp/cp_logo_${key.slice(-3)}.gif" class="thumb_g" alt="${escapeHtml(a.outlet)}"></a></em>
      <h3 class="tit_view" data-translation="true">${escapeHtml(a.title)}</h3>
      <span class="info_view"><span class="txt_info">${escapeHtml(a.reporter)} 기자</span><span class="txt_info">입력 <span class="num_date">${daumVisible(a.published)}</span></span>${modified}</span>
      <div class="util_view">
        <button type="button" class="btn_util btn_cmt"><span class="ico_view">댓글</span><span class="num_cmt">0</span></button>
        <button type="button" class="btn_util btn_summary"><span class="ico_view">요약보기</span></button>
        <button type="button" class="btn_util btn_tts"><span class="ico_view">음성으로 듣기</span></button>
        <div class="layer_util layer_translate"><button type="button" class="btn_translate">번역<span class="txt_beta">beta</span></button><span class="txt_translate">Translated by <span class="txt_kakaoi">kaka i</span></span></div>
        <div class="layer_util layer_size"><strong class="tit_layer">글자크기 설정</strong><ul class="list_size"><li>가</li><li>가</li><li>가</li><li>가</li><li>가</li></ul><p class="desc_size">파란원을 좌우로 움직이시면 글자크기가 변경 됩니다.</p></div>
        <button type="button" class="btn_util btn_share"><span class="ico_view">공유</span></button>
        <button type="button" class="btn_util btn_print"><span class="ico_view">인쇄하기</span></button>
      </div>
    </div>
    <div class="news_view fs_type1">
      <div class="article_view" data-translation-body="true" data-tiara-layer="article_body" data-tiara-action-name="본문이미지확대_클릭">
${summary}        <section dmcf-sid="${key}">
${blocks.join("\n")}
        </section>
      </div>
      <p class="txt_copyright">Copyright © ${escapeHtml(a.outlet)}. 무단전재 및 재배포 금지.</p>
    </div>
    <div class="foot_view"><div class="emotion_wrap"><strong class="screen_out">이 기사에 대한 감정</strong><span>추천해요</span><span>좋아요</span><span>감동이에요</span><span>화나요</span><span>슬퍼요</span></div>
      <div class="news_cmt_wrap"><p class="txt_cmt">이 기사에 대한 댓글 서비스는 타임톡으로 바뀔 예정입니다.</p></div>
    </div>
    <div class="box_related"><h4 class="tit_related">관련 뉴스</h4><ul class="list_related">
${related}
    </ul></div>
  </div>
  <aside class="aside_g">
    <div class="box_ad"><ins class="kakao_ad_area" data-ad-unit="DAN-news-view-right" data-ad-width="300" data-ad-height="250"></ins></div>
    <div class="box_rank"><h4 class="tit_rank">많이 본 뉴스</h4><ol class="list_rank">
${ranking}
    </ol></div>
  </aside>
</article>
</main>
<footer id="kakaoFoot" class="doc-footer">
  <div class="inner_foot"><ul class="list_info"><li><a href="https://policy.daum.net/news">뉴스 운영원칙</a></li><li><a href="https://policy.daum.net/privacy">개인정보처리방침</a></li><li><a href="https://cs.daum.net/faq/63.html">고객센터</a></li></ul>
  <p class="txt_notice">다음뉴스 기사배열 책임자: 김희정 / 청소년보호책임자: 이정희</p>
  <small class="txt_copyright">© Kakao Corp.</small></div>
</footer>
</div>
<script src="https://t1.daumcdn.net/kas/static/news/js/news_view.min.js"></script>
</body>
</html>
`;
}

const HANKYUNG_CHROME = ["기사 스크랩", "공유", "댓글", "클린뷰", "프린트"];

function hankyungPage(a: Article, ctx: PageContext): string {
  const lines: string[] = [];
  const credit = a.outlet === "연합뉴스" ? "연합뉴스" : "한국경제";
  const paragraphHtml = (): string[] => {
    const out: string[] = [];
    a.paragraphs.forEach((paragraph, index) => {
      for (const photo of a.photos) {
        if (photo.at !== index) continue;
        out.push(
          `<figure class="article-figure"><div class="figure-img"><img src="https://img.hankyung.com/photo/202210/${a.url.slice(-8, -4)}${index}.jpg" alt="${escapeHtml(photo.caption)}"></div><figcaption class="figure-caption">${escapeHtml(photo.caption)}</figcaption></figure>`,
        );
      }
      out.push(escapeHtml(paragraph));
      if (index === 2)
        out.push(
          `<div class="ad-wrap ad-article-mid"><ins class="adsbygoogle" data-ad-slot="5122436789"></ins><span class="ad-label">AD</span></div>`,
        );
    });
    return out;
  };
  if (a.column) {
    // The seed-style column: series label, headline and sub-headlines, body and byline, then the page's
    // clean-view copy of the same, separated by the toolbar's chrome lines.
    const block = (): string =>
      [
        `<div class="column-series">${escapeHtml(a.column?.series ?? "")}</div>`,
        `<div class="summary">${[...a.summary, ...a.summary].map(escapeHtml).join("<br>")}</div>`,
        paragraphHtml().join("<br><br>"),
        `<div class="reporter-line">${escapeHtml(a.column?.reporterLine ?? "")}</div>`,
      ].join("\n");
    const chrome = HANKYUNG_CHROME.map((c) => `<span class="util-item">${c}</span>`).join(
      `<span class="util-bar">-</span>`,
    );
    lines.push(
      block(),
      `<div class="util-copy"><span class="util-bar">-</span>${chrome}</div>`,
      `<div class="cleanview-copy">`,
      `<h2 class="headline">${escapeHtml(a.title)}</h2>`,
      block(),
      `</div>`,
    );
  } else {
    if (a.summary.length) lines.push(`<div class="summary">${a.summary.map(escapeHtml).join("<br>")}</div>`);
    const byline =
      credit === "연합뉴스" ? escapeHtml(a.email) : `${escapeHtml(a.reporter)} 기자 ${escapeHtml(a.email)}`;
    lines.push([...paragraphHtml(), byline].join("<br><br>"));
  }
  const charsetMeta =
    a.charset === "euc-kr"
      ? `<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">`
      : `<meta charset="utf-8">`;
  const modified = a.modified
    ? `<span class="item"><span class="txt">수정</span><span class="txt-date">${hankyungVisible(a.modified)}</span></span>`
    : "";
  const related = ctx.related
    .slice(0, 4)
    .map(
      (r) =>
        `<li class="news-item"><h3 class="news-tit"><a href="${r.canonical}">${escapeHtml(r.title)}</a></h3></li>`,
    )
    .join("\n");
  const ranking = ctx.noise
    .slice(0, 5)
    .map((n, i) => `<li><span class="num">${i + 1}</span><a href="${n.url}">${escapeHtml(n.title)}</a></li>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="ko">
<head>
${charsetMeta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(a.title)} | 한국경제</title>
<meta name="description" content="${escapeHtml(snippet(a, 120))}">
<meta property="og:site_name" content="한국경제">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(a.title)}">
<meta property="og:url" content="${a.url}">
<meta property="og:image" content="https://img.hankyung.com/photo/202210/01.${a.url.slice(-8)}.1.jpg">
<meta property="article:published_time" content="${isoKst(a.published)}">
${a.modified ? `<meta property="article:modified_time" content="${isoKst(a.modified)}">\n` : ""}<meta property="article:section" content="${escapeHtml(a.section)}">
<meta name="author" content="${escapeHtml(a.reporter)}">
<link rel="canonical" href="${a.url}">
<link rel="stylesheet" href="https://static.hankyung.com/css/www/w/common.article.css?v=202210">
</head>
<body>
<div id="wrap">
<header id="header" class="header">
  <div class="header-inner"><h1 class="logo"><a href="https://www.hankyung.com/">한국경제</a></h1>
  <nav class="gnb"><ul><li><a href="https://www.hankyung.com/economy">경제</a></li><li><a href="https://www.hankyung.com/financial-market">증권</a></li><li><a href="https://www.hankyung.com/realestate">부동산</a></li><li><a href="https://www.hankyung.com/industry">산업</a></li><li><a href="https://www.hankyung.com/it">IT·과학</a></li><li><a href="https://www.hankyung.com/politics">정치</a></li><li><a href="https://www.hankyung.com/society">사회</a></li><li><a href="https://www.hankyung.com/international">국제</a></li><li><a href="https://www.hankyung.com/opinion">오피니언</a></li></ul></nav>
  <div class="util"><a href="https://member.hankyung.com/login">로그인</a><a href="https://www.hankyung.com/subscribe">구독신청</a></div></div>
</header>
<main id="container">
<div class="article-wrap">
  <div class="article-header">
    <div class="article-tit-wrap"><span class="sub-category">${escapeHtml(a.section)}</span><h1 class="headline">${escapeHtml(a.title)}</h1></div>
    <div class="article-timestamp"><div class="datetime"><span class="item"><span class="txt">입력</span><span class="txt-date">${hankyungVisible(a.published)}</span></span>${modified}</div></div>
    <div class="article-util"><ul>${HANKYUNG_CHROME.map((c) => `<li><button type="button" class="btn-util">${c}</button></li>`).join("")}</ul></div>
  </div>
  <div class="article-body-wrap">
    <div class="article-body" id="articletxt" itemprop="articleBody">
${lines.join("\n")}
    </div>
    <div class="article-copyright">ⓒ 한국경제신문 &amp; hankyung.com, 무단전재 및 재배포 금지</div>
    <div class="article-bottom-ad"><ins class="adsbygoogle" data-ad-slot="8124501234"></ins></div>
  </div>
  <section class="related-news"><h2 class="title">관련 뉴스</h2><ul class="news-list">
${related}
  </ul></section>
  <aside class="aside"><section class="popular-news"><h2 class="title">많이 본 뉴스</h2><ol>
${ranking}
  </ol></section></aside>
</div>
</main>
<footer id="footer" class="footer">
  <div class="footer-inner"><ul class="footer-menu"><li><a href="https://www.hankyung.com/help/company">회사소개</a></li><li><a href="https://www.hankyung.com/help/privacy">개인정보처리방침</a></li><li><a href="https://www.hankyung.com/help/youth">청소년보호정책</a></li></ul>
  <p class="copyright">한국경제신문 서울특별시 중구 청파로 463 | 한경닷컴 All rights reserved.</p></div>
</footer>
</div>
<script src="https://static.hankyung.com/js/www/w/article.js?v=202210"></script>
</body>
</html>
`;
}

function yonhapPage(a: Article, ctx: PageContext): string {
  const day = parts(a.published, KST_OFFSET_MS).d;
  const blocks: string[] = [];
  a.paragraphs.forEach((paragraph, index) => {
    for (const photo of a.photos) {
      if (photo.at !== index) continue;
      blocks.push(
        `<div class="comp-box photo-group"><figure class="image-zone"><span class="img-con"><span class="img"><img src="https://img3.yna.co.kr/photo/yna/YH/2022/10/${day}/PYH202210${day}${a.url.slice(-6, -3)}00001${index}_T2.jpg" alt="${escapeHtml(photo.caption.slice(0, 30))}"></span></span><figcaption><p class="desc">${escapeHtml(photo.caption)}</p></figcaption></figure></div>`,
      );
    }
    blocks.push(`<p>${escapeHtml(paragraph)}</p>`);
  });
  const related = ctx.related
    .slice(0, 4)
    .map(
      (r) =>
        `<li><a href="${r.url}"><strong class="tit">${escapeHtml(r.title)}</strong></a><span class="txt-time">${kstStamp(r.published, false).slice(5)}</span></li>`,
    )
    .join("\n");
  const ranking = ctx.noise
    .slice(0, 5)
    .map(
      (n, i) =>
        `<li><em class="rank">${i + 1}</em><a href="${n.url}" class="tit-wrap"><strong class="tit-news">${escapeHtml(n.title)}</strong></a></li>`,
    )
    .join("\n");
  const stamp = kstStamp(a.published, false);
  return `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=1280">
<title>${escapeHtml(a.title)} | 연합뉴스</title>
<meta name="description" content="${escapeHtml(snippet(a, 120))}">
<meta property="og:site_name" content="연합뉴스">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeHtml(a.title)}">
<meta property="og:url" content="${a.url}">
<meta property="article:published_time" content="${isoKst(a.published)}">
<meta property="article:section" content="${escapeHtml(a.section)}">
<link rel="canonical" href="${a.url}">
<link rel="stylesheet" href="https://r.yna.co.kr/www/home/v01/css/view.css?v=20221014">
</head>
<body>
<div id="skipNav"><a href="#container">본문 바로가기</a></div>
<header id="header" class="header-wrap">
  <div class="header-inner"><h1 class="logo"><a href="https://www.yna.co.kr/">연합뉴스</a></h1>
  <nav class="nav-wrap"><ul class="nav-menu"><li><a href="https://www.yna.co.kr/news">최신기사</a></li><li><a href="https://www.yna.co.kr/politics/all">정치</a></li><li><a href="https://www.yna.co.kr/nk/index">북한</a></li><li><a href="https://www.yna.co.kr/economy/all">경제</a></li><li><a href="https://www.yna.co.kr/market-plus/all">마켓+</a></li><li><a href="https://www.yna.co.kr/industry/all">산업</a></li><li><a href="https://www.yna.co.kr/society/all">사회</a></li><li><a href="https://www.yna.co.kr/local/all">전국</a></li><li><a href="https://www.yna.co.kr/international/all">세계</a></li><li><a href="https://www.yna.co.kr/culture/all">문화</a></li><li><a href="https://www.yna.co.kr/opinion/all">오피니언</a></li></ul></nav></div>
</header>
<div id="container">
<div class="container">
<div class="content03">
  <header class="title-article01">
    <p class="txt-news-cate"><a href="https://www.yna.co.kr/industry/all">${escapeHtml(a.section)}</a></p>
    <h1 class="tit">${escapeHtml(a.title)}</h1>
    <p class="update-time" data-published-time="${stamp}">송고시간<span class="txt-time">${stamp}</span></p>
  </header>
  <div class="share-info"><div class="share-zone"><button type="button" class="btn-type01 share">공유</button><button type="button" class="btn-type01 cmt">댓글</button><button type="button" class="btn-type01 font">글자크기조정</button><button type="button" class="btn-type01 print">인쇄</button></div></div>
  <div class="writer-zone01"><strong class="tit-name"><a href="https://www.yna.co.kr/reporter/index?name=${encodeURIComponent(a.reporter)}">${escapeHtml(a.reporter)} 기자</a></strong></div>
  <article class="story-news article">
${blocks.join("\n")}
    <p class="adrs">${escapeHtml(a.email)}</p>
    <p class="txt-copyright adrs">제보는 카카오톡 okjebo<br>&lt;저작권자(c) 연합뉴스, 무단 전재-재배포 금지&gt;<br>${stamp.replace(/-/g, "/")} 송고</p>
  </article>
  <div class="keyword-zone"><strong class="tit">키워드</strong><ul class="list"><li><a href="https://www.yna.co.kr/search/index?query=%23카카오">#카카오</a></li><li><a href="https://www.yna.co.kr/search/index?query=%23데이터센터">#데이터센터</a></li></ul></div>
  <div class="comp-box related-zone"><strong class="tit-related">관련 뉴스</strong><ul class="list">
${related}
  </ul></div>
</div>
<aside class="aside-box">
  <div class="aside-ad"><iframe src="https://ad.yna.co.kr/adv/adv.php?zone=view_right" title="광고" width="300" height="250"></iframe></div>
  <section class="box-most-viewed"><h2 class="tit-box">많이 본 뉴스</h2><ol>
${ranking}
  </ol></section>
</aside>
</div>
</div>
<footer id="footer"><div class="footer-inner"><ul class="menu"><li><a href="https://www.yna.co.kr/help/company">회사소개</a></li><li><a href="https://www.yna.co.kr/help/privacy">개인정보처리방침</a></li></ul><p class="copyright">Copyright (c) Yonhapnews Agency. All rights reserved.</p></div></footer>
<script src="https://r.yna.co.kr/www/home/v01/js/view.js?v=20221014"></script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------
// Feeds and search responses

interface FeedEntry {
  title: string;
  url: string;
  description: string;
  published: Date;
  outlet: string;
  author?: string;
}

function entryOf(a: Article): FeedEntry {
  return {
    title: a.title,
    url: a.listed,
    description: snippet(a, 140),
    published: a.published,
    outlet: a.outlet,
    author: a.reporter,
  };
}

function entryOfListed(item: ListedItem): FeedEntry {
  return {
    title: item.title,
    url: item.url,
    description: item.description,
    published: kst(item.published),
    outlet: item.outlet,
  };
}

const byNewest = (x: { published: Date }, y: { published: Date }) =>
  y.published.getTime() - x.published.getTime();

function hankyungFeed(entries: FeedEntry[], builtAt: Date): string {
  const items = [...entries].sort(byNewest).map(
    (e) => `<item>
<title>${cdata(e.title)}</title>
<link>${escapeXml(e.url)}</link>
<guid isPermaLink="true">${escapeXml(e.url)}</guid>
<author>${cdata(e.author ? `${e.author} 기자` : e.outlet)}</author>
<pubDate>${rfc822(e.published, "+0900")}</pubDate>
<description>${cdata(e.description)}</description>
<media:thumbnail url="https://img.hankyung.com/photo/202210/${e.url.slice(-8)}.jpg"/>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>한국경제 | IT</title>
<link>https://www.hankyung.com/it</link>
<description>한국경제 IT 뉴스</description>
<language>ko</language>
<copyright>Copyright ⓒ 한국경제신문. All Rights Reserved.</copyright>
<lastBuildDate>${rfc822(builtAt, "+0900")}</lastBuildDate>
<image><url>https://static.hankyung.com/img/logo/logo-news-sky.png</url><title>한국경제</title><link>https://www.hankyung.com</link></image>
${items.join("\n")}
</channel>
</rss>
`;
}

function yonhapFeed(entries: FeedEntry[], builtAt: Date): string {
  const items = [...entries].sort(byNewest).map(
    (e) => `    <item>
      <title>${cdata(e.title)}</title>
      <link>${escapeXml(e.url)}</link>
      <description>${cdata(e.description)}</description>
      <pubDate>${rfc822(e.published, "+0900")}</pubDate>
      <guid isPermaLink="false">${escapeXml(e.url.slice(e.url.lastIndexOf("/") + 1))}</guid>
      <dc:creator>${cdata(e.author ?? e.outlet)}</dc:creator>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>연합뉴스 산업</title>
    <link>https://www.yna.co.kr/industry/all</link>
    <description>연합뉴스 산업 기사 RSS</description>
    <language>ko</language>
    <copyright>Copyright (c) Yonhapnews Agency. All rights reserved.</copyright>
    <pubDate>${rfc822(builtAt, "+0900")}</pubDate>
${items.join("\n")}
  </channel>
</rss>
`;
}

interface NaverSearchItem {
  title: string;
  originallink: string;
  link: string;
  description: string;
  pubDate: string;
}

function naverSearchJson(items: NaverSearchItem[], builtAt: Date, total: number): string {
  const json = JSON.stringify(
    { lastBuildDate: rfc822(builtAt, "+0900"), total, start: 1, display: items.length, items },
    null,
    "\t",
  );
  // The API escapes every slash; "/" only ever occurs inside strings here, so this is safe.
  return `${json.replace(/\//g, "\\/")}\n`;
}

function googleArticleId(url: string): string {
  const digest = Buffer.from(sha256Hex(url), "hex").toString("base64url");
  return `CBMi${digest}0gEA`;
}

function googleNewsFeed(query: string, entries: { entry: FeedEntry; link: string }[], builtAt: Date): string {
  const q = `${query} after:${GOOGLE_AFTER} before:${GOOGLE_BEFORE}`;
  const items = entries.map(({ entry, link }) => {
    const id = link.slice(link.lastIndexOf("/") + 1, link.indexOf("?"));
    const host = OUTLET_HOSTS[entry.outlet] ?? "https://news.daum.net";
    const title = `${entry.title} - ${entry.outlet}`;
    // The description is HTML inside XML: escaped once as HTML, then once more as XML text.
    const description = `<a href="${link}" target="_blank">${escapeHtml(entry.title)}</a>&nbsp;&nbsp;<font color="#6f6f6f">${escapeHtml(entry.outlet)}</font>`;
    return `<item><title>${escapeHtml(title)}</title><link>${escapeHtml(link)}</link><guid isPermaLink="false">${id}</guid><pubDate>${rfc822(entry.published, "GMT")}</pubDate><description>${escapeHtml(description)}</description><source url="${host}">${escapeHtml(entry.outlet)}</source></item>`;
  });
  const params = new URLSearchParams({ q, hl: "ko", gl: "KR", ceid: "KR:ko" });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>"${escapeXml(q)}" - Google 뉴스</title><link>https://news.google.com/search?${escapeXml(params.toString())}</link><language>ko</language><webMaster>news-webmaster@google.com</webMaster><copyright>2022 Google Inc.</copyright><lastBuildDate>${rfc822(builtAt, "GMT")}</lastBuildDate><description>Google 뉴스</description>${items.join("")}</channel></rss>`;
}

// ---------------------------------------------------------------------------------------------------------
// Naver comments

interface BuiltComment {
  commentNo: number;
  parentCommentNo: number;
  replyLevel: 1 | 2;
  replyCount: number;
  text: string;
  at: Date;
  user: { idNo: string; masked: string };
  sympathy: number;
  antipathy: number;
  best: boolean;
  deleted: boolean;
  hidden: boolean;
}

const USER_PREFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_NO_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Common Korean id prefixes, so masked names look like the site's (`kaka****`, `dlwl****`). */
const ID_PREFIXES = [
  "kaka",
  "dlwl",
  "rlaw",
  "qkrt",
  "tjdw",
  "wlsd",
  "ghkd",
  "alsw",
  "ehdd",
  "sksm",
  "jung",
  "kimm",
  "park",
  "lees",
  "choi",
  "hong",
  "sunn",
  "moon",
  "star",
  "blue",
  "nabo",
  "happ",
  "dkss",
  "rkdd",
  "wjdg",
];

function makeUsers(rng: () => number, count: number): { idNo: string; masked: string }[] {
  const users: { idNo: string; masked: string }[] = [];
  for (let i = 0; i < count; i++) {
    const prefix =
      rng() < 0.5
        ? (ID_PREFIXES[Math.floor(rng() * ID_PREFIXES.length)] ?? "user")
        : Array.from(
            { length: 4 },
            () => USER_PREFIX_CHARS[Math.floor(rng() * USER_PREFIX_CHARS.length)],
          ).join("");
    const idNo = Array.from({ length: 5 }, () => ID_NO_CHARS[Math.floor(rng() * ID_NO_CHARS.length)]).join(
      "",
    );
    users.push({ idNo, masked: `${prefix}****` });
  }
  return users;
}

/** Spreads an article's comments from shortly after publication to the window end, most of them early. */
function buildComments(
  seeds: CommentSeed[],
  published: Date,
  rng: () => number,
  users: { idNo: string; masked: string }[],
): BuiltComment[] {
  const start = published.getTime() + 4 * 60_000;
  const span = COMMENT_WINDOW_END.getTime() - start;
  // Exponent > 1 front-loads comments: most arrive in the first day, as on a news site.
  const FRONT_LOAD = 2.6;
  const pickUser = () => users[Math.floor(rng() ** 1.7 * users.length)] ?? users[0]!;
  const out: BuiltComment[] = [];
  seeds.forEach((seed, index) => {
    const fraction = (index + rng() * 0.8) / seeds.length;
    const at = new Date(start + Math.floor(span * fraction ** FRONT_LOAD));
    const heavy = seed.flags.has("best");
    const sympathy = heavy ? 800 + Math.floor(rng() * 2400) : Math.floor(rng() ** 3 * 420);
    const comment: BuiltComment = {
      commentNo: 0,
      parentCommentNo: 0,
      replyLevel: 1,
      replyCount: seed.replies.length,
      text: seed.text,
      at,
      user: pickUser(),
      sympathy,
      antipathy: Math.floor(rng() ** 2.5 * (sympathy * 0.4 + 30)),
      best: heavy,
      deleted: seed.flags.has("deleted"),
      hidden: seed.flags.has("hidden"),
    };
    out.push(comment);
    let replyAt = at.getTime();
    for (const reply of seed.replies) {
      replyAt += 60_000 + Math.floor(rng() * 5 * 3600_000);
      const when = new Date(Math.min(replyAt, COMMENT_WINDOW_END.getTime()));
      const replySympathy = Math.floor(rng() ** 2 * 90);
      out.push({
        commentNo: 0,
        parentCommentNo: -1,
        replyLevel: 2,
        replyCount: 0,
        text: reply.text,
        at: when,
        user: pickUser(),
        sympathy: replySympathy,
        antipathy: Math.floor(rng() ** 2 * 40),
        best: false,
        deleted: reply.flags.has("deleted"),
        hidden: reply.flags.has("hidden"),
      });
    }
  });
  return out;
}

function commentJson(c: BuiltComment, objectId: string): Record<string, unknown> {
  const reg = naverCommentTime(c.at, "+0900");
  const regGmt = naverCommentTime(c.at, "+0000");
  return {
    ticket: "news",
    objectId,
    categoryId: "*",
    templateId: "view_it",
    commentNo: c.commentNo,
    parentCommentNo: c.parentCommentNo,
    replyLevel: c.replyLevel,
    replyCount: c.replyCount,
    replyAllCount: c.replyCount,
    replyPreviewNo: null,
    replyList: null,
    imageCount: 0,
    imageList: null,
    commentType: "txt",
    stickerId: null,
    sticker: null,
    sortValue: c.at.getTime(),
    contents: c.deleted ? "" : c.text,
    userIdNo: c.user.idNo,
    exposedUserIp: null,
    lang: "ko",
    country: "KR",
    idType: "naver",
    idProvider: "naver",
    userName: c.user.masked,
    userProfileImage: "https://ssl.pstatic.net/static/newsstand/up/2013/0813/nsd114029379.gif",
    profileType: "naver",
    modTime: reg,
    modTimeGmt: regGmt,
    regTime: reg,
    regTimeGmt: regGmt,
    sympathyCount: c.sympathy,
    antipathyCount: c.antipathy,
    userBlind: false,
    hideReplyButton: false,
    status: c.deleted ? 1 : 0,
    mine: false,
    best: c.best,
    mentions: null,
    toUser: null,
    userStatus: 0,
    categoryImage: null,
    open: false,
    levelCode: null,
    grades: null,
    sympathy: false,
    antipathy: false,
    snsList: null,
    metaInfo: null,
    extension: null,
    audioInfoList: null,
    translation: null,
    report: null,
    middleBlindReport: false,
    spamInfo: null,
    userHomepageUrl: null,
    defamation: false,
    hiddenPost: false,
    profileUserId: null,
    maskedUserId: c.user.masked,
    maskedUserName: `${c.user.masked.slice(0, 2)}**`,
    validateBanWords: false,
    deleted: c.deleted,
    expose: !c.deleted && !c.hidden,
    exposeByCountry: false,
    virtual: false,
    anonymous: false,
    blindReport: false,
    secret: false,
    containHateSpeech: c.hidden,
    hiddenByCleanbot: c.hidden,
    visible: !c.deleted && !c.hidden,
    manager: false,
  };
}

function commentPages(comments: BuiltComment[], objectId: string, servedAt: Date): string[] {
  const newestFirst = [...comments].sort(
    (x, y) => y.at.getTime() - x.at.getTime() || y.commentNo - x.commentNo,
  );
  const totalPages = Math.max(1, Math.ceil(newestFirst.length / COMMENT_PAGE_SIZE));
  const replies = comments.filter((c) => c.replyLevel === 2).length;
  const deleted = comments.filter((c) => c.deleted).length;
  const pages: string[] = [];
  for (let page = 1; page <= totalPages; page++) {
    const slice = newestFirst.slice((page - 1) * COMMENT_PAGE_SIZE, page * COMMENT_PAGE_SIZE);
    const result = {
      commentList: slice.map((c) => commentJson(c, objectId)),
      pageModel: {
        page,
        pageSize: COMMENT_PAGE_SIZE,
        indexSize: 10,
        startRow: (page - 1) * COMMENT_PAGE_SIZE + 1,
        endRow: (page - 1) * COMMENT_PAGE_SIZE + slice.length,
        totalRows: newestFirst.length,
        startIndex: (page - 1) * COMMENT_PAGE_SIZE,
        totalPages,
        firstPage: 1,
        prevPage: page > 1 ? page - 1 : 0,
        nextPage: page < totalPages ? page + 1 : 0,
        lastPage: totalPages,
        current: null,
        threshold: null,
        moveToLastPage: false,
        moveToComment: false,
        moveToLastPrev: false,
      },
      count: {
        comment: comments.length - replies,
        reply: replies,
        exposeCount: comments.length - deleted,
        delCommentByUser: deleted,
        delCommentByMon: 0,
        blindCommentByUser: 0,
        blindReplyByUser: 0,
        total: comments.length,
      },
      // Best comments repeat inside `bestList` on the first page, as on the site: a parser must key by id.
      bestList: page === 1 ? comments.filter((c) => c.best).map((c) => commentJson(c, objectId)) : [],
      listStatus: "current",
      sort: "NEW",
      config: { useBest: true, useSympathy: true, useAntipathy: true, useCommentSort: true, maxLength: 300 },
      exposureConfig: { reason: null, status: "COMMENT_ON" },
      objectId,
    };
    const payload = {
      success: true,
      code: "1000",
      message: "요청을 성공적으로 처리하였습니다.",
      lang: "ko",
      country: "KR",
      result,
      date: naverCommentTime(servedAt, "+0000"),
    };
    pages.push(`_yeoron(${JSON.stringify(payload)});`);
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------------------
// Robots

const ROBOTS: Record<string, string> = {
  "n.news.naver.com":
    "User-agent: *\nDisallow: /mnews/article/comment/\nDisallow: /my/\nAllow: /mnews/article/\nAllow: /article/\n",
  "apis.naver.com": "User-agent: *\nAllow: /commentBox/cbox/web_naver_list_jsonp.json\nDisallow: /\n",
  "openapi.naver.com": "User-agent: *\nAllow: /v1/search/\nDisallow: /\n",
  "v.daum.net": "User-agent: *\nDisallow: /v/*/comment\nAllow: /v/\n",
  "www.hankyung.com":
    "User-agent: *\nDisallow: /search/\nDisallow: /member/\nAllow: /\n\nSitemap: https://www.hankyung.com/sitemap/latest-article\n",
  "www.yna.co.kr":
    "User-agent: *\nDisallow: /search/\nDisallow: /member/\nAllow: /\n\nUser-agent: GPTBot\nDisallow: /\n",
  "news.google.com": "User-agent: *\nDisallow: /search\nAllow: /rss/\nAllow: /rss/articles/\n",
};

// ---------------------------------------------------------------------------------------------------------
// Manifest

interface ManifestEntry {
  kind: "robots" | "feed" | "search" | "article" | "comments" | "prices";
  sourceId: string;
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body?: string;
  fetchedAt: string;
}

class Recorder {
  readonly entries: ManifestEntry[] = [];
  readonly files = new Map<string, Uint8Array>();
  private clock = RECORDING_START.getTime();

  /** The instant the next response is recorded; responses are a few seconds apart, in recording order. */
  next(): Date {
    const at = new Date(this.clock);
    this.clock += 3_000;
    return at;
  }

  record(
    entry: Omit<ManifestEntry, "fetchedAt" | "finalUrl" | "headers"> & {
      headers?: Record<string, string>;
      finalUrl?: string;
    },
    bytes?: Uint8Array,
  ): Date {
    const at = this.next();
    const headers = { date: httpDate(at), ...(entry.headers ?? {}) };
    const out: ManifestEntry = {
      ...entry,
      finalUrl: entry.finalUrl ?? entry.url,
      headers,
      fetchedAt: at.toISOString(),
    };
    if (bytes && entry.body) this.files.set(entry.body, bytes);
    if (!bytes) delete out.body;
    this.entries.push(out);
    return at;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function encodeStrict(text: string, charset: "utf-8" | "euc-kr"): Uint8Array {
  if (charset === "utf-8") return utf8(text);
  const bytes = iconv.encode(text, "cp949");
  if (iconv.decode(bytes, "cp949") !== text) throw new Error("text has characters that CP949 cannot encode");
  return new Uint8Array(bytes);
}

// ---------------------------------------------------------------------------------------------------------
// Build

export interface BuildStats {
  articles: number;
  bySite: Record<string, number>;
  comments: number;
  commentFiles: number;
  manifestEntries: number;
  bytes: number;
}

export function buildSample(contentDir: string, outDir: string): BuildStats {
  const { articles, offTopic, lost } = loadArticles(contentDir);
  const commentSeeds = loadComments(contentDir);
  const rng = makeRng(20221015);
  const users = makeUsers(rng, 420);
  const recorder = new Recorder();

  for (const a of articles) {
    if (!matchesTopic(`${a.title} ${snippet(a, 140)}`))
      throw new Error(`${a.id}: title/description match no topic`);
  }
  for (const item of [...offTopic, ...lost]) {
    const onTopic = matchesTopic(`${item.title} ${item.description}`);
    if (offTopic.includes(item) && onTopic) throw new Error(`off-topic item matches a topic: ${item.title}`);
    if (lost.includes(item) && !onTopic) throw new Error(`lost item must be on topic: ${item.title}`);
  }

  // robots.txt first, for every host the crawl touches.
  const robotsSources: Record<string, string> = {
    "www.hankyung.com": "hankyung-it",
    "www.yna.co.kr": "yonhap-industry",
    "openapi.naver.com": "naver-search",
    "news.google.com": "google-news",
    "n.news.naver.com": "naver-search",
    "v.daum.net": "google-news",
    "apis.naver.com": "naver-comments",
  };
  for (const [host, sourceId] of Object.entries(robotsSources)) {
    const text = ROBOTS[host];
    if (!text) throw new Error(`no robots for ${host}`);
    recorder.record(
      {
        kind: "robots",
        sourceId,
        url: `https://${host}/robots.txt`,
        status: 200,
        headers: { "content-type": "text/plain" },
        body: `bodies/robots/${host}.txt`,
      },
      utf8(text),
    );
  }

  // Feeds.
  const feedOf = (sourceId: string) => [
    ...articles.filter((a) => a.discovered.includes(sourceId)).map(entryOf),
    ...offTopic.filter((o) => o.source === sourceId).map(entryOfListed),
  ];
  const builtAt = RECORDING_START;
  recorder.record(
    {
      kind: "feed",
      sourceId: "hankyung-it",
      url: HANKYUNG_FEED,
      status: 200,
      headers: {
        "content-type": "application/rss+xml; charset=UTF-8",
        etag: 'W/"6a1f-2022102908"',
        "last-modified": httpDate(new Date("2022-10-28T22:58:00Z")),
      },
      body: "bodies/feeds/hankyung-it.xml",
    },
    utf8(hankyungFeed(feedOf("hankyung-it"), builtAt)),
  );
  recorder.record(
    {
      kind: "feed",
      sourceId: "yonhap-industry",
      url: YONHAP_FEED,
      status: 200,
      headers: {
        "content-type": "text/xml; charset=utf-8",
        etag: '"635c7e1a-4b2e"',
        "last-modified": httpDate(new Date("2022-10-28T23:40:00Z")),
      },
      body: "bodies/feeds/yonhap-industry.xml",
    },
    utf8(yonhapFeed(feedOf("yonhap-industry"), builtAt)),
  );

  // Naver Search: one response per query (display=100, start=1 holds every result here).
  NAVER_QUERIES.forEach((query, q) => {
    const tag = `naver-search:${q + 1}`;
    const listed: NaverSearchItem[] = [];
    const rows: { published: Date; item: NaverSearchItem }[] = [];
    for (const a of articles.filter((x) => x.discovered.includes(tag))) {
      const originallink = a.original;
      rows.push({
        published: a.published,
        item: {
          title: naverHighlight(a.title, query),
          originallink,
          link: a.listed,
          description: naverHighlight(snippet(a, 90), query),
          pubDate: rfc822(a.published, "+0900"),
        },
      });
    }
    for (const o of [...offTopic, ...lost].filter((x) => x.source === tag)) {
      rows.push({
        published: kst(o.published),
        item: {
          title: naverHighlight(o.title, query),
          originallink: o.url,
          link: o.url,
          description: naverHighlight(o.description, query),
          pubDate: rfc822(kst(o.published), "+0900"),
        },
      });
    }
    for (const row of rows.sort(byNewest)) listed.push(row.item);
    recorder.record(
      {
        kind: "search",
        sourceId: "naver-search",
        url: naverSearchUrl(query),
        status: 200,
        headers: { "content-type": "application/json; charset=UTF-8" },
        body: `bodies/search/naver-${q + 1}.json`,
      },
      utf8(naverSearchJson(listed, builtAt, 2_000 + listed.length * 137)),
    );
  });

  // Google News: items redirect to the article pages.
  const googleLinks = new Map<string, string>();
  for (const query of GOOGLE_QUERIES) {
    const listed = [
      ...articles
        .filter((a) => a.discovered.includes("google-news"))
        .map((a) => ({ entry: entryOf(a), target: a.url as string | null })),
      ...offTopic
        .filter((o) => o.source === "google-news")
        .map((o) => ({ entry: entryOfListed(o), target: null })),
    ].sort((x, y) => byNewest(x.entry, y.entry));
    const withLinks = listed.map(({ entry, target }) => {
      const link = `https://news.google.com/rss/articles/${googleArticleId(entry.url)}?oc=5`;
      if (target) googleLinks.set(link, target);
      return { entry, link };
    });
    recorder.record(
      {
        kind: "search",
        sourceId: "google-news",
        url: googleNewsUrl(query),
        status: 200,
        headers: { "content-type": "application/xml; charset=utf-8" },
        body: "bodies/search/google-news-1.xml",
      },
      utf8(googleNewsFeed(query, withLinks, builtAt)),
    );
  }
  for (const [link, target] of googleLinks) {
    recorder.record({
      kind: "article",
      sourceId: "google-news",
      url: link,
      status: 302,
      headers: { location: target, "content-type": "text/html; charset=UTF-8" },
    });
  }

  // Comments are built before the pages so each Naver page can show its comment count.
  const builtComments = new Map<string, BuiltComment[]>();
  for (const a of articles) {
    if (a.site !== "naver") continue;
    const seeds = a.commentsKey ? commentSeeds.get(a.commentsKey) : [];
    if (!seeds) throw new Error(`${a.id}: no comment section ${a.commentsKey}`);
    builtComments.set(a.id, buildComments(seeds, a.published, rng, users));
  }
  for (const key of commentSeeds.keys()) {
    if (!articles.some((a) => a.commentsKey === key))
      throw new Error(`comment section ${key} has no article`);
  }
  // commentNo grows with time across the whole service; replies point at their parent's number.
  const everyComment = [...builtComments.values()].flat().sort((x, y) => x.at.getTime() - y.at.getTime());
  let commentNo = 3_612_400_000;
  for (const c of everyComment) {
    commentNo += 1 + Math.floor(rng() * 9_000);
    c.commentNo = commentNo;
  }
  for (const list of builtComments.values()) {
    let parent = 0;
    for (const c of list) {
      if (c.replyLevel === 1) {
        parent = c.commentNo;
        c.parentCommentNo = c.commentNo; // top-level comments name themselves as parent, as the API does
      } else c.parentCommentNo = parent;
    }
  }

  // Article pages.
  const noise = offTopic.filter((o) => o.source !== "google-news");
  for (const a of articles) {
    const ctx: PageContext = {
      related: articles.filter((r) => r.site === a.site && r.id !== a.id),
      noise: noise.slice(articles.indexOf(a) % 4),
      commentCount: builtComments.get(a.id)?.length ?? 0,
    };
    const html =
      a.site === "naver"
        ? naverPage(a, ctx)
        : a.site === "daum"
          ? daumPage(a, ctx)
          : a.site === "hankyung"
            ? hankyungPage(a, ctx)
            : yonhapPage(a, ctx);
    const name = a.url.slice(a.url.lastIndexOf("/") + 1).replace(/\?.*$/, "");
    const body = a.site === "naver" ? `bodies/naver/${a.oid}-${a.aid}.html` : `bodies/${a.site}/${name}.html`;
    const contentType = a.charset === "euc-kr" ? "text/html" : "text/html; charset=UTF-8";
    recorder.record(
      {
        kind: "article",
        sourceId: a.discovered[0]?.replace(/:\d+$/, "") ?? "sample",
        url: a.url,
        status: 200,
        headers: { "content-type": contentType, server: "nginx" },
        body,
      },
      encodeStrict(html, a.charset),
    );
  }

  // Comment pages, after the articles (the crawler asks for them once it has the article).
  let commentTotal = 0;
  let commentFiles = 0;
  for (const a of articles) {
    const list = builtComments.get(a.id);
    if (!list || !a.oid || !a.aid) continue;
    commentTotal += list.length;
    const objectId = `news${a.oid},${a.aid}`;
    const pages = commentPages(list, objectId, recorder.next());
    pages.forEach((jsonp, index) => {
      commentFiles++;
      recorder.record(
        {
          kind: "comments",
          sourceId: "naver-comments",
          url: naverCommentUrl(a.oid!, a.aid!, index + 1),
          status: 200,
          headers: { "content-type": "application/javascript;charset=utf-8" },
          body: `bodies/comments/${a.oid}-${a.aid}-p${index + 1}.js`,
        },
        utf8(jsonp),
      );
    });
  }

  // Write.
  for (const dir of ["bodies"]) rmSync(join(outDir, dir), { recursive: true, force: true });
  let bytes = 0;
  for (const [path, data] of recorder.files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, data);
    bytes += data.byteLength;
  }
  const manifest = `${recorder.entries.map((e) => JSON.stringify(e)).join("\n")}\n`;
  writeFileSync(join(outDir, "manifest.jsonl"), manifest);
  writeFileSync(join(outDir, "sources.yaml"), sourcesYaml());
  bytes += manifest.length;

  const bySite: Record<string, number> = {};
  for (const a of articles) bySite[a.site] = (bySite[a.site] ?? 0) + 1;
  return {
    articles: articles.length,
    bySite,
    comments: commentTotal,
    commentFiles,
    manifestEntries: recorder.entries.length,
    bytes,
  };
}

function sourcesYaml(): string {
  const list = (items: string[]) => items.map((i) => `      - ${i}`).join("\n");
  return `# Sources recorded in this sample (generated by scripts/build-sample.ts; edit that, not this file).
# \`yeoron crawl --replay data/sample --sources data/sample/sources.yaml\` asks for exactly the URLs in
# manifest.jsonl: the crawler builds the same search URLs from these base URLs and queries.

# Each keyword entry is a set of words that must all occur (spacing ignored) in an item's title or
# description; an item is followed when any set of any topic matches.
topics:
${TOPICS.map((t) => `  - id: ${t.id}\n    keywords:\n${t.keywords.map((k) => `      - ${k}`).join("\n")}`).join("\n")}

sources:
  - id: hankyung-it
    type: feed
    outlet: 한국경제
    url: ${HANKYUNG_FEED}
  - id: yonhap-industry
    type: feed
    outlet: 연합뉴스
    url: ${YONHAP_FEED}
  # Needs NAVER_CLIENT_ID / NAVER_CLIENT_SECRET when live; the replay answers without them.
  - id: naver-search
    type: naver-search
    queries:
${list(NAVER_QUERIES)}
    display: 100
    pages: 1
    sort: date
    baseUrl: ${NAVER_SEARCH_BASE}
  - id: google-news
    type: google-news
    queries:
${list(GOOGLE_QUERIES)}
    after: "${GOOGLE_AFTER}"
    before: "${GOOGLE_BEFORE}"
    baseUrl: ${GOOGLE_NEWS_BASE}

comments:
  naver:
    enabled: true
    baseUrl: ${COMMENT_BASE}
    pageSize: ${COMMENT_PAGE_SIZE}
    maxPages: 50
`;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const outDir = resolve(process.argv[2] ?? join(root, "data/sample"));
  const stats = buildSample(join(root, "data/sample/content"), outDir);
  console.log(JSON.stringify(stats));
}
