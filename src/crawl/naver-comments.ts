/**
 * Naver News comments (SITES.md "Naver News — comments"): which articles have a comment box, the URL of one
 * page of it, the JSONP unwrapper and the page parser. Pure functions; the runner does the fetching, with the
 * article URL as Referer on every request.
 */
import { createHash } from "node:crypto";
import { EXIT_FAILED, ParseError } from "../shared/errors.js";
import type { NewsComment } from "../shared/types.js";

export interface NaverArticleIds {
  /** Press (outlet) id, three digits. */
  oid: string;
  /** Article id within the outlet, ten digits. */
  aid: string;
}

const NAVER_NEWS_HOSTS = new Set(["n.news.naver.com", "m.news.naver.com", "news.naver.com"]);
// Paths that name one article: /article/{oid}/{aid}, /mnews/article/{oid}/{aid} and the people-facing
// comment page /mnews/article/comment/{oid}/{aid} (same object, same comments).
const ARTICLE_PATH = /^\/(?:mnews\/)?article\/(?:comment\/)?(\d{3})\/(\d{10})(?:\/|$)/u;
const LEGACY_READ_PATH = /^\/main\/read\.(?:naver|nhn)$/u;
const OID = /^\d{3}$/u;
const AID = /^\d{10}$/u;

/** The comment object of a Naver-hosted article, or null for any other URL. */
export function naverArticleIds(input: string): NaverArticleIds | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (!NAVER_NEWS_HOSTS.has(url.hostname.toLowerCase())) return null;
  const match = ARTICLE_PATH.exec(url.pathname);
  if (match?.[1] && match[2]) return { oid: match[1], aid: match[2] };
  if (LEGACY_READ_PATH.test(url.pathname)) {
    const oid = url.searchParams.get("oid");
    const aid = url.searchParams.get("aid");
    if (oid && aid && OID.test(oid) && AID.test(aid)) return { oid, aid };
  }
  return null;
}

/** `news{oid},{aid}`, the comment box's name for an article. */
export function naverObjectId(ids: NaverArticleIds): string {
  return `news${ids.oid},${ids.aid}`;
}

/** Inverse of `naverObjectId`; null when the text is not one. */
export function parseNaverObjectId(objectId: string): NaverArticleIds | null {
  const match = /^news(\d{3}),(\d{10})$/u.exec(objectId);
  return match?.[1] && match[2] ? { oid: match[1], aid: match[2] } : null;
}

/** The JSONP callback we ask for; any valid identifier in the answer is accepted (mirrors may rename it). */
export const NAVER_COMMENT_CALLBACK = "_yeoron";

/** URL of one page of an article's comments, newest first, deleted ones included (they count as reactions). */
export function commentPageUrl(
  baseUrl: string,
  oid: string,
  aid: string,
  page: number,
  pageSize: number,
): string {
  const url = new URL(baseUrl);
  const params: Array<[string, string]> = [
    ["ticket", "news"],
    ["pool", "cbox5"],
    ["lang", "ko"],
    ["country", "KR"],
    ["objectId", naverObjectId({ oid, aid })],
    ["pageSize", String(pageSize)],
    ["page", String(page)],
    ["sort", "new"],
    ["includeAllStatus", "true"],
    ["_callback", NAVER_COMMENT_CALLBACK],
  ];
  for (const [key, value] of params) url.searchParams.set(key, value);
  return url.toString();
}

