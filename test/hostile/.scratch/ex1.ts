import fc from "fast-check";
import { decodeBody } from "../../../src/crawl/charset.js";
import { extractArticle } from "../../../src/extract/article.js";
import { NotArticleError, ParseError } from "../../../src/shared/errors.js";
import { hostileBody, hostileHtml, INVISIBLE_RE } from "../arbitraries.js";
const counts: Record<string, number> = {};
const bad: string[] = [];
for (const html of fc.sample(hostileHtml, 3000).concat(fc.sample(hostileBody, 2000).map(b => decodeBody(b.bytes, b.contentType).text))) {
  try {
    const d = extractArticle({ html, url: "https://example.com/a", fetchedAt: new Date() });
    counts[d.method] = (counts[d.method] ?? 0) + 1;
    for (const t of [d.title, ...d.paragraphs, d.outlet, d.subtitle ?? "x", d.section ?? "x", ...d.reporters]) {
      if (t !== t.normalize("NFC") || INVISIBLE_RE.test(t) || t !== t.trim() || t === "") bad.push(JSON.stringify(t));
    }
  } catch (e) {
    const k = e instanceof NotArticleError ? "notarticle" : e instanceof ParseError ? "parse" : "OTHER:" + String(e);
    counts[k] = (counts[k] ?? 0) + 1;
  }
}
console.log(counts, bad.slice(0, 10));
