import { splitSentences } from "../../../src/nlp/sentences.js";
for (const [name, unit] of [["ga", "가"], ["curly-open", "“"], ["quote-dot", '"a." '], ["dots", ". "], ["word", "가나 "], ["lquote-word", "“가 "], ["sq", "'가다 "]] as const) {
  for (const n of [1e4, 3e4, 1e5]) {
    const text = unit.repeat(Math.ceil(n / unit.length));
    const t = performance.now();
    const s = splitSentences(text);
    console.log(name, n, s.length, Math.round(performance.now() - t), "ms");
  }
}
