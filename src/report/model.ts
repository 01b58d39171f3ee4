/**
 * The weekly report as data: every figure, table and sentence the renderers show, built from the SQL in
 * src/report/queries. Renderers (HTML, Markdown) only lay it out, so both say exactly the same thing.
 */

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../shared/errors.js";
import { kstMinute } from "../shared/time.js";
import type { Store } from "../store/db.js";
import { type Cell, type Dataset, runDataset } from "./datasets.js";
import { DEFAULT_KEYWORD_LIMIT, type KeywordText, type RisingKeyword, risingKeywords } from "./keywords.js";
import { type IsoWeek, koreanDay, parseIsoWeek, previousWeek } from "./week.js";

export interface ReportOptions {
  /** ISO week, `2022-W42` (KST). */
  week: string;
  /** Subject ticker; default 035720 (Kakao). */
  subject?: string;
  /** Evaluation figures to quote; default `data/eval-latest.json` under the working directory; null = none. */
  evalFile?: string | null;
  /** Shown as the generation time; omitted when null (golden files). Default: now. */
  generatedAt?: Date | null;
  keywordLimit?: number;
}

export interface HeadlineFigure {
  key: "articles" | "comments" | "press_mean" | "public_mean" | "press_neg_share" | "public_neg_share";
  label: string;
  kind: "count" | "score" | "share";
  current: number | null;
  previous: number | null;
}

export interface DailyRow {
  day: string;
  n_articles: number;
  press_mean: number | null;
  n_comments: number;
  public_mean: number | null;
  public_neg_share: number | null;
  close: number | null;
  subject_return: number | null;
  volume: number | null;
}

export interface EventRow {
  rel_day: number;
  day: string;
  close: number | null;
  subject_return: number | null;
  control_return: number | null;
  abnormal_return: number | null;
  car: number | null;
}

export interface EventStudy {
  eventDay: string;
  rows: EventRow[];
  /** CAR over the whole window available (−1 … last day present, at most +5). */
  car: number | null;
  eventAbnormal: number | null;
}

export interface Reaction {
  kind: "comment" | "sentence";
  text: string;
  url: string | null;
  outlet: string | null;
  title: string | null;
  likes: number;
  citations: number;
  stance: string | null;
  compound: number | null;
}

export interface StatementRow {
  statement_id: string;
  speaker: string;
  text: string;
  said_on: string | null;
  mentions: number;
  mentions_prev: number;
  share_against: number | null;
  mean_compound: number | null;
  mean_compound_prev: number | null;
  /** Reactions per day Monday..Sunday. */
  daily: number[];
  reactions: Reaction[];
}

export interface CommentRow {
  day: string;
  contents: string;
  likes: number;
  dislikes: number;
  compound: number | null;
  outlet: string | null;
  title: string | null;
  url: string | null;
}

export interface OutletRow {
  outlet: string;
  articles: number;
  press_mean: number | null;
  press_neg_share: number | null;
  comments: number;
  public_mean: number | null;
}

export interface EvalFigure {
  name: string;
  value: number;
}

export interface Methodology {
  analyzerVersion: string | null;
  documentsScored: number;
  commentsScored: number;
  sentencesScored: number;
  evalFile: string | null;
  evalFigures: EvalFigure[];
  evalAt: string | null;
}

export interface ReportModel {
  week: IsoWeek;
  previous: IsoWeek;
  subject: { ticker: string; name: string };
  control: { ticker: string; name: string } | null;
  generatedAt: string | null;
  summary: string[];
  headline: HeadlineFigure[];
  daily: DailyRow[];
  event: EventStudy | null;
  statements: StatementRow[];
  negativeComments: CommentRow[];
  positiveComments: CommentRow[];
  keywords: RisingKeyword[];
  outlets: OutletRow[];
  coverage: {
    sources: { source_id: string; articles: number; comments: number }[];
    failures: {
      source_id: string;
      stage: string;
      outcome: string;
      items: number;
      last_detail: string | null;
      last_at: string | null;
    }[];
  };
  methodology: Methodology;
  /** Every table of the report as written to data/*.csv. */
  datasets: Dataset[];
}

