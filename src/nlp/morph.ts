/**
 * The one wrapper around kuromoji-ko. The dictionary takes about 1 s and 300+ MB to load (DESIGN §9),
 * so it is loaded once per process (or worker) and shared.
 *
 * Tokens are normalized: compound and inflected tokens are split into their `expression` parts
 * (했 → 하/XSA + 았/EP), predicates get the dictionary form (빨랐 → 빠르다), and conjoining jamo
 * endings (U+11A8..U+11C2, e.g. ᆫ) become compatibility jamo (ㄴ) as KOSAC writes them.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { MeCab, Tokenizer } from "kuromoji-ko";
import { repoPath } from "../shared/paths.js";
import {
  bestPathSearcher,
  installSharedTables,
  installTokenizerShortcuts,
  loadSharedTables,
  type SharedTables,
} from "./lattice.js";

export interface Morpheme {
  /** The morpheme as written (after splitting compounds). */
  surface: string;
  /** Dictionary form: predicates end in 다 (지겹다, 빠르다), others as the surface. */
  lemma: string;
  /** mecab-ko-dic (Sejong) tag of this part: NNG, VV, VA, XR, MAG, EF, SF … */
  tag: string;
  /** Index of the eojeol (space-separated word) this morpheme came from: lets rules look "one word back". */
  word: number;
}

const PREDICATE_TAGS = new Set(["VV", "VA", "VX", "VCN", "VCP", "XSV", "XSA"]);

/** Conjoining jongseong jamo (U+11A8..U+11C2) → compatibility jamo, the form KOSAC and people type. */
const JONGSEONG_TO_COMPAT: Record<string, string> = (() => {
  const compat = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
  const map: Record<string, string> = {};
  for (let i = 0; i < compat.length; i++) map[String.fromCharCode(0x11a8 + i)] = compat[i]!;
  return map;
})();

/** Conjoining choseong (U+1100..U+1112) → compatibility jamo: endings like ᄇ니다 come out with one. */
const CHOSEONG_TO_COMPAT: Record<string, string> = (() => {
  const compat = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  const map: Record<string, string> = {};
  for (let i = 0; i < compat.length; i++) map[String.fromCharCode(0x1100 + i)] = compat[i]!;
  return map;
})();

export function unifyJamo(text: string): string {
  return text
    .replace(/[\u11a8-\u11c2]/g, (c) => JONGSEONG_TO_COMPAT[c] ?? c)
    .replace(/[\u1100-\u1112]/g, (c) => CHOSEONG_TO_COMPAT[c] ?? c);
}

function lemmaOf(morpheme: string, tag: string): string {
  return PREDICATE_TAGS.has(tag) && tag !== "VCP" ? `${morpheme}다` : morpheme;
}

let shared: Promise<MeCab> | undefined;

/** Where kuromoji-ko's bundled mecab-ko-dic lives, found through node's resolver (works from dist/ and src/). */
export function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("kuromoji-ko"); // …/kuromoji-ko/dist/index.cjs (package.json is not exported)
  return path.join(path.dirname(entry), "..", "dict");
}

/**
 * kuromoji-ko ships its dictionary gzipped and inflates it with pako, a JavaScript inflater: about 0.75 s of
 * the 1.1 s a load takes, paid by every process and every analysis worker. Node's native zlib does it in a
 * fraction of that, once, into a cache folder; later loads read the plain files (kuromoji-ko looks for
 * `name.dat` when `name.dat.gz` is absent). The folder name carries a hash of the bundled files' names and
 * gzip trailers (CRC-32 and length of the content), so an upgraded kuromoji-ko gets a new cache. Returns
 * null when no cache can be written (read-only disk): the caller then loads the gzipped files as before.
 */
