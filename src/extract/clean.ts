/**
 * Cleaning Korean article text (DESIGN §4): Unicode and whitespace, page chrome, photo captions, bylines and
 * e-mails into fields, repeated paragraphs. Works on lines, so it serves the site adapters, the generic
 * fallback and plain-text scrapes such as the seed alike.
 */

/** Zero-width and invisible format characters that split words without showing (ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY). */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;
/** Every Unicode space (NBSP, ideographic space, tabs, line breaks …) counts as one plain space. */
const ANY_SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;

/** NFC (Hangul typed on macOS arrives decomposed as NFD), no invisible characters, single spaces, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "").replace(ANY_SPACE, " ").trim();
}

/** Lines that are page furniture, compared after `normalizeText`, case-insensitively. */
const CHROME_LINES = new Set(
  [
    "기사 스크랩",
    "기사스크랩",
    "스크랩",
    "공유",
    "공유하기",
    "댓글",
    "클린뷰",
    "프린트",
    "인쇄",
    "번역beta",
    "번역 beta",
    "translated by kaka i",
    "글자크기 설정",
    "글자 크기 설정",
    "글자크기",
    "본문 듣기",
    "본문듣기",
    "기사원문",
    "구독",
    "구독하기",
    "좋아요",
    "추천",
    "닫기",
    "무단 전재 및 재배포 금지",
    "무단전재 및 재배포 금지",
    "무단전재 및 재배포금지",
    "all rights reserved.",
    "all rights reserved",
    // Labels that ad slots print inside a body (Hankyung's mid-body `AD`, Google's `Advertisement`).
    "ad",
    "ads",
    "advertisement",
    "광고",
    "sponsored",
    "스폰서",
  ].map((line) => line.toLowerCase()),
);

/** What sits between the items of a toolbar printed as one line: `기사 스크랩 - 공유 | 댓글 · 프린트`. */
const TOOLBAR_SEPARATOR = /\s*[-–—|·•/]\s*/;
/** A toolbar line names a handful of buttons; anything longer is prose. */
const MAX_TOOLBAR_CHARS = 80;
/** Chrome phrases run to three words (`translated by kaka i` is four, `글자 크기 설정` three). */
const MAX_CHROME_PHRASE_WORDS = 4;

/**
 * A row of toolbar buttons flattened into one line: `-기사 스크랩-공유-댓글-클린뷰-프린트`, `공유 | 댓글`,
 * `기사 스크랩 공유 댓글`. True when the line splits, at separators and then at spaces, into chrome phrases only.
 */
function isToolbarLine(text: string): boolean {
  if (text.length > MAX_TOOLBAR_CHARS) return false;
  const items = text.split(TOOLBAR_SEPARATOR).filter((item) => item !== "");
  if (items.length === 0) return false;
  return items.every((item) => splitsIntoChrome(item.split(" ")));
}

/** Whether the words divide, in order, into phrases of CHROME_LINES (spaced as given or run together). */
function splitsIntoChrome(words: readonly string[]): boolean {
  // coverable[i]: the first i words divide into chrome phrases.
  const coverable: boolean[] = [true];
  for (let end = 1; end <= words.length; end++) {
    coverable[end] = false;
    for (let start = Math.max(0, end - MAX_CHROME_PHRASE_WORDS); start < end; start++) {
      if (!coverable[start]) continue;
      const phrase = words.slice(start, end);
      const spaced = phrase.join(" ").toLowerCase();
      if (CHROME_LINES.has(spaced) || CHROME_LINES.has(phrase.join("").toLowerCase())) {
        coverable[end] = true;
        break;
      }
    }
  }
  return coverable[words.length] === true;
}

/** A bracketed series name: `[정하린의 IT 돋보기]`, `【기획】`, `〈연재〉`, `<…>`. */
const SERIES_NAME = /^(?:\[[^\]]{1,40}\]|【[^】]{1,40}】|〈[^〉]{1,40}〉|<[^>]{1,40}>|《[^》]{1,40}》)/;
/** The instalment after it: `3회`, `제3회`, `2편`, `(4)`, `③`, `<5>`, `3/5`. */
const SERIES_INSTALMENT =
  /^(?:제?\s*\d{1,3}\s*(?:회|편|화|부|탄)|\(\d{1,3}\)|<\d{1,3}>|[①-⑳]|\d{1,3}\s*\/\s*\d{1,3})$/;

