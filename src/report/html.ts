/**
 * The report as ONE self-contained HTML file: inline CSS, inline SVG, no script, no external request, A4 print
 * rules. Every value from the DB goes through escapeHtml / htmlLink (escape.ts).
 */
import { type Chart, FONT_STACK, reportCharts, sparkline } from "./charts.js";
import { escapeHtml, htmlLink } from "./escape.js";
import {
  type CommentRow,
  fmtChange,
  fmtCount,
  fmtKst,
  fmtReturn,
  fmtScore,
  fmtShare,
  type HeadlineFigure,
  type ReportModel,
  type StatementRow,
} from "./model.js";
import { koreanDay, koreanWeekTitle, shortKoreanDay } from "./week.js";

export const REPORT_CSS = `
:root { --ink: #1b1f24; --muted: #5b6570; --line: #d8dee4; --bg-soft: #f5f7fa; --neg: #c0392b; --pos: #2e8b57; --press: #1f4e8c; --public: #e07b00; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; color: var(--ink); font-size: 15px; line-height: 1.6; word-break: keep-all; overflow-wrap: anywhere; }
body { margin: 0 auto; max-width: 860px; padding: 28px 24px 48px; background: #fff; }
header.report { border-bottom: 3px solid var(--press); padding-bottom: 12px; margin-bottom: 20px; }
header.report h1 { font-size: 26px; margin: 0 0 4px; }
header.report .sub { color: var(--muted); margin: 0; }
h2 { font-size: 19px; border-left: 5px solid var(--press); padding-left: 10px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p.note, .note { color: var(--muted); font-size: 13px; }
ul.summary { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px 14px 34px; margin: 0; }
ul.summary li { margin: 3px 0; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: 13px; }
.kpi .value { font-size: 22px; font-weight: 700; }
.kpi .change { font-size: 13px; }
.up { color: var(--neg); } .down { color: var(--press); }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.neg { color: var(--neg); } .pos { color: var(--pos); }
blockquote.reaction { margin: 6px 0; padding: 6px 10px; border-left: 3px solid var(--line); background: var(--bg-soft); }
blockquote.reaction .meta { display: block; color: var(--muted); font-size: 12.5px; }
.statement { margin-bottom: 18px; }
a { color: var(--press); }
.nowrap { white-space: nowrap; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, .kpis, .statement, blockquote, ul.summary { break-inside: avoid; page-break-inside: avoid; }
  section.pagebreak { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  .kpis { grid-template-columns: repeat(3, 1fr); }
}
`;

function toneClass(x: number | null): string {
  if (x === null) return "";
  return x <= -0.05 ? "neg" : x >= 0.05 ? "pos" : "";
}

function figureValue(f: HeadlineFigure): string {
  if (f.current === null) return "–";
  if (f.kind === "count") return `${fmtCount(f.current)}건`;
  if (f.kind === "share") return fmtShare(f.current);
  return fmtScore(f.current);
}