export function decompressedDictionary(
  source: string = dictionaryPath(),
  cacheRoots: string[] = cacheDirs(),
): string | null {
  let names: string[];
  try {
    names = readdirSync(source)
      .filter((n) => n.endsWith(".dat.gz"))
      .sort();
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  // A gzip file ends with the CRC-32 and length of its content: eight bytes that fingerprint each file.
  const stamp = createHash("sha256");
  for (const n of names) stamp.update(`${n}:${gzipTrailer(path.join(source, n))}\n`);
  const leaf = `mecab-ko-dic-${stamp.digest("hex").slice(0, 12)}`;
  for (const root of cacheRoots) {
    const dir = cacheFolder(path.join(root, leaf), `decompressed from ${source}`, (tmp) => {
      for (const n of names)
        writeFileSync(path.join(tmp, n.slice(0, -3)), gunzipSync(readFileSync(path.join(source, n))));
    });
    if (dir) return dir;
  }
  return null;
}

const COMPLETE_MARK = "complete";

/**
 * `dir` once it holds a complete cache, writing it with `fill` when it does not; null when it cannot be
 * written. Several workers and processes may start at once: each fills its own temporary folder, marks it
 * complete and renames it into place; a loser of the race drops its copy (the winner's is the same).
 */
function cacheFolder(dir: string, mark: string, fill: (tmp: string) => void): string | null {
  if (existsSync(path.join(dir, COMPLETE_MARK))) return dir;
  const tmp = `${dir}.tmp-${process.pid}-${threadId}`;
  try {
    mkdirSync(tmp, { recursive: true });
    fill(tmp);
    writeFileSync(path.join(tmp, COMPLETE_MARK), `${mark}\n`);
    try {
      renameSync(tmp, dir);
    } catch {
      removeQuietly(tmp);
    }
    return existsSync(path.join(dir, COMPLETE_MARK)) ? dir : null;
  } catch {
    removeQuietly(tmp);
    return null;
  }
}

function gzipTrailer(file: string): string {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const trailer = Buffer.alloc(8);
    readSync(fd, trailer, 0, 8, Math.max(0, size - 8));
    return trailer.toString("hex");
  } finally {
    closeSync(fd);
  }
}

/** A cache that cannot be cleaned up is not worth failing a load over. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left for the temp cleaner
  }
}

/** `YEORON_CACHE_DIR`, else node_modules/.cache/yeoron (the usual home of tool caches), else the temp dir. */
function cacheDirs(): string[] {
  const fromEnv = process.env.YEORON_CACHE_DIR;
  return fromEnv
    ? [fromEnv]
    : [repoPath("node_modules", ".cache", "yeoron"), path.join(tmpdir(), "yeoron-cache")];
}

/** The dictionary's shared tables (lattice.ts SharedTables) with the decompressed folder they were read from. */
export interface SharedDictionary {
  dir: string;
  tables: SharedTables;
  /** slimDictionary(dir), or null when it could not be written (workers then load the full dictionary). */
  slim: string | null;
}

/** Tables handed over by the thread that started this worker (useSharedTables). */
let sharedTables: Promise<SharedDictionary | null> | undefined;

/**
 * The decompressed dictionary's large tables in shared memory, read once (lattice.ts SharedTables), for a
 * process about to start analysis workers; null when there is no decompressed dictionary to read them from
 * (the workers then load their own copies, as before).
 */
export function sharedDictionaryTables(): SharedDictionary | null {
  const dir = decompressedDictionary();
  if (!dir) return null;
  try {
    const tables = loadSharedTables((name) => readFileSync(path.join(dir, name)));
    return { dir, tables, slim: slimDictionary(dir) };
  } catch {
    return null;
  }
}

/** Files kuromoji-ko's loader reads whose content SharedTables carries: placeholders in the slim folder. */
const PLACEHOLDERS: Record<string, Uint8Array> = {
  "base.dat": new Uint8Array(new Int32Array([1, 0]).buffer),
  "check.dat": new Uint8Array(new Int32Array([0, 0]).buffer),
  "cc.dat": new Uint8Array(new Int16Array([0, 0]).buffer),
  "tid.dat": new Uint8Array(0),
  "tid_pos.dat": new Uint8Array(0),
  "tid_map.dat": new Uint8Array(new Int32Array([0]).buffer),
};

/**
 * A folder beside the decompressed dictionary `dir` that kuromoji-ko loads in about 25 ms instead of 300:
 * its small files (unknown words, character classes) copied, and placeholders for the large ones, which a
 * worker then takes from the shared tables (installSharedTables with `slim`). Null when it cannot be written.
 */
export function slimDictionary(dir: string): string | null {
  return cacheFolder(
    path.join(dir, "slim"),
    `small files of ${dir}; the large ones come from shared memory`,
    (tmp) => {
      for (const name of readdirSync(dir)) {
        if (!name.endsWith(".dat")) continue;
        writeFileSync(path.join(tmp, name), PLACEHOLDERS[name] ?? readFileSync(path.join(dir, name)));
      }
    },
  );
}

/**
 * In a worker, before the first analysis: use these tables instead of private copies (see loadMorphAnalyzer).
 * The dictionary load waits for them.
 */
export function useSharedTables(shared: Promise<SharedDictionary | null>): void {
  sharedTables = shared;
}

