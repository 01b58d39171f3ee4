/**
 * Readers for the public corpora in ../shared/data (never committed: a user's clone has none). Each reader
 * returns plain rows; which rows count for which figure is decided here, next to the corpus's own
 * PROVENANCE.md notes, so the lexicon derivation, the model training and the evaluation agree.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../shared/errors.js";
import { REPO_ROOT } from "../shared/paths.js";
import type { SentimentLabel } from "../shared/types.js";

/** The shared data folder is missing: every consumer prints this one line and exits 2. */
export class SharedDataMissingError extends ConfigError {}

/** The repository root (src/shared/paths.ts). */
export function repoRoot(): string {
  return REPO_ROOT;
}

/** `YEORON_SHARED_DATA`, else `../shared/data` beside the repository. */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.YEORON_SHARED_DATA ?? path.resolve(repoRoot(), "..", "shared", "data");
}

/** The shared data folder, or a SharedDataMissingError naming where it looked. */
export function requireSharedData(env: NodeJS.ProcessEnv = process.env): string {
  const dir = sharedDataDir(env);
  if (!existsSync(path.join(dir, "nsmc", "ratings_train.txt"))) {
    throw new SharedDataMissingError(
      `shared data not found at ${dir} (needs nsmc/ratings_train.txt; set YEORON_SHARED_DATA to the folder)`,
    );
  }
  return dir;
}

export interface LabelledText {
  id: string;
  text: string;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
}

/** Lines without their terminator: KoBEST files end lines in CRLF, the others in LF. */
function dataLines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
}

/**
 * NSMC v1.0 (CC0). Plain tab-split lines, no quoting convention (PROVENANCE: pandas `quoting=3`);
 * the 5 train / 3 test rows with an empty document are dropped because they carry no signal.
 */
export function readNsmc(dataDir: string, split: "train" | "test"): LabelledText[] {
  const rows: LabelledText[] = [];
  for (const line of dataLines(path.join(dataDir, "nsmc", `ratings_${split}.txt`)).slice(1)) {
    const [id, text, label] = line.split("\t");
    if (!id || !text || (label !== "0" && label !== "1")) continue;
    rows.push({ id, text, label: label === "1" ? 1 : 0 });
  }
  return rows;
}

/**
 * The validation slice of NSMC train used for every tuning decision (the test split is never looked at
 * while tuning). A fixed id-based rule, not a random draw, so it is the same in every script and run.
 */
export function isValidationRow(id: string): boolean {
  // 1 in 10: 15,000 reviews, enough to tell 0.3-point differences apart (binomial s.e. about 0.28 points).
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 10 === 7;
}

export interface SentiNegRow {
  id: string;
  originalText: string;
  originalLabel: 0 | 1;
  /** The expert-edited sentence whose polarity was flipped (the figure we report). */
  text: string;
  label: 0 | 1;
  /** 1 syntactic negation, 2 lexical antonym, 3 several changes (PROVENANCE's reading of the rows). */
  category: number;
}

/** KoBEST SentiNeg test (CC BY-SA 4.0): columns `ID Label_origin Text_origin Label Text Category_neg`. */
export function readSentiNegTest(dataDir: string): SentiNegRow[] {
  const rows: SentiNegRow[] = [];
  for (const line of dataLines(path.join(dataDir, "kobest-sentineg", "test.tsv")).slice(1)) {
    const [id, labelOrigin, textOrigin, label, text, category] = line.split("\t");
    if (!id || !textOrigin || !text) continue;
    rows.push({
      id,
      originalText: textOrigin,
      originalLabel: labelOrigin === "1" ? 1 : 0,
      text,
      label: label === "1" ? 1 : 0,
      category: Number(category),
    });
  }
  return rows;
}

/**
 * KoBEST SentiNeg train (CC BY-SA 4.0; `ID Text Label`): shopping reviews, the second review domain of the
 * derived general lexicon (scripts/derive-lexicon.ts). Never used for a reported figure.
 */
export function readSentiNegTrain(dataDir: string): LabelledText[] {
  const rows: LabelledText[] = [];
  for (const line of dataLines(path.join(dataDir, "kobest-sentineg", "train.tsv")).slice(1)) {
    const [id, text, label] = line.split("\t");
    if (!id || !text || (label !== "0" && label !== "1")) continue;
    rows.push({ id, text, label: label === "1" ? 1 : 0 });
  }
  return rows;
}

/**
 * KoBEST SentiNeg dev (CC BY-SA 4.0; `ID Label Text`, note the column order, no trailing newline): fits the
 * hybrid blend, because SentiNeg train feeds the derived lexicon. Never used for a reported figure.
 */
export function readSentiNegDev(dataDir: string): LabelledText[] {
  const rows: LabelledText[] = [];
  for (const line of dataLines(path.join(dataDir, "kobest-sentineg", "dev.tsv")).slice(1)) {
    const [id, label, text] = line.split("\t");
    if (!id || !text || (label !== "0" && label !== "1")) continue;
    rows.push({ id, text, label: label === "1" ? 1 : 0 });
  }
  return rows;
}