function table(head: [string, "num" | ""][], rows: string[][]): string {
  const th = head.map(([h, cls]) => `<th${cls ? ` class="${cls}"` : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${head[i]?.[1] ? ` class="${head[i]![1]}"` : ""}>${c}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figure(c: Chart | undefined): string {
  if (!c) return "";
  return `<figure class="chart" id="chart-${escapeHtml(c.name)}">${c.svg}<figcaption>${escapeHtml(c.title)}</figcaption></figure>`;
}

function score(x: number | null): string {
  return `<span class="${toneClass(x)}">${escapeHtml(fmtScore(x))}</span>`;
}

function commentTable(rows: CommentRow[]): string {
  if (rows.length === 0) return `<p class="note">해당하는 댓글이 없다.</p>`;
  return table(
    [
      ["날짜", ""],
      ["댓글", ""],
      ["공감", "num"],
      ["비공감", "num"],
      ["감성", "num"],
      ["기사", ""],
    ],
    rows.map((c) => [
      `<span class="nowrap">${escapeHtml(shortKoreanDay(c.day))}</span>`,
      escapeHtml(c.contents),
      fmtCount(c.likes),
      fmtCount(c.dislikes),
      score(c.compound),
      htmlLink(`${c.outlet ?? ""} · ${c.title ?? "기사"}`, c.url),
    ]),
  );
}

function trend(s: StatementRow): string {
  const d = s.mentions - s.mentions_prev;
  const arrow = d > 0 ? "▲" : d < 0 ? "▼" : "–";
  return `${sparkline(s.daily)} <span class="note">전주 ${fmtCount(s.mentions_prev)}건 ${arrow}</span>`;
}

function statementBlock(s: StatementRow): string {
  const reactions = s.reactions
    .map((r) => {
      const who =
        r.kind === "comment"
          ? `댓글 · 공감 ${fmtCount(r.likes)}`
          : `기사 문장 · ${fmtCount(r.citations)}개 기사 인용`;
      const src = htmlLink(`${r.outlet ?? "출처"}${r.title ? ` · ${r.title}` : ""}`, r.url);
      return `<blockquote class="reaction">${escapeHtml(r.text)}<span class="meta">${escapeHtml(who)} · 감성 ${escapeHtml(fmtScore(r.compound))} · ${src}</span></blockquote>`;
    })
    .join("\n");
  return `<div class="statement"><h3>${escapeHtml(s.speaker)}: “${escapeHtml(s.text)}”</h3>${reactions || '<p class="note">이번 주 대표 반응이 없다.</p>'}</div>`;
}

export function renderHtml(model: ReportModel, charts: Chart[] = reportCharts(model)): string {
  const m = model;
  const chart = (name: string) => charts.find((c) => c.name === name);
  const title = `${m.subject.name} 여론 주간 보고서`;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`${title} ${m.week.label}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="report">
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(koreanWeekTitle(m.week))} · 종목 ${escapeHtml(`${m.subject.name}(${m.subject.ticker})`)}${m.generatedAt ? ` · 작성 ${escapeHtml(fmtKst(m.generatedAt))}` : ""}</p>
</header>`);

  parts.push(
    `<section id="summary"><h2>이번 주 요약</h2><ul class="summary">${m.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul></section>`,
  );

  parts.push(
    `<section id="headline"><h2>핵심 지표 (전주 대비)</h2><div class="kpis">${m.headline
      .map(
        (f) =>
          `<div class="kpi"><div class="label">${escapeHtml(f.label)}</div><div class="value">${escapeHtml(figureValue(f))}</div><div class="change">${escapeHtml(fmtChange(f))}</div></div>`,
      )
      .join(
        "",
      )}</div><p class="note">감성 점수는 −1(매우 부정)에서 +1(매우 긍정) 사이다. ±0.05 안은 중립으로 본다.</p></section>`,
  );

  parts.push(
    `<section id="daily"><h2>일별 감성과 주가</h2>${figure(chart("daily_sentiment"))}${table(
      [
        ["날짜", ""],
        ["기사", "num"],
        ["언론 감성", "num"],
        ["댓글", "num"],
        ["댓글 감성", "num"],
        ["부정 댓글", "num"],
        ["종가(원)", "num"],
        ["등락률", "num"],
        ["거래량", "num"],
      ],
      m.daily.map((d) => [
        escapeHtml(koreanDay(d.day)),
        fmtCount(d.n_articles),
        score(d.press_mean),
        fmtCount(d.n_comments),
        score(d.public_mean),
        escapeHtml(fmtShare(d.public_neg_share)),
        d.close === null ? "휴장" : fmtCount(d.close),
        escapeHtml(fmtReturn(d.subject_return)),
        d.volume === null ? "–" : fmtCount(d.volume),
      ]),
    )}<p class="note">주말·휴일 기사와 댓글은 그날의 감성으로 보이며, 주가가 없는 날은 휴장이다.</p></section>`,
  );

  if (m.event) {
    const e = m.event;
    parts.push(
      `<section id="event"><h2>주가 반응: 초과수익률과 CAR</h2><p>${escapeHtml(
        `사건일은 이번 주 ${m.control ? `${m.control.name} 대비 ` : ""}초과수익률의 절댓값이 가장 큰 거래일인 ${koreanDay(e.eventDay)}이다. 이날 초과수익률은 ${fmtReturn(e.eventAbnormal)}, 사건일 전날부터의 누적 초과수익률(CAR)은 ${fmtReturn(e.car)}다.`,
      )}</p>${figure(chart("event_study"))}${table(
        [
          ["상대일", "num"],
          ["날짜", ""],
          ["종가(원)", "num"],
          [`${m.subject.name} 수익률`, "num"],
          [`${m.control?.name ?? "대조"} 수익률`, "num"],
          ["초과수익률", "num"],
          ["CAR", "num"],
        ],
        e.rows.map((r) => [
          escapeHtml(`${r.rel_day > 0 ? "+" : ""}${r.rel_day}`),
          escapeHtml(koreanDay(r.day)),
          r.close === null ? "–" : fmtCount(r.close),
          escapeHtml(fmtReturn(r.subject_return)),
          escapeHtml(fmtReturn(r.control_return)),
          `<span class="${toneClass(r.abnormal_return)}">${escapeHtml(fmtReturn(r.abnormal_return))}</span>`,
          `<span class="${toneClass(r.car)}">${escapeHtml(fmtReturn(r.car))}</span>`,
        ]),
      )}</section>`,
    );
  } else {
    parts.push(
      `<section id="event"><h2>주가 반응: 초과수익률과 CAR</h2><p class="note">이번 주 ${escapeHtml(m.subject.name)}와 대조 종목의 주가가 DB에 없어 초과수익률을 계산하지 못했다.</p></section>`,
    );
  }

  parts.push(`<section id="statements" class="pagebreak"><h2>주요 발언에 대한 반응</h2>`);
  if (m.statements.length === 0)
    parts.push(`<p class="note">이번 주와 전주에 추적 중인 발언에 대한 반응이 없다.</p>`);
  else {
    parts.push(
      table(
        [
          ["발언", ""],
          ["화자", ""],
          ["반응", "num"],
          ["반대 비율", "num"],
          ["평균 감성", "num"],
          ["추이(월–일)", ""],
        ],
        m.statements.map((s) => [
          `“${escapeHtml(s.text)}”`,
          escapeHtml(s.speaker),
          fmtCount(s.mentions),
          escapeHtml(fmtShare(s.share_against)),
          score(s.mean_compound),
          trend(s),
        ]),
      ),
    );
    parts.push(figure(chart("statement_reactions")));
    parts.push(
      m.statements
        .filter((s) => s.mentions > 0)
        .map(statementBlock)
        .join("\n"),
    );
  }
  parts.push(`</section>`);

  parts.push(
    `<section id="comments"><h2>가장 공감받은 댓글</h2><h3>부정 댓글</h3>${commentTable(m.negativeComments)}<h3>긍정 댓글</h3>${commentTable(m.positiveComments)}</section>`,
  );

  parts.push(`<section id="keywords"><h2>전주보다 늘어난 키워드</h2>`);
  if (m.keywords.length === 0) parts.push(`<p class="note">전주보다 두드러지게 늘어난 키워드가 없다.</p>`);
  else
    parts.push(
      figure(chart("rising_keywords")) +
        table(
          [
            ["키워드", ""],
            ["품사", ""],
            ["이번 주", "num"],
            ["전주", "num"],
            ["TF-IDF 증가분", "num"],
          ],
          m.keywords.map((k) => [
            escapeHtml(k.term),
            escapeHtml(k.tag),
            fmtCount(k.current_count),
            fmtCount(k.previous_count),
            k.rise.toFixed(2),
          ]),
        ),
    );
  parts.push(`</section>`);

  parts.push(
    `<section id="outlets"><h2>매체별 보도</h2>${table(
      [
        ["매체", ""],
        ["기사", "num"],
        ["언론 감성", "num"],
        ["부정 기사", "num"],
        ["댓글", "num"],
        ["댓글 감성", "num"],
      ],
      m.outlets.map((o) => [
        escapeHtml(o.outlet),
        fmtCount(o.articles),
        score(o.press_mean),
        escapeHtml(fmtShare(o.press_neg_share)),
        fmtCount(o.comments),
        score(o.public_mean),
      ]),
    )}</section>`,
  );

  parts.push(
    `<section id="coverage"><h2>수집 현황</h2><h3>출처별 수집량 (이번 주)</h3>${table(
      [
        ["출처", ""],
        ["기사", "num"],
        ["댓글", "num"],
      ],
      m.coverage.sources.map((s) => [escapeHtml(s.source_id), fmtCount(s.articles), fmtCount(s.comments)]),
    )}<h3>실패한 수집 (전체 실행 기준)</h3>${
      m.coverage.failures.length === 0
        ? `<p class="note">기록된 수집 실패가 없다.</p>`
        : table(
            [
              ["출처", ""],
              ["단계", ""],
              ["결과", ""],
              ["건수", "num"],
              ["최근 내용", ""],
            ],
            m.coverage.failures.map((f) => [
              escapeHtml(f.source_id),
              escapeHtml(f.stage),
              escapeHtml(f.outcome),
              fmtCount(f.items),
              escapeHtml(f.last_detail ?? ""),
            ]),
          )
    }</section>`,
  );

  parts.push(
    `<section id="method"><h2>방법</h2><ul>${methodologyLines(m)
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join("")}</ul>`,
  );
  if (m.methodology.evalFigures.length > 0) {
    parts.push(
      table(
        [
          ["평가 항목", ""],
          ["값", "num"],
        ],
        m.methodology.evalFigures.map((f) => [escapeHtml(f.name), escapeHtml(formatEvalValue(f.value))]),
      ),
    );
  }
  parts.push(`</section>`);
  parts.push(
    `<footer>yeoron · ${escapeHtml(m.week.label)} · 표의 원자료는 data/*.csv에 있다.</footer>\n</body>\n</html>\n`,
  );
  return parts.join("\n");
}

export function formatEvalValue(v: number): string {
  return Number.isInteger(v) ? fmtCount(v) : v.toFixed(3);
}

/** The methodology note, shared by HTML and Markdown. */
export function methodologyLines(m: ReportModel): string[] {
  const a = m.methodology;
  const lines = [
    `주간은 한국 시간(KST) 기준 ISO 주(월–일)다. 전주는 ${koreanWeekTitle(m.previous)}이다.`,
    `언론 = 중복(통신 기사 재게재 등)을 뺀 기사, 댓글 = 삭제되지 않은 댓글이다. 감성은 형태소 기반 어휘·규칙 점수와 학습 모델을 합친 값(−1…+1)이다.`,
    `분석기 버전 ${a.analyzerVersion ?? "(기록 없음)"}: 기사 ${fmtCount(a.documentsScored)}건, 댓글 ${fmtCount(a.commentsScored)}건, 문장 ${fmtCount(a.sentencesScored)}건을 채점했다.`,
    `초과수익률은 ${m.subject.name} 수익률에서 ${m.control ? `대조 종목 ${m.control.name}(${m.control.ticker})의` : "대조 종목의"} 수익률을 뺀 값이고, CAR은 그 합이다.`,
    `발언 반응은 추적 발언을 언급한 기사 문장과 댓글이며, 발언자 자신의 말은 세지 않는다. 대표 반응은 공감이 많은 댓글 2개와 가장 많이 인용된 기사 문장 1개다.`,
    `키워드는 하루를 한 문서로 본 형태소(명사·어근·용언) TF-IDF의 주간 합이 전주보다 늘어난 순서다.`,
  ];
  lines.push(
    a.evalFigures.length > 0
      ? `성능 평가(${a.evalFile ?? "eval"}${a.evalAt ? `, ${a.evalAt}` : ""}) 결과는 아래 표와 같다.`
      : "성능 평가(npm run eval)는 아직 실행되지 않았다: data/eval-latest.json이 없다.",
  );
  return lines;
}