/**
 * The process-wide analyzer, loaded on first use from the decompressed dictionary when there is one, building
 * its lattices in linear time (lattice.ts): same morphemes as stock kuromoji-ko, about 4× less lattice work.
 * Given shared tables from the same folder, it loads only the slim folder and takes the rest from them; if
 * there is no slim folder, it loads its own copy and drops its trie and costs for the shared ones (same
 * content, checked).
 */
export function loadMorphAnalyzer(): Promise<MeCab> {
  shared ??= (async () => {
    const dir = decompressedDictionary();
    const tables = sharedTables ? await sharedTables : null;
    const usable = dir !== null && tables?.dir === dir ? tables : null;
    if (usable?.slim) {
      const mecab = await MeCab.create({ engine: "ko", dictPath: usable.slim });
      installSharedTables(mecab, usable.tables, { slim: true });
      return installTokenizerShortcuts(mecab);
    }
    const mecab = await MeCab.create({ engine: "ko", dictPath: dir ?? dictionaryPath() });
    if (usable) installSharedTables(mecab, usable.tables);
    return installTokenizerShortcuts(mecab);
  })();
  return shared;
}

/**
 * kuromoji-ko builds one lattice per span between . ? ! in time quadratic in the span's length, and cubic in
 * a run of characters of one unknown class (measured: 40,000 characters of words without a full stop 26 s,
 * "x" × 4,000 127 s). Text past these limits is fed to it in pieces: spans are cut at a space, and a run
 * without spaces is cut where it reaches MAX_PARSE_RUN_CHARS. Ordinary sentences stay under both limits and
 * are parsed whole, exactly as before.
 */
export const MAX_PARSE_SPAN_CHARS = 256;
/** Longer than any Korean eojeol; only URLs, base64 and keyboard mashing reach it. */
export const MAX_PARSE_RUN_CHARS = 32;
const KUROMOJI_PUNCTUATION = /[.?!。？！]/;
const LONG_SPAN = new RegExp(`[^.?!。？！]{${MAX_PARSE_SPAN_CHARS + 1}}`);
const LONG_RUN = new RegExp(`\\S{${MAX_PARSE_RUN_CHARS + 1}}`);