/**
 * A series label standing alone on its line, as columns print it above the sub-headlines:
 * `[정하린의 IT 돋보기] 3회`, `[연재]`, `〈기획〉 ②`. It names the column, not the story, so it is neither
 * body nor subtitle.
 */
export function isSeriesLabel(line: string): boolean {
  const text = normalizeText(line);
  const name = SERIES_NAME.exec(text);
  if (!name) return false;
  const rest = text.slice(name[0].length).trim();
  return rest === "" || SERIES_INSTALMENT.test(rest);
}

/** A copyright notice is short; a long line that mentions 무단 전재 is an article about copying. */
const MAX_NOTICE_CHARS = 160;

export function isChromeLine(line: string): boolean {
  const text = normalizeText(line);
  if (text === "") return true;
  if (CHROME_LINES.has(text.toLowerCase())) return true;
  if (isToolbarLine(text)) return true;
  // Separators: a lone "-", "·", "=====" …
  if (/^[-–—=_·•*~|/\\.]+$/.test(text)) return true;
  if (text.length <= MAX_NOTICE_CHARS) {
    if (/^(?:<\s*)?(?:copyright|ⓒ|©|\(c\)|저작권자)/i.test(text)) return true;
    // Footers put the notice after the paper's name and address: "판교신문 | 성남시 | Copyright ⓒ …".
    if (/copyright\s*(?:ⓒ|©|\(c\))|all rights reserved/i.test(text)) return true;
    // Notices end in a noun (…금지); a sentence about copying ends in a verb (…했다).
    const prose = /[다요죠][.!?]?["'”’)\]]*$/.test(text);
    if (!prose && /무단\s*전재|무단\s*복제|재배포\s*금지|AI\s*학습.*금지/.test(text)) return true;
    // Yonhap's tip-line footer.
    if (/제보는\s*카카오톡/.test(text)) return true;
    // Date stamps printed as their own line: "입력 2022.10.17 14:30", "송고시간2022-10-17 14:30".
    if (
      /^(?:입력|수정|승인|등록일?|작성일|기사입력|최종수정|송고시간|업데이트)\s*:?\s*\d{4}[-./]/.test(text) &&
      text.length <= 60
    ) {
      return true;
    }
    // Yonhap prints the send time on its own line: "2022/10/17 14:30 송고".
    if (/^\d{4}\/\d{2}\/\d{2}\s+\d{2}:\d{2}\s*송고$/.test(text)) return true;
  }
  return false;
}

/** Ends like a Korean or Latin sentence, possibly inside closing quotes or brackets. */
const SENTENCE_END = /[.?!…。]["'”’」』)\]]*$|[다요죠까냐][.?!]?["'”’」』)\]]*$/;
/** A caption names its photo source: "사진=카카오", "/사진 제공=…", "[그래픽=…]". */
const CAPTION_CREDIT = /(?:^|[\s/([<])(?:사진|그래픽|자료|영상|이미지|일러스트)\s*(?:제공)?\s*=\s*\S/;

/** A photo caption or credit line that escaped the HTML-level caption removal. */
export function isPhotoCaption(line: string): boolean {
  const text = normalizeText(line);
  // Captions are a sentence or two; a long paragraph with "사진=" in it is prose.
  if (text.length > 150) return false;
  if (CAPTION_CREDIT.test(text)) return true;
  if (/^[[(<]\s*(?:사진|그래픽|자료사진)\s*[\])>]/.test(text)) return true;
  if (/^[[(<][^\])>]{1,30}\s*제공\s*[\])>]$/.test(text)) return true;
  // Wire photo captions end with the shooting date and the photographer's e-mail, not with a sentence.
  if (/\d{4}\.\d{1,2}\.\d{1,2}\.?(?:\s+\S+@\S+)?$/.test(text) && !SENTENCE_END.test(text)) return true;
  return false;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Job titles a byline ends with. */
const ROLE = /^(?:[가-힣A-Za-z]*기자|특파원|논설위원|객원기자|선임기자|전문기자|편집위원|기자입니다)$/;
/** A Korean personal name: two to four syllables (남궁훈 is three, 선우용녀 four). */
const NAME = /^[가-힣]{2,4}$/;
/** Words that name a newsroom rather than a person: "한경닷컴", "연합뉴스", "한국경제TV", "뉴스1". */
const AFFILIATION =
  /(?:닷컴|뉴스|일보|경제|신문|방송|미디어|타임스|투데이|데일리|저널|통신|비즈|[A-Za-z0-9])$/;

export interface Byline {
  reporters: string[];
  emails: string[];
}

/**
 * The reporters and e-mails of a line that is only a byline: `홍길동 기자 abc@hankyung.com`,
 * `홍길동 한경닷컴 기자 …`, `김철수·이영희 기자`, `[이메일] abc@x.com`, a bare e-mail. Null for any other
 * line, so prose that mentions a 기자 is left alone.
 */
export function parseBylineLine(line: string): Byline | null {
  const text = normalizeText(line);
  if (text === "" || text.length > 100) return null;
  const emails = (text.match(EMAIL) ?? []).map((e) => e.toLowerCase());
  const rest = text
    .replace(EMAIL, " ")
    .replace(/\[?\s*(?:이메일|e-?mail|메일)\s*\]?\s*:?/gi, " ")
    .replace(/[[\]()<>{}【】〈〉=:,;|/]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (rest === "") return emails.length > 0 ? { reporters: [], emails } : null;
  const words = rest.split(" ");
  const role = words[words.length - 1] ?? "";
  if (!ROLE.test(role)) return null;
  const before = words.slice(0, -1);
  const last = before[before.length - 1];
  if (last !== undefined && AFFILIATION.test(last)) before.pop();
  const reporters = before.flatMap((word) => word.split(/[·ㆍ]/)).filter((w) => w !== "");
  if (reporters.length === 0 || reporters.length > 4 || !reporters.every((w) => NAME.test(w))) return null;
  // Without an e-mail, only a very short line is surely a byline and not a clause ending in "기자".
  if (emails.length === 0 && text.length > 30) return null;
  return { reporters, emails };
}

/** `(서울=연합뉴스) 홍길동 기자 = `, `[서울=뉴시스]홍길동·김철수 기자 =`: the dateline wires open with. */
const WIRE_DATELINE = /^[[(]\s*[가-힣A-Za-z ]{1,20}=\s*[가-힣A-Za-z0-9 ]{1,20}[\])]\s*/;
const WIRE_REPORTERS = /^((?:[가-힣]{2,4}[\s·ㆍ,]*){1,4})\s*(?:[가-힣]*기자|특파원)\s*=\s*/;

/** Strips a wire-style lead `(서울=연합뉴스) 홍길동 기자 = ` and returns the names it held. */
export function stripWireLead(paragraph: string): { text: string; reporters: string[] } {
  const dateline = WIRE_DATELINE.exec(paragraph);
  if (!dateline) return { text: paragraph, reporters: [] };
  let text = paragraph.slice(dateline[0].length);
  const byline = WIRE_REPORTERS.exec(text);
  if (!byline) return { text: text.trim(), reporters: [] };
  text = text.slice(byline[0].length);
  const names = (byline[1] ?? "").split(/[\s·ㆍ,]+/).filter((w) => NAME.test(w) && !AFFILIATION.test(w));
  return { text: text.trim(), reporters: names };
}

const TRAILING_BYLINE =
  /\s+((?:[가-힣]{2,4}[·ㆍ]?){1,3})\s+(?:[가-힣A-Za-z0-9]{2,10}\s+)?(?:[가-힣]*기자|특파원)\s*[(<[]?\s*([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\s*[)>\]]?$/;

/** A byline glued to the end of the last sentence: `… 밝혔다. 홍길동 기자 abc@x.com`. */
export function stripTrailingByline(paragraph: string): { text: string; byline: Byline | null } {
  // A byline is short: looking at the tail only keeps the unanchored search cheap on long paragraphs.
  const tailStart = Math.max(0, paragraph.length - 120);
  const m = TRAILING_BYLINE.exec(paragraph.slice(tailStart));
  if (!m) return { text: paragraph, byline: null };
  const cut = tailStart + m.index;
  if (!SENTENCE_END.test(paragraph.slice(0, cut))) return { text: paragraph, byline: null };
  const reporters = (m[1] ?? "").split(/[·ㆍ]/).filter((w) => NAME.test(w));
  return {
    text: paragraph.slice(0, cut).trim(),
    byline: { reporters, emails: m[2] ? [m[2].toLowerCase()] : [] },
  };
}

/** A short line that introduces rather than tells: a sub-headline or series tag above the first paragraph. */
const MAX_LEAD_LINE_CHARS = 70;
/** Sub-headline blocks run to three or four lines; more is a list, not a lead. */
const MAX_LEAD_LINES = 6;

function isHeadlineLike(line: string): boolean {
  return line.length <= MAX_LEAD_LINE_CHARS && !SENTENCE_END.test(line);
}

/** The key two lines share when they are the same paragraph (spacing differs between copies). */
export function paragraphKey(line: string): string {
  return normalizeText(line).replace(/\s+/g, "").toLowerCase();
}

export interface CleanedBody {
  paragraphs: string[];
  /** Sub-headlines found above the body (the lines are joined with "\n"), when none was given. */
  subtitle: string | null;
  reporters: string[];
  emails: string[];
}

export interface CleanOptions {
  title?: string | null;
  subtitle?: string | null;
}

/**
 * One clean body from raw lines: chrome and captions dropped, bylines and e-mails moved into fields,
 * repeated paragraphs (and repeats of the title or subtitle) kept once, leading sub-headlines moved to the
 * subtitle when the page gave none.
 */
export function cleanParagraphs(lines: readonly string[], options: CleanOptions = {}): CleanedBody {
  const reporters: string[] = [];
  const emails: string[] = [];
  const addByline = (b: Byline | null) => {
    if (!b) return;
    reporters.push(...b.reporters);
    emails.push(...b.emails);
  };

  const seen = new Set<string>();
  const titleKey = options.title ? paragraphKey(options.title) : null;
  if (titleKey) seen.add(titleKey);
  const givenSubtitle = options.subtitle ? cleanSubtitle(options.subtitle) : null;
  for (const part of givenSubtitle?.split(/\n/) ?? []) seen.add(paragraphKey(part));

  const kept: string[] = [];
  for (const raw of lines) {
    let text = normalizeText(raw);
    if (isChromeLine(text) || isPhotoCaption(text) || isSeriesLabel(text)) continue;
    const byline = parseBylineLine(text);
    if (byline) {
      addByline(byline);
      continue;
    }
    const lead = stripWireLead(text);
    reporters.push(...lead.reporters);
    text = lead.text;
    const trailing = stripTrailingByline(text);
    addByline(trailing.byline);
    text = trailing.text;
    if (text === "" || isChromeLine(text)) continue;
    const key = paragraphKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(text);
  }

  let subtitle: string | null = null;
  if (!givenSubtitle) {
    let leadCount = 0;
    while (leadCount < kept.length && leadCount < MAX_LEAD_LINES && isHeadlineLike(kept[leadCount] ?? "")) {
      leadCount += 1;
    }
    // Only a block followed by prose is a lead; a page of short lines is the body itself.
    if (leadCount > 0 && leadCount < MAX_LEAD_LINES && leadCount < kept.length) {
      subtitle = kept.splice(0, leadCount).join("\n");
    }
  }

  return {
    paragraphs: kept,
    subtitle,
    reporters: unique(reporters),
    emails: unique(emails.map((e) => e.toLowerCase())),
  };
}

/**
 * A sub-headline block as shown: one line per sub-headline, each once (pages that print the block twice,
 * like the seed and Hankyung's clean-view copy, repeat it inside one element), without series labels or
 * chrome. Null when nothing is left.
 */
export function cleanSubtitle(text: string | null | undefined): string | null {
  if (!text) return null;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = normalizeText(raw);
    if (line === "" || isChromeLine(line) || isSeriesLabel(line)) continue;
    const key = paragraphKey(line);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  return lines.length > 0 ? lines.join("\n") : null;
}

/** Names from a reporter field (`홍길동 기자`, `홍길동·김철수 기자`), without the job title. */
export function reporterNames(text: string | null | undefined): string[] {
  if (!text) return [];
  const parsed = parseBylineLine(text);
  if (parsed) return parsed.reporters;
  const bare = normalizeText(text);
  return NAME.test(bare) ? [bare] : [];
}

export function emailsIn(text: string | null | undefined): string[] {
  if (!text) return [];
  // Byline blocks are short; a selector that matched a whole page must not make this scan the page.
  return unique((normalizeText(text.slice(0, 2_000)).match(EMAIL) ?? []).map((e) => e.toLowerCase()));
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
