/**
 * Generators of hostile text shared by the property tests: what a broken server, a mis-labelled charset, a
 * spammer or a fuzzer could hand the pure stages. Every generator is small enough that a run of a few dozen
 * cases stays cheap; the 1 MB cases are built by repetition, not generated character by character.
 */
import fc from "fast-check";

/** Zero-width and invisible format characters (ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY, Mongolian vowel separator). */
export const INVISIBLES = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u180E"] as const;
export const INVISIBLE_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/;

/** Characters that carry structure in HTML, JSON, SQL, Markdown or quotes. */
const PUNCTUATION = [..."\"'“”‘’「」『』()[]{}<>.,?!…;:~-=&\\/`|#*_ \n\t"];

/** C0 controls (NUL included), DEL and a few C1 controls. */
const CONTROLS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  "\u007F",
  "\u0085",
  "\u009B",
];

const hangulSyllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
/** Conjoining jamo (U+1100..U+11FF): decomposed Hangul as macOS and some editors write it. */
const conjoiningJamo = fc.integer({ min: 0x1100, max: 0x11ff }).map((c) => String.fromCharCode(c));
/** Compatibility jamo (ㄱ..ㅣ), the ㅋㅋ and ㅠㅠ of comments. */
const compatJamo = fc.integer({ min: 0x3131, max: 0x318e }).map((c) => String.fromCharCode(c));
const emoji = fc.constantFrom("😀", "😡", "👍🏽", "👨‍👩‍👧", "🇰🇷", "❤️", "🔥", "🤬");
/** A lone surrogate: what a truncated UTF-16 string or a bad `\uD800` escape leaves behind. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** One unit of hostile text. */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hangulSyllable },
  { weight: 2, arbitrary: conjoiningJamo },
  { weight: 2, arbitrary: compatJamo },
  { weight: 1, arbitrary: emoji },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 2, arbitrary: fc.constantFrom(...INVISIBLES) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(..."abcXYZ019 ") },
);

export function hostileText(maxLength = 200): fc.Arbitrary<string> {
  return fc.array(hostileChar, { maxLength }).map((parts) => parts.join(""));
}

/** Korean-looking prose with quotes, brackets and sentence ends, sometimes laced with invisibles. */
export const koreanProse: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "카카오는",
        "서비스가",
        "먹통이",
        "됐다",
        "좋지",
        "않다",
        "정말",
        "최악이다",
        "남궁 대표는",
        '"책임을 지겠다"고',
        "말했다.",
        "왜 이러냐?",
        "ㅋㅋㅋ",
        "ㅠㅠ",
        "복구됐나요?",
        "(사진=연합뉴스)",
        "[속보]",
        "3.5%",
        "…",
        "!!",
      ),
      hostileText(6),
    ),
    { maxLength: 40 },
  )
  .map((words) => words.join(" "));

/** Random bytes, UTF-8 with bytes broken out of it, or CP949 markers: what `decodeBody` is fed. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  // Valid UTF-8 with random bytes spliced in: truncated sequences, stray continuation bytes, overlongs.
  fc
    .tuple(koreanProse, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 10 }))
    .map(([text, cuts]) => {
      const bytes = Array.from(Buffer.from(text, "utf8"));
      for (const [at, byte] of cuts) bytes.splice(bytes.length === 0 ? 0 : at % bytes.length, 0, byte);
      return Uint8Array.from(bytes);
    }),
  fc.constantFrom(
    Uint8Array.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), // overlong '/'
    Uint8Array.from([0xed, 0xa0, 0x80]), // encoded surrogate
    Uint8Array.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
    Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]), // UTF-8 BOM then junk
    Uint8Array.from([0xff, 0xfe, 0x41]), // UTF-16 BOM, odd length
  ),
);

const contentTypes = fc.constantFrom(
  null,
  "text/html",
  "text/html; charset=utf-8",
  "text/html; charset=euc-kr",
  "text/html; charset=ks_c_5601-1987",
  "text/html; charset=utf-16",
  "text/html; charset=x-nonexistent",
  'application/json; charset="',
);

/** A `<meta charset>` prefix the sniffer may act on. */
const metaPrefix = fc.constantFrom(
  "",
  '<meta charset="euc-kr">',
  '<meta http-equiv="Content-Type" content="text/html; charset=cp949">',
  '<meta charset="utf-16">',
  '<?xml version="1.0" encoding="euc-kr"?>',
  "<meta charset=",
);

export const hostileBody: fc.Arbitrary<{ bytes: Uint8Array; contentType: string | null }> = fc
  .tuple(metaPrefix, hostileBytes, contentTypes)
  .map(([prefix, bytes, contentType]) => ({
    bytes: Buffer.concat([Buffer.from(prefix, "latin1"), bytes]),
    contentType,
  }));

const tagNames = ["div", "p", "span", "article", "section", "b", "a", "table", "td", "li", "script", "h1"];

/** HTML-ish markup: real tags around hostile text, unclosed tags, attributes with quotes, comments. */
export const hostileHtml: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      hostileText(40),
      fc.constantFrom(...tagNames).map((t) => `<${t}>`),
      fc.constantFrom(...tagNames).map((t) => `</${t}>`),
      fc.constantFrom(
        "<title>카카오 먹통 사태 :: 판교신문</title>",
        '<meta property="og:title" content="카카오 &quot;먹통&quot;">',
        '<link rel="canonical" href="javascript:alert(1)">',
        '<meta property="article:published_time" content="2022-10-17T09:00:00+09:00">',
        "<!-- <p>숨은 글</p> -->",
        "<![CDATA[ ]]>",
        '<img src=x onerror="alert(1)">',
        "<br>",
        "&#0;&#xD800;&#x110000;&amp;&nbsp;",
        "<p>카카오 서비스가 장시간 멈추면서 이용자들의 불편이 컸다고 회사 측은 설명했다.</p>",
      ),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

/** `levels` nested copies of `tag` around `inner`: the stack-overflow and quadratic-parse trap. */
export function nested(tag: string, levels: number, inner: string): string {
  return `${`<${tag}>`.repeat(levels)}${inner}${`</${tag}>`.repeat(levels)}`;
}

/** About `bytes` characters of `unit` repeated (1 MB inputs without generating a million characters). */
export function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / Math.max(1, unit.length))));
}

/** One mebibyte in UTF-16 code units: the "1 MB input" of the issue. */
export const ONE_MB = 1 << 20;

/**
 * A hang guard, not a speed test: how long one case may take before the property fails. Generous enough for
 * a 2-core machine shared with other jobs (a 1 MB page was measured at 0.2 s idle and 5.4 s under a load of
 * 8); the quadratic blow-ups these tests found took minutes to hours on such inputs and trip it.
 */
export const CASE_DEADLINE_MS = 15_000;
