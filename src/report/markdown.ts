/**
 * The report in Markdown (GFM tables) for e-mail and wikis; charts are SVG files beside it (charts/NAME.svg).
 * Every DB value goes through escapeMarkdown / markdownLink: hostile text stays text, only http(s) links.
 */
import { type Chart, reportCharts } from "./charts.js";
import { escapeMarkdown, markdownLink } from "./escape.js";
import { formatEvalValue, methodologyLines } from "./html.js";
import {
  type CommentRow,
  fmtChange,
  fmtCount,
  fmtKst,
  fmtReturn,
  fmtScore,
  fmtShare,
  type ReportModel,
} from "./model.js";
import { koreanDay, koreanWeekTitle } from "./week.js";

function mdTable(head: [string, "r" | ""][], rows: string[][]): string {
  const h = `| ${head.map(([t]) => escapeMarkdown(t)).join(" | ")} |`;
  const sep = `| ${head.map(([, a]) => (a === "r" ? "---:" : "---")).join(" | ")} |`;
  return [h, sep, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function chartRef(c: Chart | undefined): string {
  return c ? `![${escapeMarkdown(c.title)}](charts/${c.name}.svg)` : "";
}

function commentTable(rows: CommentRow[]): string {
  if (rows.length === 0) return "해당하는 댓글이 없다.";
  return mdTable(
    [
      ["날짜", ""],
      ["댓글", ""],
      ["공감", "r"],
      ["비공감", "r"],
      ["감성", "r"],
      ["기사", ""],
    ],
    rows.map((c) => [
      koreanDay(c.day),
      escapeMarkdown(c.contents),
      fmtCount(c.likes),
      fmtCount(c.dislikes),
      fmtScore(c.compound),
      markdownLink(`${c.outlet ?? ""} · ${c.title ?? "기사"}`, c.url),
    ]),
  );
}

export function renderMarkdown(
  model: ReportModel,
  charts: Chart[] = reportCharts(model),
): { markdown: string; charts: Chart[] } {
  const m = model;
  const chart = (name: string) => charts.find((c) => c.name === name);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(`${m.subject.name} 여론 주간 보고서`)}`);
  out.push(
    `${escapeMarkdown(koreanWeekTitle(m.week))} · 종목 ${escapeMarkdown(`${m.subject.name}(${m.subject.ticker})`)}${m.generatedAt ? ` · 작성 ${fmtKst(m.generatedAt)}` : ""}`,
  );
  out.push(`## 이번 주 요약`);
  out.push(m.summary.map((s) => `- ${escapeMarkdown(s)}`).join("\n"));

  out.push(`## 핵심 지표 (전주 대비)`);
  out.push(
    mdTable(
      [
        ["지표", ""],
        ["이번 주", "r"],
        ["전주", "r"],
        ["변화", "r"],
      ],
      m.headline.map((f) => {
        const v = (x: number | null) =>
          x === null
            ? "–"
            : f.kind === "count"
              ? `${fmtCount(x)}건`
              : f.kind === "share"
                ? fmtShare(x)
                : fmtScore(x);
        return [escapeMarkdown(f.label), v(f.current), v(f.previous), escapeMarkdown(fmtChange(f))];
      }),
    ),
  );
  out.push("감성 점수는 −1(매우 부정)에서 +1(매우 긍정) 사이다. ±0.05 안은 중립으로 본다.");

  out.push(`## 일별 감성과 주가`);
  out.push(chartRef(chart("daily_sentiment")));
  out.push(
    mdTable(
      [
        ["날짜", ""],
        ["기사", "r"],
        ["언론 감성", "r"],
        ["댓글", "r"],
        ["댓글 감성", "r"],
        ["부정 댓글", "r"],
        ["종가(원)", "r"],
        ["등락률", "r"],
        ["거래량", "r"],
      ],
      m.daily.map((d) => [
        koreanDay(d.day),
        fmtCount(d.n_articles),
        fmtScore(d.press_mean),
        fmtCount(d.n_comments),
        fmtScore(d.public_mean),
        fmtShare(d.public_neg_share),
        d.close === null ? "휴장" : fmtCount(d.close),
        fmtReturn(d.subject_return),
        d.volume === null ? "–" : fmtCount(d.volume),
      ]),
    ),
  );

  out.push(`## 주가 반응: 초과수익률과 CAR`);
  if (m.event) {
    const e = m.event;
    out.push(
      escapeMarkdown(
        `사건일은 이번 주 ${m.control ? `${m.control.name} 대비 ` : ""}초과수익률의 절댓값이 가장 큰 거래일인 ${koreanDay(e.eventDay)}이다. 이날 초과수익률은 ${fmtReturn(e.eventAbnormal)}, 사건일 전날부터의 누적 초과수익률(CAR)은 ${fmtReturn(e.car)}다.`,
      ),
    );
    out.push(chartRef(chart("event_study")));
    out.push(
      mdTable(
        [
          ["상대일", "r"],
          ["날짜", ""],
          ["종가(원)", "r"],
          [`${m.subject.name} 수익률`, "r"],
          [`${m.control?.name ?? "대조"} 수익률`, "r"],
          ["초과수익률", "r"],
          ["CAR", "r"],
        ],
        e.rows.map((r) => [
          `${r.rel_day > 0 ? "+" : ""}${r.rel_day}`,
          koreanDay(r.day),
          r.close === null ? "–" : fmtCount(r.close),
          fmtReturn(r.subject_return),
          fmtReturn(r.control_return),
          fmtReturn(r.abnormal_return),
          fmtReturn(r.car),
        ]),
      ),
    );
  } else {
    out.push(
      `이번 주 ${escapeMarkdown(m.subject.name)}와 대조 종목의 주가가 DB에 없어 초과수익률을 계산하지 못했다.`,
    );
  }

  out.push(`## 주요 발언에 대한 반응`);
  if (m.statements.length === 0) out.push("이번 주와 전주에 추적 중인 발언에 대한 반응이 없다.");
  else {
    out.push(
      mdTable(
        [
          ["발언", ""],
          ["화자", ""],
          ["반응", "r"],
          ["반대 비율", "r"],
          ["평균 감성", "r"],
          ["추이(월–일)", ""],
          ["전주 반응", "r"],
        ],
        m.statements.map((s) => [
          `“${escapeMarkdown(s.text)}”`,
          escapeMarkdown(s.speaker),
          fmtCount(s.mentions),
          fmtShare(s.share_against),
          fmtScore(s.mean_compound),
          s.daily.join(" · "),
          `${fmtCount(s.mentions_prev)} ${s.mentions > s.mentions_prev ? "▲" : s.mentions < s.mentions_prev ? "▼" : "–"}`,
        ]),
      ),
    );
    out.push(chartRef(chart("statement_reactions")));
    for (const s of m.statements.filter((x) => x.mentions > 0)) {
      out.push(`### ${escapeMarkdown(s.speaker)}: “${escapeMarkdown(s.text)}”`);
      if (s.reactions.length === 0) {
        out.push("이번 주 대표 반응이 없다.");
        continue;
      }
      out.push(
        s.reactions
          .map((r) => {
            const who =
              r.kind === "comment"
                ? `댓글 · 공감 ${fmtCount(r.likes)}`
                : `기사 문장 · ${fmtCount(r.citations)}개 기사 인용`;
            const src = markdownLink(`${r.outlet ?? "출처"}${r.title ? ` · ${r.title}` : ""}`, r.url);
            return `> ${escapeMarkdown(r.text)}\n>\n> — ${escapeMarkdown(who)} · 감성 ${fmtScore(r.compound)} · ${src}`;
          })
          .join("\n\n"),
      );
    }
  }

  out.push(`## 가장 공감받은 댓글`);
  out.push(`### 부정 댓글`);
  out.push(commentTable(m.negativeComments));
  out.push(`### 긍정 댓글`);
  out.push(commentTable(m.positiveComments));

  out.push(`## 전주보다 늘어난 키워드`);
  if (m.keywords.length === 0) out.push("전주보다 두드러지게 늘어난 키워드가 없다.");
  else {
    out.push(chartRef(chart("rising_keywords")));
    out.push(
      mdTable(
        [
          ["키워드", ""],
          ["품사", ""],
          ["이번 주", "r"],
          ["전주", "r"],
          ["TF-IDF 증가분", "r"],
        ],
        m.keywords.map((k) => [
          escapeMarkdown(k.term),
          escapeMarkdown(k.tag),
          fmtCount(k.current_count),
          fmtCount(k.previous_count),
          k.rise.toFixed(2),
        ]),
      ),
    );
  }

  out.push(`## 매체별 보도`);
  out.push(
    mdTable(
      [
        ["매체", ""],
        ["기사", "r"],
        ["언론 감성", "r"],
        ["부정 기사", "r"],
        ["댓글", "r"],
        ["댓글 감성", "r"],
      ],
      m.outlets.map((o) => [
        escapeMarkdown(o.outlet),
        fmtCount(o.articles),
        fmtScore(o.press_mean),
        fmtShare(o.press_neg_share),
        fmtCount(o.comments),
        fmtScore(o.public_mean),
      ]),
    ),
  );

  out.push(`## 수집 현황`);
  out.push(`### 출처별 수집량 (이번 주)`);
  out.push(
    mdTable(
      [
        ["출처", ""],
        ["기사", "r"],
        ["댓글", "r"],
      ],
      m.coverage.sources.map((s) => [
        escapeMarkdown(s.source_id),
        fmtCount(s.articles),
        fmtCount(s.comments),
      ]),
    ),
  );
  out.push(`### 실패한 수집 (전체 실행 기준)`);
  out.push(
    m.coverage.failures.length === 0
      ? "기록된 수집 실패가 없다."
      : mdTable(
          [
            ["출처", ""],
            ["단계", ""],
            ["결과", ""],
            ["건수", "r"],
            ["최근 내용", ""],
          ],
          m.coverage.failures.map((f) => [
            escapeMarkdown(f.source_id),
            escapeMarkdown(f.stage),
            escapeMarkdown(f.outcome),
            fmtCount(f.items),
            escapeMarkdown(f.last_detail ?? ""),
          ]),
        ),
  );

  out.push(`## 방법`);
  out.push(
    methodologyLines(m)
      .map((l) => `- ${escapeMarkdown(l)}`)
      .join("\n"),
  );
  if (m.methodology.evalFigures.length > 0) {
    out.push(
      mdTable(
        [
          ["평가 항목", ""],
          ["값", "r"],
        ],
        m.methodology.evalFigures.map((f) => [escapeMarkdown(f.name), formatEvalValue(f.value)]),
      ),
    );
  }
  out.push(`---\n표의 원자료는 data/ 폴더의 CSV 파일에 있다.`);
  return { markdown: `${out.filter((s) => s !== "").join("\n\n")}\n`, charts };
}