/** `text` cut into pieces kuromoji parses in bounded time; whitespace at a cut starts the next piece. */
export function parsePieces(text: string): string[] {
  // Most texts are shorter than any limit: no need to scan them with the two patterns.
  if (text.length <= MAX_PARSE_RUN_CHARS) return [text];
  if ((text.length <= MAX_PARSE_SPAN_CHARS || !LONG_SPAN.test(text)) && !LONG_RUN.test(text)) return [text];
  const pieces: string[] = [];
  let start = 0;
  let span = 0;
  let run = 0;
  let lastSpace = -1;
  let runOfSpaces = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // Never between the halves of a surrogate pair: a lone half makes kuromoji throw.
    const pairContinues = /[\uD800-\uDBFF]/.test(ch) && /[\uDC00-\uDFFF]/.test(text[i + 1] ?? "");
    if (KUROMOJI_PUNCTUATION.test(ch)) span = 0;
    else span++;
    const isSpace = /\s/.test(ch);
    // Spaces group into one token like letters do, so a run of either kind counts.
    run = isSpace === runOfSpaces ? run + 1 : 1;
    runOfSpaces = isSpace;
    if (isSpace) lastSpace = i;
    if (pairContinues) continue;
    if (run >= MAX_PARSE_RUN_CHARS) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
      span = 0;
      run = 0;
      lastSpace = -1;
    } else if (span >= MAX_PARSE_SPAN_CHARS) {
      // Before the last space, so the space opens the next piece; inside a run of spaces, right here.
      const cut = lastSpace > start && lastSpace < i ? lastSpace : i + 1;
      pieces.push(text.slice(start, cut));
      span = i + 1 - cut;
      start = cut;
      lastSpace = -1;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** The fields of kuromoji-ko's KoreanToken read here (MeCab.parse wraps each in a Token; we skip that). */
interface RawToken {
  surface_form: string;
  /** Tags joined by "+" (the first is the token's own). */
  pos: string;
  /** "*" or parts "morpheme/TAG/semantic" joined by "+". */
  expression: string;
}

function tokenizerOf(mecab: MeCab): { tokenize(text: string): RawToken[] } {
  return (mecab as unknown as { underlyingTokenizer: { tokenize(text: string): RawToken[] } })
    .underlyingTokenizer;
}

/** A normalized morpheme before it is given its word index. */
type WordMorpheme = Omit<Morpheme, "word">;

/** A token's own tag: kuromoji-ko joins a compound's tags with "+" (VV+EP+EF), the token's first. */
function firstTag(pos: string): string {
  const plus = pos.indexOf("+");
  return plus < 0 ? pos : pos.slice(0, plus);
}

/** kuromoji-ko's raw tokens of one span, normalized; "SP" entries stand for a whitespace token. */
function normalizeTokens(tokens: readonly RawToken[]): Array<WordMorpheme | "SP"> {
  const out: Array<WordMorpheme | "SP"> = [];
  for (const tok of tokens) normalizeToken(tok, out);
  repairMisreadings(out);
  return out;
}

/** One raw token's normalized morphemes, appended to `out` (readings across tokens are repaired later). */
function normalizeToken(tok: RawToken, out: Array<WordMorpheme | "SP">): void {
  const tag = firstTag(tok.pos);
  if (tag === "SP") {
    out.push("SP");
    return;
  }
  // kuromoji-ko reads the dictionary's "," entry as an empty token with an empty tag; it says nothing.
  if (tok.surface_form === "") return;
  const parts = tok.expression === "*" ? null : tok.expression.split("+");
  if (parts && parts.length > 1) {
    for (const part of parts) {
      const fields = part.split("/");
      const m = unifyJamo(fields[0] ?? "");
      const partTag = fields[1] ?? "";
      out.push({ surface: m, lemma: lemmaOf(m, partTag), tag: partTag });
    }
  } else {
    const surface = unifyJamo(tok.surface_form);
    out.push({ surface, lemma: lemmaOf(surface, tag), tag });
  }
}

/**
 * Readings mecab-ko-dic gets wrong every time, put right in place, each inside one word: the word memory
 * repairs every word on its own, so a repair that looked at the next word would disagree with the stock path.
 * - 안전하다 "safe" comes out as 안/MAG 전하/VV ("not convey") in all its forms (안전하다, 안전한, 안전해졌다,
 *   안전하지 않다), while 안전 alone is a noun; written as one word, the negated verb would need a space (안
 *   전했다), so without one it is the adjective.
 * - 어이 ("어이가 없다", dumbfounded) before a particle comes out as 어/IC 이/NP (어이가) or 어/IC 이/MM (어이
 *   상실), though 어이 before a space is a noun; the interjection 어 is never written joined to 이.
 * - 보상안, 대책안, 사임안 (a proposal, 案) come out as the noun and the negator 안/MAG, which then negated the
 *   next predicate (보상안 "기대 이상" 호평). Joined to a noun and ending its word (or before a particle), 안 is
 *   the noun suffix; 보상 안 줌 and 보상안줌 keep the negator, and so, wrongly, would 보상안 줌 with its space
 *   misplaced: a word is repaired on its own (the word memory), so the next word cannot decide.
 * - 다시는 as a word of its own ("never again") comes out as 다시다/VV + 는/ETM (smack one's lips); 입맛을
 *   다시는, the verb, is rare enough in this news to be read the same way.
 * - Whole words read as morphemes that are not there (시, 덜, 자사주, 피해, 팬, 잔, 안산, 쇼):
 *   WHOLE_WORD_READINGS.
 */
function repairMisreadings(ms: Array<WordMorpheme | "SP">): void {
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    // Most morphemes start no reading: one set lookup settles that before the readings are tried.
    if (m === "SP" || !(WHOLE_WORD_FIRSTS.has(m.lemma) || WHOLE_WORD_FIRSTS.has(m.surface))) continue;
    if (!isWordBoundary(ms[i - 1])) continue;
    const whole = WHOLE_WORD_READINGS.find(
      (r) => isWordBoundary(ms[i + r.parts.length]) && r.parts.every((p, k) => readsAs(ms[i + k], p)),
    );
    if (whole) ms.splice(i, whole.parts.length, whole.as);
  }
  for (let i = 0; i + 1 < ms.length; i++) {
    const a = ms[i]!;
    const b = ms[i + 1]!;
    if (a === "SP" || b === "SP") continue;
    if (a.surface === "안" && a.tag === "MAG" && b.surface === "전하" && b.tag === "VV") {
      ms[i] = { surface: "안전", lemma: "안전", tag: "NNG" };
      ms[i + 1] = { surface: "하", lemma: "하다", tag: "XSA" };
    } else if (
      a.surface === "어" &&
      a.tag === "IC" &&
      b.surface === "이" &&
      (b.tag === "NP" || b.tag === "MM") &&
      isWordBoundary(ms[i - 1]) &&
      endsNounWord(ms[i + 2])
    ) {
      ms.splice(i, 2, { surface: "어이", lemma: "어이", tag: "NNG" });
    } else if (
      a.tag === "NNG" &&
      b.surface === "안" &&
      b.tag === "MAG" &&
      (isMorpheme(ms[i + 2], "전부", "NNG") || isMorpheme(ms[i + 2], "전부", "MAG"))
    ) {
      // 행정안전부 (a ministry) read as 행정 + 안 + 전부 ("not all"): 안 joined to a noun is no negator here.
      ms.splice(
        i + 1,
        2,
        { surface: "안전", lemma: "안전", tag: "NNG" },
        { surface: "부", lemma: "부", tag: "NNG" },
      );
    } else if (a.tag === "NNG" && b.surface === "안" && b.tag === "MAG" && endsNounWord(ms[i + 2])) {
      // 보상안, 대책안은 (a proposal): joined to a noun and ending its word, 안 is the noun suffix 案.
      ms[i + 1] = { surface: "안", lemma: "안", tag: "NNG" };
    } else if (
      a.lemma === "다시다" &&
      a.tag === "VV" &&
      a.surface === "다시" &&
      b.surface === "는" &&
      b.tag === "ETM" &&
      (isWordBoundary(ms[i - 1]) || (ms[i - 1] as WordMorpheme).tag.startsWith("S")) &&
      isWordBoundary(ms[i + 2])
    ) {
      // 다시는 ("never again", a word of its own) is the adverb 다시 and the particle 는, not 다시다 (smack
      // one's lips), which takes an object (입맛을 다시는).
      ms[i] = { surface: "다시", lemma: "다시", tag: "MAG" };
      ms[i + 1] = { surface: "는", lemma: "는", tag: "JX" };
    }
  }
}