const num = (v: Cell | undefined): number | null => (typeof v === "number" ? v : null);
const int = (v: Cell | undefined): number => (typeof v === "number" ? v : 0);
const str = (v: Cell | undefined): string | null => (v === null || v === undefined ? null : String(v));

function rowsAs<T>(d: Dataset, map: (r: Record<string, Cell>) => T): T[] {
  return d.rows.map(map);
}

export async function buildWeeklyReport(store: Store, opts: ReportOptions): Promise<ReportModel> {
  const week = parseIsoWeek(opts.week);
  const previous = previousWeek(week);
  const subjectTicker = opts.subject ?? "035720";
  const params = {
    start: week.start,
    end: week.end,
    prev_start: previous.start,
    prev_end: previous.end,
    subject: subjectTicker,
  };
  const run = (name: string) => runDataset(store, name, params);

  const headlineSet = await run("headline_figures");
  const cur = headlineSet.rows.find((r) => r.period === "current");
  const prev = headlineSet.rows.find((r) => r.period === "previous");
  // Strict build (STYLE: Evidence): an empty week is an error, never a report of blank charts.
  if (!cur || (int(cur.articles) === 0 && int(cur.comments) === 0)) {
    throw new CliError(`no articles or comments for ${week.label} in DB`);
  }

  const tickerSet = await run("subject_ticker");
  const t = tickerSet.rows[0] ?? {};
  const subject = { ticker: subjectTicker, name: str(t.subject_name) ?? subjectTicker };
  const control = str(t.control_ticker)
    ? { ticker: str(t.control_ticker)!, name: str(t.control_name) ?? str(t.control_ticker)! }
    : null;

  const headline: HeadlineFigure[] = (
    [
      ["articles", "기사", "count"],
      ["comments", "댓글", "count"],
      ["press_mean", "언론 평균 감성", "score"],
      ["public_mean", "댓글 평균 감성", "score"],
      ["press_neg_share", "부정 기사 비율", "share"],
      ["public_neg_share", "부정 댓글 비율", "share"],
    ] as const
  ).map(([key, label, kind]) => ({
    key,
    label,
    kind,
    current: num(cur[key]),
    previous: prev ? num(prev[key]) : null,
  }));

  const dailySet = await run("daily_sentiment_price");
  const daily = rowsAs(dailySet, (r) => ({
    day: String(r.day),
    n_articles: int(r.n_articles),
    press_mean: num(r.press_mean),
    n_comments: int(r.n_comments),
    public_mean: num(r.public_mean),
    public_neg_share: num(r.public_neg_share),
    close: num(r.close),
    subject_return: num(r.subject_return),
    volume: num(r.volume),
  }));

  const eventSet = await run("event_study");
  const eventRows: EventRow[] = rowsAs(eventSet, (r) => ({
    rel_day: int(r.rel_day),
    day: String(r.day),
    close: num(r.close),
    subject_return: num(r.subject_return),
    control_return: num(r.control_return),
    abnormal_return: num(r.abnormal_return),
    car: num(r.car),
  }));
  const event: EventStudy | null =
    eventRows.length > 0
      ? {
          eventDay: String(eventSet.rows[0]!.event_day),
          rows: eventRows,
          car: eventRows.at(-1)!.car,
          eventAbnormal: eventRows.find((r) => r.rel_day === 0)?.abnormal_return ?? null,
        }
      : null;

  const statementSet = await run("statement_summary");
  const statementDaily = await run("statement_daily");
  const reactionSet = await run("statement_reactions_top");
  const statements: StatementRow[] = rowsAs(statementSet, (r) => {
    const id = String(r.statement_id);
    return {
      statement_id: id,
      speaker: String(r.speaker ?? ""),
      text: String(r.text ?? ""),
      said_on: str(r.said_on),
      mentions: int(r.mentions),
      mentions_prev: int(r.mentions_prev),
      share_against: num(r.share_against),
      mean_compound: num(r.mean_compound),
      mean_compound_prev: num(r.mean_compound_prev),
      daily: week.days.map((day) =>
        int(statementDaily.rows.find((d) => d.statement_id === id && d.day === day)?.mentions),
      ),
      reactions: pickReactions(reactionSet.rows.filter((x) => x.statement_id === id)),
    };
  });
  const chosenReactions: Dataset = {
    name: "statement_reactions",
    columns: [
      "statement_id",
      "kind",
      "text",
      "url",
      "outlet",
      "title",
      "likes",
      "citations",
      "stance",
      "compound",
    ],
    rows: statements.flatMap((s) =>
      s.reactions.map((x) => ({
        statement_id: s.statement_id,
        kind: x.kind,
        text: x.text,
        url: x.url,
        outlet: x.outlet,
        title: x.title,
        likes: x.likes,
        citations: x.citations,
        stance: x.stance,
        compound: x.compound,
      })),
    ),
  };
  const statementTable: Dataset = {
    name: "statements",
    columns: [
      "statement_id",
      "speaker",
      "text",
      "said_on",
      "mentions",
      "mentions_prev",
      "share_against",
      "mean_compound",
      "mean_compound_prev",
    ],
    rows: statementSet.rows,
  };

  const commentRow = (r: Record<string, Cell>): CommentRow => ({
    day: String(r.day),
    contents: String(r.contents ?? ""),
    likes: int(r.likes),
    dislikes: int(r.dislikes),
    compound: num(r.compound),
    outlet: str(r.outlet),
    title: str(r.title),
    url: str(r.url),
  });
  const negativeSet = await run("most_negative_comments");
  const positiveSet = await run("most_positive_comments");

  const textSet = await run("keyword_texts");
  const keywords = await risingKeywords(
    textSet.rows.map((r) => ({
      period: r.period as KeywordText["period"],
      day: String(r.day),
      text: String(r.text ?? ""),
    })),
    opts.keywordLimit ?? DEFAULT_KEYWORD_LIMIT,
  );
  const keywordTable: Dataset = {
    name: "rising_keywords",
    columns: ["term", "tag", "current_count", "previous_count", "current_tfidf", "previous_tfidf", "rise"],
    rows: keywords.map((k) => ({ ...k })),
  };

  const outletSet = await run("outlets");
  const sourcesSet = await run("coverage_sources");
  const failuresSet = await run("coverage_failures");
  const analyzerSet = await run("analyzer_info");
  const a = analyzerSet.rows[0] ?? {};

  const evalFile = opts.evalFile === undefined ? path.resolve("data/eval-latest.json") : opts.evalFile;
  const evaluation = readEvalFigures(evalFile);

  const model: ReportModel = {
    week,
    previous,
    subject,
    control,
    generatedAt: opts.generatedAt === null ? null : (opts.generatedAt ?? new Date()).toISOString(),
    summary: [],
    headline,
    daily,
    event,
    statements,
    negativeComments: rowsAs(negativeSet, commentRow),
    positiveComments: rowsAs(positiveSet, commentRow),
    keywords,
    outlets: rowsAs(outletSet, (r) => ({
      outlet: String(r.outlet ?? ""),
      articles: int(r.articles),
      press_mean: num(r.press_mean),
      press_neg_share: num(r.press_neg_share),
      comments: int(r.comments),
      public_mean: num(r.public_mean),
    })),
    coverage: {
      sources: rowsAs(sourcesSet, (r) => ({
        source_id: String(r.source_id ?? ""),
        articles: int(r.articles),
        comments: int(r.comments),
      })),
      failures: rowsAs(failuresSet, (r) => ({
        source_id: String(r.source_id ?? ""),
        stage: String(r.stage ?? ""),
        outcome: String(r.outcome ?? ""),
        items: int(r.items),
        last_detail: str(r.last_detail),
        last_at: str(r.last_at),
      })),
    },
    methodology: {
      analyzerVersion: str(a.analyzer_version),
      documentsScored: int(a.documents_scored),
      commentsScored: int(a.comments_scored),
      sentencesScored: int(a.sentences_scored),
      evalFile: evaluation ? path.basename(evalFile!) : null,
      evalFigures: evaluation?.figures ?? [],
      evalAt: evaluation?.at ?? null,
    },
    datasets: [
      headlineSet,
      dailySet,
      eventSet,
      statementTable,
      statementDaily,
      chosenReactions,
      negativeSet,
      positiveSet,
      keywordTable,
      outletSet,
      sourcesSet,
      failuresSet,
    ],
  };
  model.summary = summarize(model);
  return model;
}