// A JavaScript identifier path such as `_callback` or `jQuery3600_1666.cb`; anything else before the
// parenthesis means the body is not the JSONP we asked for (an HTML error page, a captcha …).
const CALLBACK_PREFIX = /^(?:\/\*\*\/)?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(/u;

/**
 * The JSON inside `callback({...});`. The wrapper is removed by position: from the first `(` after the callback
 * name to the last `)`, so parentheses and semicolons inside comment text are left alone (the N2H4 trap: deleting
 * every `(`, `)` and `;` corrupts the comments). A body that is already plain JSON is accepted as is.
 */
export function unwrapJsonp(text: string): unknown {
  const body = text.replace(/^\uFEFF/u, "").trim();
  let inner: string;
  if (body.startsWith("{") || body.startsWith("[")) {
    inner = body;
  } else {
    const prefix = CALLBACK_PREFIX.exec(body);
    if (!prefix) throw new ParseError(`not JSONP: starts with ${JSON.stringify(body.slice(0, 40))}`);
    const close = body.lastIndexOf(")");
    if (close < prefix[0].length) throw new ParseError("not JSONP: no closing parenthesis");
    const trailer = body.slice(close + 1);
    if (!/^[\s;]*$/u.test(trailer)) {
      throw new ParseError(
        `not JSONP: unexpected text after the call: ${JSON.stringify(trailer.slice(0, 40))}`,
      );
    }
    inner = body.slice(prefix[0].length, close);
  }
  try {
    return JSON.parse(inner);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ParseError(`JSONP payload is not JSON: ${reason}`, EXIT_FAILED, { cause: err });
  }
}

export interface CommentPage {
  comments: NewsComment[];
  page: number;
  totalPages: number;
  totalRows: number;
}

interface RawNaverComment {
  commentNo?: unknown;
  parentCommentNo?: unknown;
  replyLevel?: unknown;
  replyCount?: unknown;
  contents?: unknown;
  userIdNo?: unknown;
  userName?: unknown;
  maskedUserId?: unknown;
  regTime?: unknown;
  modTime?: unknown;
  sympathyCount?: unknown;
  antipathyCount?: unknown;
  best?: unknown;
  deleted?: unknown;
  hiddenByCleanbot?: unknown;
}

/**
 * One page of the comment API (already unwrapped). The user id is kept only as a salted sha256, so comments by
 * one person can be grouped without storing who they are; the masked name is kept exactly as Naver shows it.
 */
export function parseCommentPage(json: unknown, opts: { docId: string; salt: string }): CommentPage {
  if (!opts.salt) throw new Error("parseCommentPage: a non-empty salt is required to hash user ids");
  if (json === null || typeof json !== "object") throw new ParseError("comment page is not an object");
  const envelope = json as { success?: unknown; message?: unknown; code?: unknown; result?: unknown };
  if (envelope.success === false) {
    throw new ParseError(
      `comment API refused: ${scalarText(envelope.code)} ${scalarText(envelope.message)}`.trim(),
    );
  }
  const result = envelope.result as { commentList?: unknown; pageModel?: unknown } | undefined;
  if (!result || typeof result !== "object") throw new ParseError("comment page has no result");
  const list = result.commentList ?? [];
  if (!Array.isArray(list)) throw new ParseError("comment page: result.commentList is not a list");
  const pageModel = (result.pageModel ?? {}) as { page?: unknown; totalPages?: unknown; totalRows?: unknown };

  const comments = list.map((raw: RawNaverComment, index) => toComment(raw, index, opts));
  const page = toInt(pageModel.page, 1);
  return {
    comments,
    page,
    totalPages: toInt(pageModel.totalPages, comments.length > 0 ? page : 0),
    totalRows: toInt(pageModel.totalRows, comments.length),
  };
}

function toComment(raw: RawNaverComment, index: number, opts: { docId: string; salt: string }): NewsComment {
  if (raw === null || typeof raw !== "object") throw new ParseError(`comment #${index} is not an object`);
  const commentNo = idText(raw.commentNo);
  if (!commentNo) throw new ParseError(`comment #${index} has no commentNo`);
  const writtenAt = parseNaverTime(raw.regTime);
  if (!writtenAt)
    throw new ParseError(`comment ${commentNo}: regTime ${JSON.stringify(raw.regTime)} is not a time`);
  const parentNo = idText(raw.parentCommentNo);
  const userId = idText(raw.userIdNo);
  const userName = typeof raw.userName === "string" && raw.userName ? raw.userName : null;
  return {
    commentId: `naver:${commentNo}`,
    docId: opts.docId,
    source: "naver",
    // A top-level comment is its own parent in the API; only a reply points elsewhere.
    parentId: parentNo && parentNo !== commentNo ? `naver:${parentNo}` : null,
    replyLevel: toInt(raw.replyLevel, 1),
    contents: typeof raw.contents === "string" ? raw.contents.normalize("NFC") : "",
    userName,
    userHash: userId ? hashUserId(opts.salt, userId) : null,
    writtenAt,
    modifiedAt: parseNaverTime(raw.modTime),
    sympathy: toInt(raw.sympathyCount, 0),
    antipathy: toInt(raw.antipathyCount, 0),
    replyCount: toInt(raw.replyCount, 0),
    isBest: raw.best === true,
    isDeleted: raw.deleted === true,
    isHidden: raw.hiddenByCleanbot === true,
  };
}

/** Marks a user id that `scrubUserIds` already replaced by its salted hash in a stored response. */
export const HASHED_ID_PREFIX = "sha256:";

export function hashUserId(salt: string, userId: string): string {
  if (userId.startsWith(HASHED_ID_PREFIX)) return userId.slice(HASHED_ID_PREFIX.length);
  return createHash("sha256").update(`${salt}\n${userId}`).digest("hex");
}

/** Fields of the comment API that carry a commenter's real, unmasked id. */
const RAW_ID_FIELD = /"(userIdNo|userId|idNo|profileUserId)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/g;

/**
 * A comment API response with every raw commenter id replaced by `sha256:<salted hash>` (the same hash
 * `parseCommentPage` stores), so not even the kept raw response holds a real id. Everything else stays byte
 * for byte; re-parsing the scrubbed response gives the same `userHash`.
 */
export function scrubUserIds(body: Uint8Array, salt: string): Uint8Array {
  const text = Buffer.from(body).toString("utf8");
  let changed = false;
  const out = text.replace(RAW_ID_FIELD, (whole, field: string, literal: string) => {
    let id: string;
    try {
      id = String(JSON.parse(literal));
    } catch {
      return whole;
    }
    if (id === "" || id.startsWith(HASHED_ID_PREFIX)) return whole;
    changed = true;
    return `"${field}":"${HASHED_ID_PREFIX}${hashUserId(salt, id)}"`;
  });
  return changed ? new Uint8Array(Buffer.from(out, "utf8")) : body;
}

/** `2022-10-17T14:30:00+0900` (no colon in the offset; also accepts `+09:00` and a missing offset as KST). */
export function parseNaverTime(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/u.exec(
    value.trim(),
  );
  if (!match) return null;
  const [, day, time, zone] = match;
  const offset = !zone
    ? "+09:00"
    : zone === "Z"
      ? "Z"
      : zone.includes(":")
        ? zone
        : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${day}T${time}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A code or message field for an error line: scalars as written, anything else as JSON (never throws). */
function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "(unreadable)";
  }
}

function idText(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim()) return value.trim();
  return null;
}

function toInt(value: unknown, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : fallback;
}