/**
 * Words of their own that kuromoji-ko reads as morphemes that are not there, put right as one morpheme,
 * written "part/tag … → surface/tag" (a part matches a morpheme's lemma or surface):
 * - 시 ("when, in case of": 장애 시, 재발 시) comes out as the honorific pre-final ending 시/EP, which never stands
 *   alone: it is the bound noun;
 * - 덜 ("less": 덜 답답하다) is the adverb, not 덜다 + -ㄹ ("to lessen"), which the tokenizer picks after some
 *   words (보이니까 덜 답답하다); 걱정을 덜 방법, the verb, is rare;
 * - 자사주 (treasury shares) is the noun, not 자다 ("sleep") + 사주, which the review-derived lexicon rates -2.17
 *   (자사주 소각 read as a complaint); no verb 자다 ends in 사주 at a word's end;
 * - 피해 (damage) standing between two words (이번 피해 규모, 장애 피해 접수, 큰 피해 입었다) comes out as 피하다
 *   ("avoid") + 아; the verb so written (비를 피해 들어갔다) is far rarer in this news than the noun;
 * - 팬 (a fan: 팬 커뮤니티) comes out as 패다 ("beat") + -ㄴ, and 잔 (a cup: 커피 세 잔) as 잘다 ("fine") + -ㄴ,
 *   which the review-derived lexicon rates -0.71 and -1.01;
 * - 안산 (the city of Kakao's own data center) comes out as the negator 안 + 살다 + -ㄴ ("not lived"), and 쇼
 *   (a show: 사퇴 쇼) as the copula + 시 + 오.
 */
const WHOLE_WORD_READINGS = [
  "시/EP → 시/NNB",
  "덜다/VV ㄹ/ETM → 덜/MAG",
  "자다/VV 사주/EC → 자사주/NNG",
  "피하다/VV 아/EC → 피해/NNG",
  "패다/VA ㄴ/ETM → 팬/NNG",
  "잘다/VA ㄴ/ETM → 잔/NNB",
  "안/MAG 살다/VV ㄴ/ETM → 안산/NNP",
  "이/VCP 시/EP 오/EF → 쇼/NNG",
].map((line) => {
  const [from = "", to = ""] = line.split(" → ");
  const parts = from.split(" ").map((part) => {
    const [text, tag] = part.split("/");
    if (!text || !tag) throw new Error(`morph.ts: a whole-word reading part is not "text/tag": ${line}`);
    return { text, tag };
  });
  const [surface, tag] = to.split("/");
  if (!surface || !tag || parts.length === 0)
    throw new Error(`morph.ts: a whole-word reading is not "part/tag … → surface/tag": ${line}`);
  const as: WordMorpheme = { surface, lemma: surface, tag };
  return { parts, as };
});