/** KOTE label names by index (PROVENANCE.md, order from the upstream README). */
export const KOTE_LABELS = [
  "불평/불만",
  "환영/호의",
  "감동/감탄",
  "지긋지긋",
  "고마움",
  "슬픔",
  "화남/분노",
  "존경",
  "기대감",
  "우쭐댐/무시함",
  "안타까움/실망",
  "비장함",
  "의심/불신",
  "뿌듯함",
  "편안/쾌적",
  "신기함/관심",
  "아껴주는",
  "부끄러움",
  "공포/무서움",
  "절망",
  "한심함",
  "역겨움/징그러움",
  "짜증",
  "어이없음",
  "없음",
  "패배/자기혐오",
  "귀찮음",
  "힘듦/지침",
  "즐거움/신남",
  "깨달음",
  "죄책감",
  "증오/혐오",
  "흐뭇함(귀여움/예쁨)",
  "당황/난처",
  "경악",
  "부담/안_내킴",
  "서러움",
  "재미없음",
  "불쌍함/연민",
  "놀람",
  "행복",
  "불안/걱정",
  "기쁨",
  "안심/신뢰",
] as const;

export interface KoteRow {
  id: string;
  text: string;
  /** Indices into KOTE_LABELS: the union over the row's five annotators. */
  emotions: number[];
}

/** KOTE test (MIT): no header, `ID \t text \t comma-separated label indices`. */
export function readKoteTest(dataDir: string): KoteRow[] {
  const rows: KoteRow[] = [];
  for (const line of dataLines(path.join(dataDir, "kote", "test.tsv"))) {
    const [id, text, labels] = line.split("\t");
    if (!id || !text || labels === undefined) continue;
    rows.push({ id, text, emotions: labels.split(",").map(Number) });
  }
  return rows;
}

export interface ToxicRow {
  text: string;
  /** True for hateful or offensive (BEEP!) / any hate category (K-MHaS); false for none. */
  toxic: boolean;
}

/**
 * BEEP! labelled comments (CC BY-SA 4.0): train and dev together, because test labels were withheld
 * upstream and nothing here is trained on BEEP!. `hate` is hate / offensive / none.
 */
export function readBeep(dataDir: string): ToxicRow[] {
  const rows: ToxicRow[] = [];
  for (const split of ["train", "dev"]) {
    const file = path.join(dataDir, "korean-hate-speech", "labeled", `${split}.tsv`);
    for (const line of dataLines(file).slice(1)) {
      const cols = line.split("\t");
      const text = cols[0];
      const hate = cols[3];
      if (!text || !hate) continue;
      rows.push({ text, toxic: hate !== "none" });
    }
  }
  return rows;
}

/** K-MHaS test (CC BY-SA 4.0): `document \t labels`; label 8 alone means not hate speech. */
export function readKmhasTest(dataDir: string): ToxicRow[] {
  const rows: ToxicRow[] = [];
  for (const line of dataLines(path.join(dataDir, "k-mhas", "kmhas_test.txt")).slice(1)) {
    const tab = line.lastIndexOf("\t");
    if (tab <= 0) continue;
    // Upstream wrote documents through a CSV writer: some are wrapped in double quotes.
    const text = line.slice(0, tab).replace(/^"(.*)"$/, "$1");
    const labels = line.slice(tab + 1).split(",");
    rows.push({ text, toxic: !labels.every((label) => label.trim() === "8") });
  }
  return rows;
}

export interface OutageRow {
  label: SentimentLabel;
  text: string;
}

/**
 * Our own outage-reaction sentences in data/eval (`dev`: tuned on; `holdout`: not to be read while tuning).
 * Part of the repository, so they need no ../shared.
 */
export function readOutageReactions(which: "dev" | "holdout"): OutageRow[] {
  const rows: OutageRow[] = [];
  for (const [label, text] of ourRows(`outage-reactions-${which}.tsv`)) {
    if ((label === "pos" || label === "neg" || label === "neu") && text) rows.push({ label, text });
  }
  return rows;
}

/** The tab-split rows of one of our own sets in data/eval (`#` lines are its provenance header). */
function ourRows(name: string): string[][] {
  return dataLines(path.join(repoRoot(), "data", "eval", name))
    .filter((line) => !line.startsWith("#"))
    .map((line) => line.split("\t"));
}

export interface StanceRow {
  statementId: string;
  role: "statement" | "reaction";
  stance: "against" | "support" | "neutral";
  text: string;
}

/** Our statement-stance set (data/eval/statement-stances-dev.tsv, in the repository). */
export function readStatementStances(): StanceRow[] {
  const rows: StanceRow[] = [];
  for (const [statementId, role, stance, text] of ourRows("statement-stances-dev.tsv")) {
    if (
      statementId &&
      text &&
      (role === "statement" || role === "reaction") &&
      (stance === "against" || stance === "support" || stance === "neutral")
    )
      rows.push({ statementId, role, stance, text });
  }
  return rows;
}
