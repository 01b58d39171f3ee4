import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  charsetFromContentType,
  charsetFromMeta,
  decodeBody,
  resolveCharset,
} from "../../src/crawl/charset.js";

const KOREAN = "판교 데이터센터 화재로 카카오톡이 멈췄다. 똠방각하!";
const cp949 = (text: string) => new Uint8Array(iconv.encode(text, "cp949"));
const utf8 = (text: string) => new TextEncoder().encode(text);
const html = (head: string, body = KOREAN) =>
  `<!doctype html><html><head>${head}</head><body><p>${body}</p></body></html>`;

describe("decodeBody", () => {
  it("uses the Content-Type charset first", () => {
    const decoded = decodeBody(cp949(html("<title>t</title>")), "text/html; charset=EUC-KR");
    expect(decoded).toMatchObject({ charset: "euc-kr" });
    expect(decoded.text).toContain(KOREAN);
  });

  it("finds the charset in <meta charset> when the header has none", () => {
    const decoded = decodeBody(cp949(html('<meta charset="euc-kr">')), "text/html");
    expect(decoded.charset).toBe("euc-kr");
    expect(decoded.text).toContain(KOREAN);
  });

  it("finds the charset in an http-equiv Content-Type <meta>, attributes in any order and case", () => {
    const head = "<META CONTENT='text/html; charset=ks_c_5601-1987' HTTP-EQUIV='Content-Type'>";
    const decoded = decodeBody(cp949(html(head)), null);
    expect(decoded.charset).toBe("euc-kr");
    expect(decoded.text).toContain(KOREAN);
  });

  it("ignores a content= charset without the http-equiv pragma, and metas inside comments", () => {
    const head = '<!-- <meta charset="euc-kr"> --><meta name="description" content="charset=euc-kr">';
    expect(decodeBody(utf8(html(head)), undefined).charset).toBe("utf-8");
  });

  it("decodes CP949-only syllables in pages labelled EUC-KR", () => {
    const decoded = decodeBody(cp949("햏자와 똠방각하"), "text/plain; charset=euc-kr");
    expect(decoded.text).toBe("햏자와 똠방각하");
  });

  it("lets a BOM override a wrong header", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(KOREAN)]);
    const decoded = decodeBody(bytes, "text/html; charset=euc-kr");
    expect(decoded).toEqual({ text: KOREAN, charset: "utf-8" });
  });

  it("decodes UTF-16 with a BOM", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(KOREAN, "utf16le")]);
    expect(decodeBody(bytes, null)).toEqual({ text: KOREAN, charset: "utf-16le" });
  });

  it("falls through an unknown header label to the <meta> prescan", () => {
    const decoded = decodeBody(cp949(html('<meta charset="euc-kr">')), "text/html; charset=x-made-up");
    expect(decoded.charset).toBe("euc-kr");
  });

  it("reads the XML declaration of a feed and ignores <meta> inside its CDATA", () => {
    const feed = `<?xml version="1.0" encoding="EUC-KR"?><rss><channel><title>${KOREAN}</title></channel></rss>`;
    expect(decodeBody(cp949(feed), "application/xml").text).toContain(KOREAN);

    const utf8Feed = `<?xml version="1.0"?><rss><item><description><![CDATA[<meta charset="euc-kr">]]></description><title>${KOREAN}</title></item></rss>`;
    expect(decodeBody(utf8(utf8Feed), "application/rss+xml")).toMatchObject({ charset: "utf-8" });
  });

  it("only looks at the first 4 KiB for <meta>", () => {
    const padding = `<script>${"x".repeat(5000)}</script>`;
    const late = decodeBody(cp949(html(`${padding}<meta charset="euc-kr">`)), null);
    expect(late.charset).toBe("utf-8");
  });

  it("treats a <meta> claim of UTF-16 in ASCII markup as UTF-8", () => {
    expect(decodeBody(utf8(html('<meta charset="utf-16">')), null)).toMatchObject({ charset: "utf-8" });
  });

  it("defaults to UTF-8", () => {
    expect(decodeBody(utf8(KOREAN))).toEqual({ text: KOREAN, charset: "utf-8" });
    expect(decodeBody(new Uint8Array())).toEqual({ text: "", charset: "utf-8" });
  });
});

describe("charset helpers", () => {
  it("reads the charset parameter of a Content-Type", () => {
    expect(charsetFromContentType('text/html; charset="EUC-KR"')).toBe("EUC-KR");
    expect(charsetFromContentType("text/html;charset=utf-8; foo=bar")).toBe("utf-8");
    expect(charsetFromContentType("text/html")).toBeNull();
    expect(charsetFromContentType(undefined)).toBeNull();
  });

  it("maps Korean labels to euc-kr and rejects unknown ones", () => {
    for (const label of ["EUC-KR", "cp949", "ks_c_5601-1987", "windows-949", " 'korean' "]) {
      expect(resolveCharset(label)).toBe("euc-kr");
    }
    expect(resolveCharset("ISO-8859-1")).toBe("windows-1252");
    expect(resolveCharset("x-made-up")).toBeNull();
    expect(resolveCharset("")).toBeNull();
  });

  it("finds a bare <meta charset=…> without quotes", () => {
    expect(charsetFromMeta("<head><meta charset=euc-kr /></head>")).toBe("euc-kr");
  });
});