/** The first parts of the whole-word readings (lemma or surface). */
const WHOLE_WORD_FIRSTS = new Set(WHOLE_WORD_READINGS.map((r) => r.parts[0]!.text));

/** Whether `m` is the morpheme a whole-word reading's part names (by lemma or surface, and tag). */
function readsAs(m: WordMorpheme | "SP" | undefined, part: { text: string; tag: string }): boolean {
  return (
    m !== undefined && m !== "SP" && m.tag === part.tag && (m.lemma === part.text || m.surface === part.text)
  );
}

function isMorpheme(m: WordMorpheme | "SP" | undefined, surface: string, tag: string): boolean {
  return m !== undefined && m !== "SP" && m.surface === surface && m.tag === tag;
}

/** Whether a word ends (or starts) at this neighbour: a space, or the edge of the text. */
function isWordBoundary(m: WordMorpheme | "SP" | undefined): m is "SP" | undefined {
  return m === undefined || m === "SP";
}

/** Whether a noun may end its word before `next`: a space, the end, or a particle (어이가, 어이도). */
function endsNounWord(next: WordMorpheme | "SP" | undefined): boolean {
  return isWordBoundary(next) || next.tag.startsWith("J");
}

/**
 * Per-tokenizer memory of word analyses. Why it gives exactly the whole-sentence result: kuromoji-ko puts one
 * forced node (SP, a single unknown-word entry; no dictionary word contains whitespace) on every run of
 * whitespace, and a path's cost only links neighbouring nodes. So the best path through a word between two
 * whitespace runs does not depend on the other words, and analysing ` word ` alone finds the same morphemes;
 * a word at a sentence edge is analysed with that edge (no space on that side). Ties break the same way:
 * costs are integers and the nodes inside the word come in the same order. A word with no path makes its
 * whole sentence yield nothing, as kuromoji-ko does. test/nlp/lattice.test.ts compares it with whole-text
 * tokenization on the sample and on generated text.
 */
interface WordMemory {
  /** By the word's edges: [no space before or after, space after only, space before only, both]. */
  words: Array<Map<string, WordMorpheme[] | null>>;
  /** Words held in all four maps together. */
  size: number;
  /** Per UTF-16 code unit: 1 when kuromoji's character class is SPACE. */
  isSpace: Uint8Array;
  /** normalizeTokens(tokenizer.tokenize(text)), null when that yields no token (see fastTokenizer). */
  tokenize(text: string): Array<WordMorpheme | "SP"> | null;
}

/** About 30 MB per process: the distinct words of a day of comments on a story; cleared whole when it fills. */
const WORD_MEMORY_LIMIT = 100_000;
const wordMemories = new WeakMap<MeCab, WordMemory>();

interface FormatterInternals {
  formatEntry(id: number, position: number, type: string, features: string[]): RawToken;
  formatUnknownEntry(
    id: number,
    position: number,
    type: string,
    features: string[],
    surface: string,
  ): RawToken;
}

interface TokenizerInternals {
  tokenize(text: string): RawToken[];
  formatter: FormatterInternals;
  tokenInfoDictionary: { getFeatures(id: number): string };
  unknownDictionary: {
    getFeatures(id: number): string;
    lookup(ch: string): { class_name: string } | undefined;
  };
}

/**
 * kuromoji-ko's own token post-processing (VerbPostProcessor, which re-tags some NNG/NNP tokens such as 가세요
 * as VV+EP+EF) for one token. The library does not export it; its Tokenizer.tokenize runs it over whatever
 * `this.tokenizeForSentence` produced, so tokenize is called with a `this` whose tokenizeForSentence yields
 * the one token. Checked once on a token the processor is known to rewrite.
 */
function libraryPostProcessor(formatter: FormatterInternals): (token: RawToken) => RawToken {
  const tokenize = Tokenizer.prototype.tokenize as unknown as (this: unknown, text: string) => RawToken[];
  let pending: RawToken | undefined;
  const feeder = {
    tokenizeForSentence(_sentence: string, out: RawToken[]): RawToken[] {
      if (pending) out.push(pending);
      return out;
    },
  };
  const postProcess = (token: RawToken): RawToken => {
    pending = token;
    const out = tokenize.call(feeder, "x");
    pending = undefined;
    if (out.length !== 1) throw new Error("kuromoji-ko's Tokenizer.tokenize changed: cannot post-process");
    return out[0]!;
  };
  const probe = postProcess(formatter.formatEntry(0, 1, "KNOWN", ["가세요", "NNG"]));
  if (probe.pos !== "VV+EP+EF")
    throw new Error("kuromoji-ko's verb post-processing changed: the word memory cannot reproduce it");
  return postProcess;
}

