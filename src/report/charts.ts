/**
 * Charts rendered on the server as SVG with ECharts (no DOM: `ssr: true` + `renderToSVGString`). The same SVG is
 * inlined in index.html and written to charts/*.svg for report.md. Text is Korean and uses the report's font stack.
 */
import { createRequire } from "node:module";
import type * as Echarts from "echarts";
import type { ReportModel } from "./model.js";
import { shortKoreanDay } from "./week.js";

/** Korean first, then the system fallbacks of each platform (Linux, macOS, Windows). */
export const FONT_STACK =
  '"Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';

/** Colours that stay apart in greyscale print: press dark blue, public orange, price grey. */
export const COLORS = {
  press: "#1f4e8c",
  public: "#e07b00",
  price: "#555555",
  volume: "#b8c2cc",
  negative: "#c0392b",
  positive: "#2e8b57",
};
const PALETTE = ["#1f4e8c", "#e07b00", "#2e8b57", "#c0392b", "#7b4fa0", "#555555", "#0e8a9a", "#b5651d"];

export interface Chart {
  name: string;
  title: string;
  svg: string;
}

/**
 * ECharts takes about 280 ms to load; every `yeoron` command imports this module through the report command,
 * so it is loaded on first use (synchronously, its CommonJS build) and only commands that draw pay for it.
 */
let echartsLib: typeof Echarts | undefined;
function echarts(): typeof Echarts {
  echartsLib ??= createRequire(import.meta.url)("echarts") as typeof Echarts;
  return echartsLib;
}

/** Chart names become file names: lower-case letters, digits, dashes and underscores only. */
const CHART_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export function renderChart(
  name: string,
  option: Echarts.EChartsCoreOption,
  width = 760,
  height = 360,
): string {
  if (!CHART_NAME.test(name)) throw new Error(`bad chart name: ${name}`);
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: FONT_STACK },
      ...option,
    });
    // zrender numbers its ids per instance in the process (zr0-, zr1- …): name them after the chart instead, so
    // output does not depend on what was drawn before and two inline SVGs in one page never share an id.
    return chart.renderToSVGString().replace(/\bzr\d+-/g, `${name}-`);
  } finally {
    chart.dispose();
  }
}

const pct = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 100);
const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

export function dailySentimentChart(m: ReportModel): Chart {
  const days = m.daily.map((d) => shortKoreanDay(d.day));
  const svg = renderChart(
    "daily_sentiment",
    {
      legend: { top: 0, data: ["언론 평균 감성", "댓글 평균 감성", `${m.subject.name} 종가`, "거래량"] },
      grid: [
        { left: 60, right: 80, top: 40, height: 190 },
        { left: 60, right: 80, top: 270, height: 60 },
      ],
      xAxis: [
        { type: "category", data: days, gridIndex: 0, axisLabel: { show: false } },
        { type: "category", data: days, gridIndex: 1 },
      ],
      yAxis: [
        { type: "value", name: "감성", min: -1, max: 1, gridIndex: 0 },
        { type: "value", name: "종가(원)", gridIndex: 0, scale: true, splitLine: { show: false } },
        {
          type: "value",
          name: "거래량",
          gridIndex: 1,
          splitNumber: 2,
          axisLabel: { formatter: (v: number) => `${Math.round(v / 10_000)}만` },
        },
      ],
      series: [
        {
          name: "언론 평균 감성",
          type: "line",
          data: m.daily.map((d) => round3(d.press_mean)),
          color: COLORS.press,
          connectNulls: true,
          symbolSize: 7,
        },
        {
          name: "댓글 평균 감성",
          type: "line",
          data: m.daily.map((d) => round3(d.public_mean)),
          color: COLORS.public,
          connectNulls: true,
          symbolSize: 7,
        },
        {
          name: `${m.subject.name} 종가`,
          type: "line",
          yAxisIndex: 1,
          data: m.daily.map((d) => d.close),
          color: COLORS.price,
          lineStyle: { type: "dashed" },
          connectNulls: true,
        },
        {
          name: "거래량",
          type: "bar",
          xAxisIndex: 1,
          yAxisIndex: 2,
          data: m.daily.map((d) => d.volume),
          color: COLORS.volume,
        },
      ],
    },
    760,
    360,
  );
  return { name: "daily_sentiment", title: `일별 언론·댓글 감성과 ${m.subject.name} 종가·거래량`, svg };
}