/** Three reactions: the two most-liked comments and the most-cited sentence, topped up from the other kind. */
export function pickReactions(candidates: Record<string, Cell>[]): Reaction[] {
  const toReaction = (r: Record<string, Cell>): Reaction => ({
    kind: r.kind === "sentence" ? "sentence" : "comment",
    text: String(r.text ?? ""),
    url: str(r.url),
    outlet: str(r.outlet),
    title: str(r.title),
    likes: int(r.likes),
    citations: int(r.citations),
    stance: str(r.stance),
    compound: num(r.compound),
  });
  const comments = candidates.filter((r) => r.kind === "comment").map(toReaction);
  const sentences = candidates.filter((r) => r.kind === "sentence").map(toReaction);
  const picked = [...comments.slice(0, 2), ...sentences.slice(0, 1)];
  const rest = [...comments.slice(2), ...sentences.slice(1)];
  while (picked.length < 3 && rest.length > 0) picked.push(rest.shift()!);
  return picked;
}

/**
 * Figures from the evaluation run (`npm run eval` writes data/eval-latest.json). Its shape belongs to the eval
 * stage, so this reads it loosely: every numeric leaf up to three levels deep, named by its key path.
 */
export function readEvalFigures(file: string | null): { figures: EvalFigure[]; at: string | null } | null {
  if (!file || !existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const figures: EvalFigure[] = [];
  let at: string | null = null;
  const walk = (v: unknown, keyPath: string[], depth: number): void => {
    if (figures.length >= MAX_EVAL_FIGURES) return;
    if (typeof v === "number" && Number.isFinite(v)) figures.push({ name: keyPath.join("."), value: v });
    else if (typeof v === "string" && /^(generatedAt|at|date|ranAt|finishedAt)$/.test(keyPath.at(-1) ?? ""))
      at ??= v;
    else if (v && typeof v === "object" && !Array.isArray(v) && depth < 3) {
      for (const [k, x] of Object.entries(v)) walk(x, [...keyPath, k], depth + 1);
    }
  };
  walk(data, [], 0);
  return figures.length > 0 ? { figures, at } : null;
}

/** A methodology note, not a dump: the first figures are enough. */
const MAX_EVAL_FIGURES = 24;

// ------------------------------------------------------------------ the week in sentences

export function fmtCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function fmtScore(x: number | null): string {
  if (x === null) return "–";
  const s = x.toFixed(2);
  return s === "-0.00" ? "0.00" : x > 0 ? `+${s}` : s;
}

export function fmtShare(x: number | null): string {
  return x === null ? "–" : `${(x * 100).toFixed(1)}%`;
}

/** A return as a signed percentage with two decimals (−5.93%). */
export function fmtReturn(x: number | null): string {
  if (x === null) return "–";
  const s = (x * 100).toFixed(2);
  return `${x > 0 ? "+" : ""}${s === "-0.00" ? "0.00" : s}%`;
}

/** The change against last week, as ▲/▼ with the right unit (건, points, %p). */
export function fmtChange(f: Pick<HeadlineFigure, "kind" | "current" | "previous">): string {
  if (f.current === null || f.previous === null) return "전주 자료 없음";
  const d = f.current - f.previous;
  // Below the shown precision a change is no change (0.00 / 0.0%p would read as a tiny real move).
  const shown = f.kind === "count" ? d : f.kind === "share" ? Math.round(d * 1000) : Math.round(d * 100);
  if (shown === 0) return "변화 없음";
  const arrow = d > 0 ? "▲" : "▼";
  if (f.kind === "count") {
    const pct = f.previous > 0 ? ` (${d >= 0 ? "+" : ""}${((d / f.previous) * 100).toFixed(0)}%)` : "";
    return `${arrow} ${fmtCount(Math.abs(d))}건${pct}`;
  }
  if (f.kind === "share") return `${arrow} ${Math.abs(d * 100).toFixed(1)}%p`;
  return `${arrow} ${Math.abs(d).toFixed(2)}`;
}

/** An instant as Korean time, `2022-10-24 09:00 KST`. */
export function fmtKst(iso: string): string {
  return `${kstMinute(iso)} KST`;
}

/** How a mean compound reads in words (VADER's ±0.05 neutral band; ±0.3 as "strongly", a common reading). */
export function toneWord(x: number | null): string {
  if (x === null) return "판단 불가";
  if (x <= -0.3) return "뚜렷하게 부정적";
  if (x <= -0.05) return "다소 부정적";
  if (x < 0.05) return "중립";
  if (x < 0.3) return "다소 긍정적";
  return "뚜렷하게 긍정적";
}

function summarize(m: ReportModel): string[] {
  const fig = (k: HeadlineFigure["key"]) => m.headline.find((f) => f.key === k)!;
  const out: string[] = [];
  const articles = fig("articles");
  const comments = fig("comments");
  out.push(
    `이번 주 기사 ${fmtCount(articles.current ?? 0)}건, 댓글 ${fmtCount(comments.current ?? 0)}건을 모았다` +
      (articles.previous !== null
        ? ` (전주 기사 ${fmtCount(articles.previous)}건, 댓글 ${fmtCount(comments.previous ?? 0)}건).`
        : "."),
  );
  const pub = fig("public_mean");
  const press = fig("press_mean");
  const neg = fig("public_neg_share");
  if (pub.current !== null) {
    let s = `댓글 여론은 ${toneWord(pub.current)}이다(평균 ${fmtScore(pub.current)}`;
    if (pub.previous !== null) {
      const d = pub.current - pub.previous;
      s += `, 전주 ${fmtScore(pub.previous)}보다 ${Math.abs(d) < 0.005 ? "변화 없음" : d < 0 ? `${Math.abs(d).toFixed(2)} 낮음` : `${d.toFixed(2)} 높음`}`;
    }
    s += `). 부정 댓글 비율은 ${fmtShare(neg.current)}다.`;
    out.push(s);
  }
  if (press.current !== null)
    out.push(`언론 보도는 ${toneWord(press.current)}이었다(평균 ${fmtScore(press.current)}).`);
  const worst = m.daily
    .filter((d) => d.public_mean !== null && d.n_comments > 0)
    .sort((a, b) => a.public_mean! - b.public_mean! || a.day.localeCompare(b.day))[0];
  if (worst)
    out.push(
      `댓글 여론이 가장 나빴던 날은 ${koreanDay(worst.day)}이다(평균 ${fmtScore(worst.public_mean)}, 댓글 ${fmtCount(worst.n_comments)}건).`,
    );
  if (m.event) {
    const e = m.event;
    const day0 = e.rows.find((r) => r.rel_day === 0);
    const close = day0?.close !== null && day0?.close !== undefined ? `${fmtCount(day0.close)}원` : "";
    out.push(
      `${m.subject.name} 주가는 ${koreanDay(e.eventDay)} ${close}(${fmtReturn(day0?.subject_return ?? null)})에 마감했다.`,
    );
    if (m.control) {
      out.push(
        `${m.control.name} 대비 초과수익률 ${fmtReturn(e.eventAbnormal)}로 이번 주 가장 큰 움직임이다.`,
      );
    }
    const last = e.rows.at(-1)!;
    out.push(
      `사건일 전날부터 ${last.rel_day > 0 ? `${last.rel_day}거래일 뒤` : "사건일"}까지 누적 초과수익률(CAR)은 ${fmtReturn(e.car)}다.`,
    );
  }
  const top = m.statements.find((s) => s.mentions > 0);
  if (top) {
    out.push(
      `가장 많이 반응을 부른 발언은 ${top.speaker}의 "${top.text}"이다(반응 ${fmtCount(top.mentions)}건, 반대 ${fmtShare(top.share_against)}, 평균 감성 ${fmtScore(top.mean_compound)}).`,
    );
  }
  if (m.keywords.length > 0)
    out.push(
      `전주보다 많이 쓰인 말: ${m.keywords
        .slice(0, 5)
        .map((k) => k.term)
        .join(", ")}.`,
    );
  return out;
}