/**
 * `normalizeTokens(tokenizer.tokenize(text))` without kuromoji-ko's node and token objects: the lattice and
 * best path come from lattice.ts's typed-array search (the stock best path, ties included), and a dictionary
 * word's normalized morphemes are worked out once per entry (its surface, tags and expression are all in its
 * feature line). Unknown words are formatted per occurrence with the library's formatter, since their
 * surface comes from the text. Null when kuromoji-ko would return no token at all.
 */
function fastTokenizer(mecab: MeCab): (text: string) => Array<WordMorpheme | "SP"> | null {
  const tokenizer = tokenizerOf(mecab) as unknown as TokenizerInternals;
  const search = bestPathSearcher(mecab);
  const { formatter } = tokenizer;
  const postProcess = libraryPostProcessor(formatter);
  const known = new Map<number, ReadonlyArray<WordMorpheme | "SP">>();
  const unknownFeatures = new Map<number, { features: string[]; space: boolean }>();
  const knownParts = (id: number): ReadonlyArray<WordMorpheme | "SP"> => {
    let parts = known.get(id);
    if (parts === undefined) {
      const line = tokenizer.tokenInfoDictionary.getFeatures(id);
      const token = formatter.formatEntry(id, 1, "KNOWN", line ? line.split(",") : []);
      const normalized: Array<WordMorpheme | "SP"> = [];
      normalizeToken(postProcess(token), normalized);
      parts = normalized;
      known.set(id, parts);
    }
    return parts;
  };
  return (text) => {
    if (!text.isWellFormed()) {
      const tokens = tokenizer.tokenize(text);
      return tokens.length === 0 ? null : normalizeTokens(tokens);
    }
    const out: Array<WordMorpheme | "SP"> = [];
    let tokens = 0;
    for (const sentence of Tokenizer.splitByPunctuation(text)) {
      const path = search(sentence);
      tokens += path.length;
      for (let i = 0; i < path.length; i++) {
        const id = path.id[i]!;
        if (path.unknown[i] === 0) {
          for (const m of knownParts(id)) out.push(m);
          continue;
        }
        let unk = unknownFeatures.get(id);
        if (unk === undefined) {
          const line = tokenizer.unknownDictionary.getFeatures(id);
          const features = line ? line.split(",") : [];
          unk = { features, space: firstTag(features[1] ?? "*") === "SP" };
          unknownFeatures.set(id, unk);
        }
        // A whitespace token: normalizeTokens turns it into "SP" whatever its surface.
        if (unk.space) {
          out.push("SP");
          continue;
        }
        const surface = sentence.slice(path.from[i]!, path.to[i]!);
        const token = formatter.formatUnknownEntry(id, 1, "UNKNOWN", unk.features, surface);
        normalizeToken(postProcess(token), out);
      }
    }
    if (tokens === 0) return null;
    repairMisreadings(out);
    return out;
  };
}

function wordMemoryOf(mecab: MeCab): WordMemory {
  let memory = wordMemories.get(mecab);
  if (!memory) {
    const unknown = (tokenizerOf(mecab) as unknown as TokenizerInternals).unknownDictionary;
    const isSpace = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (unknown.lookup(String.fromCharCode(c))?.class_name === "SPACE") isSpace[c] = 1;
    }
    memory = {
      words: [new Map(), new Map(), new Map(), new Map()],
      size: 0,
      isSpace,
      tokenize: fastTokenizer(mecab),
    };
    wordMemories.set(mecab, memory);
  }
  return memory;
}

/** The word memory's tokenizer for `mecab` (exposed for tests: it must equal the stock tokenization). */
export function fastMorphemeStream(mecab: MeCab, text: string): Array<WordMorpheme | "SP"> | null {
  return wordMemoryOf(mecab).tokenize(text);
}

/** normalizeTokens over kuromoji-ko's own tokenize: the reference fastMorphemeStream is tested against. */
export function stockMorphemeStream(mecab: MeCab, text: string): Array<WordMorpheme | "SP"> | null {
  const tokens = tokenizerOf(mecab).tokenize(text);
  return tokens.length === 0 ? null : normalizeTokens(tokens);
}