export function eventChart(m: ReportModel): Chart | null {
  if (!m.event) return null;
  const labels = m.event.rows.map(
    (r) => `${r.rel_day > 0 ? "+" : ""}${r.rel_day}일 ${shortKoreanDay(r.day)}`,
  );
  const svg = renderChart(
    "event_study",
    {
      legend: { top: 0, data: ["초과수익률(%)", "누적 초과수익률 CAR(%)"] },
      grid: { left: 60, right: 30, top: 40, bottom: 40 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", name: "%" },
      series: [
        {
          name: "초과수익률(%)",
          type: "bar",
          data: m.event.rows.map((r) => ({
            value: pct(r.abnormal_return),
            itemStyle: { color: (r.abnormal_return ?? 0) < 0 ? COLORS.negative : COLORS.positive },
          })),
        },
        {
          name: "누적 초과수익률 CAR(%)",
          type: "line",
          data: m.event.rows.map((r) => pct(r.car)),
          color: COLORS.press,
          symbolSize: 7,
        },
      ],
    },
    760,
    300,
  );
  const vs = m.control ? `${m.control.name} 대비` : "";
  return { name: "event_study", title: `사건일 전후 ${m.subject.name} 초과수익률과 CAR (${vs})`, svg };
}

export function statementChart(m: ReportModel): Chart | null {
  const active = m.statements.filter((s) => s.mentions > 0);
  if (active.length === 0) return null;
  const svg = renderChart(
    "statement_reactions",
    {
      legend: { top: 0, data: active.map((s) => s.text) },
      grid: { left: 50, right: 30, top: 50, bottom: 40 },
      xAxis: { type: "category", data: m.week.days.map(shortKoreanDay) },
      yAxis: { type: "value", name: "반응 수", minInterval: 1 },
      series: active.map((s) => ({ name: s.text, type: "bar", stack: "all", data: s.daily })),
    },
    760,
    280,
  );
  return { name: "statement_reactions", title: "발언별 일일 반응 수", svg };
}

export function keywordChart(m: ReportModel): Chart | null {
  if (m.keywords.length === 0) return null;
  const ks = [...m.keywords].reverse();
  const svg = renderChart(
    "rising_keywords",
    {
      grid: { left: 110, right: 40, top: 20, bottom: 30 },
      xAxis: { type: "value", name: "증가분" },
      yAxis: { type: "category", data: ks.map((k) => k.term) },
      series: [
        {
          type: "bar",
          data: ks.map((k) => Math.round(k.rise * 100) / 100),
          color: COLORS.public,
          label: { show: true, position: "right" },
        },
      ],
    },
    760,
    Math.max(160, 40 + ks.length * 24),
  );
  return { name: "rising_keywords", title: "전주 대비 늘어난 키워드 (TF-IDF 증가분)", svg };
}

/** Every chart of the report, in reading order (sections without data have none). */
export function reportCharts(m: ReportModel): Chart[] {
  return [dailySentimentChart(m), eventChart(m), statementChart(m), keywordChart(m)].filter(
    (c): c is Chart => c !== null,
  );
}

/** A tiny inline sparkline (no ECharts: seven points do not need an axis). */
export function sparkline(values: readonly number[], width = 84, height = 20): string {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const pts = values.map(
    (v, i) => `${(2 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`,
  );
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="일별 반응 ${values.join(", ")}"><polyline fill="none" stroke="${COLORS.press}" stroke-width="1.5" points="${pts.join(" ")}"/></svg>`;
}
