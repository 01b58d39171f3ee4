/** A general lexicon of a few rows in a temporary file, for tests that pin what the rules see. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Writes `general.tsv` with the lexicon header and `rows` ([term, tags, valence, note]); returns its path. */
export function generalLexiconFile(rows: ReadonlyArray<readonly [string, string, number, string]>): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "yeoron-lex-")), "general.tsv");
  const lines = rows.map(([term, tags, valence, note]) => `${term}\t${tags}\t${valence}\ttest\t${note}`);
  writeFileSync(file, ["term\ttags\tvalence\tsource\tnote", ...lines, ""].join("\n"));
  return file;
}