/**
 * Morphemes of one whitespace-free word, with a space on each side that has one in the sentence; null when
 * kuromoji finds no path through it (a character no dictionary entry covers, such as NUL).
 */
function wordMorphemes(
  memory: WordMemory,
  word: string,
  spaceBefore: boolean,
  spaceAfter: boolean,
): WordMorpheme[] | null {
  // One map per kind of edge, keyed by the word itself: no key string to build and hash per word.
  const words = memory.words[(spaceBefore ? 2 : 0) + (spaceAfter ? 1 : 0)]!;
  let found = words.get(word);
  if (found === undefined) {
    const text = `${spaceBefore ? " " : ""}${word}${spaceAfter ? " " : ""}`;
    const stream = memory.tokenize(text);
    found = stream === null ? null : stream.filter((m): m is WordMorpheme => m !== "SP");
    if (memory.size >= WORD_MEMORY_LIMIT) {
      for (const m of memory.words) m.clear();
      memory.size = 0;
    }
    words.set(word, found);
    memory.size++;
  }
  return found;
}

/** What `tokenizer.tokenize(piece)` yields, normalized, assembled from remembered word analyses. */
function pieceMorphemes(memory: WordMemory, piece: string, out: MorphemeSink): void {
  const { isSpace } = memory;
  for (const sentence of Tokenizer.splitByPunctuation(piece)) {
    // Like kuromoji-ko, which returns no tokens for a sentence it finds no path through: what this sentence
    // added is taken back.
    const mark = out.morphemes.length;
    const { word, afterSpace } = out;
    let i = 0;
    while (i < sentence.length) {
      if (isSpace[sentence.charCodeAt(i)]) {
        while (i < sentence.length && isSpace[sentence.charCodeAt(i)]) i++;
        out.space();
        continue;
      }
      const start = i;
      while (i < sentence.length && !isSpace[sentence.charCodeAt(i)]) i++;
      const found = wordMorphemes(memory, sentence.slice(start, i), start > 0, i < sentence.length);
      if (found === null) {
        out.morphemes.length = mark;
        out.word = word;
        out.afterSpace = afterSpace;
        break;
      }
      for (const m of found) out.push(m);
    }
  }
}

/** Morphemes numbered by word as they come (whitespace separates words), with no intermediate stream. */
class MorphemeSink {
  readonly morphemes: Morpheme[] = [];
  word = 0;
  afterSpace = false;

  space(): void {
    // Two space tokens in a row (a run of spaces cut between pieces) are still one word break.
    if (!this.afterSpace) this.word++;
    this.afterSpace = true;
  }

  push(m: WordMorpheme): void {
    this.afterSpace = false;
    this.morphemes.push({ surface: m.surface, lemma: m.lemma, tag: m.tag, word: this.word });
  }
}

/**
 * Normalized morphemes of `text` (spaces dropped; word index kept): kuromoji-ko's tokens read the way its
 * Token getters read them (pos split at "+", expression parts at "/"), each word analysed once per process.
 */
export function morphemesWith(mecab: MeCab, text: string): Morpheme[] {
  const memory = wordMemoryOf(mecab);
  const sink = new MorphemeSink();
  // An unpaired surrogate (JSON's `\ud800` escape puts one in a comment) makes kuromoji throw; toWellFormed
  // turns it into U+FFFD, which keeps the length, so offsets into `text` stay valid.
  for (const piece of parsePieces(text.toWellFormed())) pieceMorphemes(memory, piece, sink);
  return sink.morphemes;
}

/** Whole-text tokenization without the word memory: the reference the memory is tested against. */
export function morphemesUncached(mecab: MeCab, text: string): Morpheme[] {
  const tokenizer = tokenizerOf(mecab);
  return numberWords(
    parsePieces(text.toWellFormed()).flatMap((piece) => normalizeTokens(tokenizer.tokenize(piece))),
  );
}

/** Gives each morpheme the index of its word: whitespace tokens separate words. */
function numberWords(stream: ReadonlyArray<WordMorpheme | "SP">): Morpheme[] {
  const sink = new MorphemeSink();
  for (const m of stream) {
    if (m === "SP") sink.space();
    else sink.push(m);
  }
  return sink.morphemes;
}

/** Convenience for callers that do not hold the analyzer. */
export async function morphemes(text: string): Promise<Morpheme[]> {
  return morphemesWith(await loadMorphAnalyzer(), text);
}
