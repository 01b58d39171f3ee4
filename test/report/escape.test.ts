import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  csvCell,
  escapeHtml,
  escapeMarkdown,
  htmlLink,
  markdownLink,
  safeHttpUrl,
} from "../../src/report/escape.js";
import { renderInline } from "../../src/report/notebook/markdown-lite.js";
import { resolveInside } from "../../src/report/write.js";

describe("escaping scraped strings", () => {
  it("HTML-escapes markup", () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)">&'`)).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;",
    );
  });

  it("links only http(s) URLs", () => {
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl(" JaVaScRiPt:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,<script>")).toBeNull();
    expect(safeHttpUrl("/relative")).toBeNull();
    expect(safeHttpUrl("https://n.news.naver.com/article/015/0004748812")).toBe(
      "https://n.news.naver.com/article/015/0004748812",
    );
    expect(htmlLink("기사", "javascript:alert(1)")).toBe("기사");
    expect(htmlLink("<b>", 'https://a.example/"x')).toBe(
      '<a href="https://a.example/%22x" rel="noopener noreferrer nofollow">&lt;b&gt;</a>',
    );
  });

  it("keeps Markdown link and HTML syntax as text", () => {
    const md = escapeMarkdown("[여기](javascript:alert(2)) <script>x</script> | *굵게* _기울임_ `코드`");
    expect(md).toBe(
      "\\[여기\\](javascript:alert(2)) \\<script\\>x\\</script\\> \\| \\*굵게\\* \\_기울임\\_ \\`코드\\`",
    );
    expect(md).not.toMatch(/(?<!\\)\]\(/);
    expect(md).not.toMatch(/(?<!\\)<[a-z/]/i);
    expect(escapeMarkdown("# 제목\n- 목록")).toBe("\\# 제목 - 목록");
    expect(escapeMarkdown("1. 첫째")).toBe("1\\. 첫째");
    expect(markdownLink("기사", "javascript:alert(1)")).toBe("기사");
    expect(markdownLink("기사 [1]", "https://a.example/x (y)")).toBe(
      "[기사 \\[1\\]](https://a.example/x%20%28y%29)",
    );
  });

  it("defuses spreadsheet formulas in CSV but keeps negative numbers", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell("쉼표, 있음")).toBe('"쉼표, 있음"');
    expect(csvCell(null)).toBe("");
  });

  it("notebook prose makes only http(s) links", () => {
    expect(renderInline("[x](javascript:alert(1)) <b>")).toBe("[x](javascript:alert(1)) &lt;b&gt;");
    expect(renderInline("[문서](https://a.example/?a=1&b=2) `<i>`")).toBe(
      '<a href="https://a.example/?a=1&amp;b=2" rel="noopener noreferrer">문서</a> <code>&lt;i&gt;</code>',
    );
  });
});

describe("output paths", () => {
  it("stay inside their directory", () => {
    const base = path.resolve("/tmp/yeoron-out");
    expect(resolveInside(base, "2022-W42", "index.html")).toBe(path.join(base, "2022-W42", "index.html"));
    for (const bad of ["..", "../x", "a/b", ".hidden", "", "x\\..\\y"]) {
      expect(() => resolveInside(base, bad), bad).toThrow(/unsafe file name/);
    }
  });
});
