/**
 * Korean sentence splitter that keeps direct quotes with the people who said them.
 *
 * Choice: a quote and its reporting clause stay ONE Sentence (`남궁 대표는 "…. …"고 말했다.`), never split
 * inside the quote, with `speaker` set to the named subject and `isQuote` true. Splitting the quote out would
 * lose the reporting verb (말했다 vs 비판했다) and break the quote's own sentences apart from the name that
 * decides whether a statement mention is the statement itself or a reaction to it (src/nlp/statements.ts).
 * The cost: a quoted sentence carries the reporter's framing words too, which the scorer sees.
 *
 * Boundaries: sentence-final punctuation (. ? ! … and runs of them) followed by a space or the end, outside
 * quotes; every line break. Decimal points (3.5%) are not followed by a space and so never split.
 */

export interface Sentence {
  text: string;
  /** Who the text says spoke, as written (남궁 대표, 한 업계 관계자 → 업계 관계자, 누리꾼들); 그/그녀 resolved
   * to the last named speaker. null when the sentence has no attributed quote. */
  speaker: string | null;
  /** The sentence contains direct speech (a double-quoted span, or a single-quoted full utterance). */
  isQuote: boolean;
  /** Offset of `text` in the input. */
  start: number;
}

const QUOTE_PAIRS: Record<string, string> = {
  "“": "”",
  "‘": "’",
  '"': '"',
  "'": "'",
  "「": "」",
  "『": "』",
};
/** Every quotation mark, opening or closing (the scorer reads quotes from morphemes with these). */
export const QUOTE_MARKS: ReadonlySet<string> = new Set([
  ...Object.keys(QUOTE_PAIRS),
  ...Object.values(QUOTE_PAIRS),
]);
/** Any opener of QUOTE_PAIRS: most comments have none, and then the per-character scan is skipped. */
const QUOTE_OPENER = new RegExp(`[${Object.keys(QUOTE_PAIRS).join("")}]`);
const FINAL_PUNCT = /[.?!…。？！]/;
const CLOSERS = /["'”’」』)\]]/;

/** Reporting verbs that follow a quote (말했다, 밝혔다, 강조했다, 부연했다, 비판했다 …), optionally after -고/-며. */
const REPORTING_VERB =
  /^\s*\S*\s*(?:[^\s"“]+\s){0,3}?[^\s"“]*(?:말했|밝혔|강조했|부연했|덧붙였|설명했|지적했|비판했|비난했|주장했|전했|토로했|언급했|답했|물었|호소했|반박했|꼬집었|털어놨|적었|썼|숙였)/;
/** "…"고 했다 / "…"라고 했습니다: the plain 하다 reports speech only right after the quotative particle. */
const QUOTATIVE_HADA = /^\s*(?:이?라고|고|이?라|라며|며)\s*(?:\S+\s){0,2}?\S*했/;
/**
 * The reporting clause sits in the first few words after a quote; testing only this many characters keeps
 * REPORTING_VERB's nested `\S*` runs from backtracking quadratically over a megabyte-long word.
 */
const REPORTING_SCAN_CHARS = 200;
const REPORTING = {
  test: (s: string) => {
    const head = s.slice(0, REPORTING_SCAN_CHARS);
    return REPORTING_VERB.test(head) || QUOTATIVE_HADA.test(head);
  },
};
const SPEAKER_PARTICLE = /^(.+?)(?:은|는|이|가|도|측은|측도)$/;
/** "…"라며 / "…"며 / "…"라면서: the quote was said while doing what the sentence goes on to say. */
const QUOTING_WHILE = /^\s*(?:이?라며|며|이?라면서|면서)\s/;
/**
 * A short sentence after a quote that names who said it ("…" 남궁훈 대표의 말이다. / 남궁훈 대표가 2월 밝힌
 * 내용이다.): the speaker, in group 1.
 */
const SAID_BY_NEXT =
  /^(.{1,30}?)(?:의 (?:말|설명|주장|발언|답변)이다|[이가] (?:[^\s.]+ ){0,3}(?:밝힌|말한|한|전한) (?:내용|말|얘기)이다)\.?$/;
const NOT_SPEAKER_WORD = /(?:에서|에게|에|을|를|의|로|으로|와|과|고|며|서|다|요|,)$/;
const LEADING_FILLERS = new Set([
  "한",
  "또",
  "또한",
  "이어",
  "이에",
  "다른",
  "이날",
  "특히",
  "한편",
  "다만",
  "그러나",
  "하지만",
  "익명의",
]);
const PRONOUNS = new Set(["그", "그녀"]);
/** Sentence-initial connectives that continue the previous speaker's quotes (이어 "…", "…"). */
const CONTINUATIONS = new Set(["이어", "또", "또한", "그러면서", "아울러", "이어서"]);
/** A named person as subject: 남궁 대표가, 김철수 대표는, 홍길동 씨는. Used to resolve a later 그는. */
// Starting only where a letter run starts finds the same matches (the leftmost one already begins there) and
// keeps a long run without spaces linear instead of retrying from each of its letters.
const PERSON_SUBJECT =
  /(?<![가-힣A-Za-z])((?:[가-힣A-Za-z]+\s)?[가-힣A-Za-z]*(?:대표|회장|사장|의장|위원장|장관|의원|총리|대통령|교수|씨|CEO|이사|본부장|센터장|단장))(?:은|는|이|가|도)(?=\s)/g;

/**
 * What every PERSON_SUBJECT match contains (title, particle, whitespace): most lines have none, and this
 * plain alternation rules them out faster than the full pattern with its look-behind.
 */
const PERSON_TITLE =
  /(?:대표|회장|사장|의장|위원장|장관|의원|총리|대통령|교수|씨|CEO|이사|본부장|센터장|단장)(?:은|는|이|가|도)\s/;

interface Span {
  start: number;
  end: number;
}

/** Quote spans in one line; an unmatched opener is treated as a literal character. */
function quoteSpans(line: string): Span[] {
  const spans: Span[] = [];
  if (!QUOTE_OPENER.test(line)) return spans;
  // Closers that no longer occur ahead: without this, a line of unmatched openers rescans to its end once per
  // opener (quadratic; a megabyte of “ took hours).
  const absent = new Set<string>();
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    const close = QUOTE_PAIRS[ch];
    if (close !== undefined && !absent.has(close)) {
      // An apostrophe inside a Latin word (don't) is not a quote.
      const isApostrophe =
        ch === "'" && /[A-Za-z]/.test(line[i - 1] ?? "") && /[A-Za-z]/.test(line[i + 1] ?? "");
      const j = isApostrophe ? -1 : line.indexOf(close, i + 1);
      if (j < 0 && !isApostrophe) absent.add(close);
      if (j > i) {
        spans.push({ start: i, end: j });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return spans;
}

/** Spans are sorted and disjoint: a binary search keeps a line with many quotes linear-logarithmic. */
function spanAtOrBefore(spans: Span[], pos: number): Span | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  let found: Span | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (s.start <= pos) {
      found = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function insideSpan(spans: Span[], pos: number): boolean {
  const s = spanAtOrBefore(spans, pos);
  return s !== undefined && pos > s.start && pos < s.end;
}

/** Direct speech: double quotes, or single quotes around a whole utterance ('저게 과연 책임지는 것인가'). */
function isDirectSpeech(line: string, span: Span): boolean {
  const open = line[span.start]!;
  if (open === '"' || open === "“" || open === "「" || open === "『") return true;
  const inner = line.slice(span.start + 1, span.end).trim();
  return /\s/.test(inner) && /(?:다|요|까|죠|냐|가|나|지|군|네)[.?!]*$/.test(inner);
}

function cleanSpeaker(phrase: string): string | null {
  const words = phrase.split(/\s+/).filter(Boolean);
  while (words.length > 1 && LEADING_FILLERS.has(words[0]!)) words.shift();
  const s = words.join(" ").replace(/[,·]$/, "");
  return s.length > 0 && s.length <= 30 ? s : null;
}

/** The subject before the first quote: the last 은/는/이/가-marked word and up to 3 bare nouns before it. */
function speakerBefore(prefix: string): string | null {
  const words = prefix.trim().split(/\s+/).filter(Boolean);
  for (let i = words.length - 1; i >= 0; i--) {
    const m = SPEAKER_PARTICLE.exec(words[i]!);
    if (!m) continue;
    const head = m[1]!;
    if (NOT_SPEAKER_WORD.test(head) && head.length > 1) continue;
    const parts = [head];
    for (let j = i - 1; j >= 0 && parts.length < 4; j--) {
      const w = words[j]!;
      if (NOT_SPEAKER_WORD.test(w) || /[.?!"”']$/.test(w) || SPEAKER_PARTICLE.test(w)) break;
      parts.unshift(w);
    }
    return cleanSpeaker(parts.join(" "));
  }
  // Headline style: a bare name right before the quote (남궁훈 "…", 카카오 "…").
  if (words.length >= 1 && words.length <= 2 && !words.some((w) => NOT_SPEAKER_WORD.test(w))) {
    return cleanSpeaker(words.join(" "));
  }
  return null;
}

/** The subject after the last quote (`"…"라고 남궁 대표는 말했다`, `"…"던 그는`). */
function speakerAfter(suffix: string): string | null {
  const words = suffix.trim().split(/\s+/).filter(Boolean).slice(1, 4);
  for (let i = 0; i < words.length; i++) {
    const m = SPEAKER_PARTICLE.exec(words[i]!);
    if (!m || NOT_SPEAKER_WORD.test(m[1]!)) continue;
    // Without a reporting verb only a pronoun is a safe subject: "…"던 그는; "…" 반응은 싸늘했다 is not speech.
    // -라며 / -며 right after the quote ("…"라며 남궁훈 대표는 고개를 숙였다) marks it as said by that subject.
    if (!PRONOUNS.has(m[1]!) && !REPORTING.test(suffix) && !QUOTING_WHILE.test(suffix)) return null;
    return cleanSpeaker([...words.slice(0, i), m[1]!].join(" "));
  }
  return null;
}

/** The speaker named by what follows the quote or the next sentence ("…" 남궁훈 대표의 말이다), or null. */
function saidBy(text: string): string | null {
  const said = SAID_BY_NEXT.exec(text.trim());
  return said ? cleanSpeaker(said[1]!) : null;
}

function outsideQuotes(text: string, spans: Span[]): string {
  let out = "";
  let from = 0;
  for (const s of spans) {
    out += `${text.slice(from, s.start)} `;
    from = s.end + 1;
  }
  return out + text.slice(from);
}

function lastPersonSubject(text: string): string | null {
  let found: string | null = null;
  if (!PERSON_TITLE.test(text)) return found;
  for (const m of text.matchAll(PERSON_SUBJECT)) found = cleanSpeaker(m[1]!);
  return found;
}

interface Attribution {
  speaker: string | null;
  isQuote: boolean;
}

function attribute(text: string, lastNamed: { value: string | null }): Attribution {
  const spans = quoteSpans(text).filter((s) => isDirectSpeech(text, s));
  if (spans.length === 0) {
    lastNamed.value = lastPersonSubject(text) ?? lastNamed.value;
    return { speaker: null, isQuote: false };
  }
  const first = spans[0]!;
  const last = spans[spans.length - 1]!;
  const suffix = text.slice(last.end + 1);
  const prefix = text.slice(0, first.start);
  const prefixWords = prefix.trim().split(/\s+/).filter(Boolean);
  let speaker: string | null = null;
  if (prefixWords.length === 1 && CONTINUATIONS.has(prefixWords[0]!)) {
    speaker = lastNamed.value;
  } else {
    speaker = speakerBefore(prefix) ?? speakerAfter(suffix) ?? saidBy(suffix);
  }
  if (speaker !== null && PRONOUNS.has(speaker)) speaker = lastNamed.value ?? speaker;
  else lastNamed.value = lastPersonSubject(outsideQuotes(text, spans)) ?? lastNamed.value;
  return { speaker, isQuote: true };
}

/** Splits `text` into sentences, quotes kept whole and attributed where the text says who spoke. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const lastNamed = { value: null as string | null };
  let lineStart = 0;
  for (const line of text.split("\n")) {
    const spans = quoteSpans(line);
    let start = 0;
    const push = (from: number, to: number) => {
      const raw = line.slice(from, to);
      const lead = raw.length - raw.trimStart().length;
      const body = raw.trim();
      if (body === "") return;
      out.push({ text: body, start: lineStart + from + lead, ...attribute(body, lastNamed) });
    };
    for (let i = 0; i < line.length; i++) {
      if (!FINAL_PUNCT.test(line[i]!) || insideSpan(spans, i)) continue;
      let j = i;
      while (j + 1 < line.length && (FINAL_PUNCT.test(line[j + 1]!) || line[j + 1] === "~")) j++;
      // Closing quotes/brackets right after the punctuation belong to this sentence.
      while (
        j + 1 < line.length &&
        CLOSERS.test(line[j + 1]!) &&
        spanAtOrBefore(spans, j + 1)?.start !== j + 1
      )
        j++;
      const next = line[j + 1];
      if (next === undefined || /\s/.test(next)) {
        push(start, j + 1);
        start = j + 1;
      }
      i = j;
    }
    push(start, line.length);
    lineStart += line.length + 1;
  }
  // A quote left without a speaker takes the one the next sentence names ("…" 남궁훈 대표의 말이다).
  for (let i = 0; i + 1 < out.length; i++) {
    const quote = out[i]!;
    if (!quote.isQuote || quote.speaker !== null) continue;
    quote.speaker = saidBy(out[i + 1]!.text);
  }
  return out;
}
