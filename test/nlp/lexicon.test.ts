import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import {
  defaultLexiconDir,
  loadLexicons,
  matchSentiment,
  parseLexiconTsv,
  parseNewsRoles,
} from "../../src/nlp/lexicon.js";
import { loadMorphAnalyzer, morphemesWith } from "../../src/nlp/morph.js";
import { scoreMorphemes } from "../../src/nlp/score.js";
import { ConfigError } from "../../src/shared/errors.js";
import { generalLexiconFile } from "../helpers/lexicon.js";

const dir = defaultLexiconDir();
const domain = parseLexiconTsv(readFileSync(path.join(dir, "domain.tsv"), "utf8"), "domain.tsv");

let mecab: MeCab;
beforeAll(async () => {
  mecab = await loadMorphAnalyzer();
});

describe("lexicon files", () => {
  it("every file starts with a provenance comment and parses", () => {
    for (const name of ["domain", "negators", "boosters", "dampeners", "contrast", "expressive"]) {
      const text = readFileSync(path.join(dir, `${name}.tsv`), "utf8");
      expect(text.startsWith("#"), name).toBe(true);
      expect(parseLexiconTsv(text, name).length, name).toBeGreaterThan(0);
    }
  });

  it("the domain lexicon has at least 300 distinct entries, each with a source and a note", () => {
    expect(new Set(domain.map((e) => e.term)).size).toBeGreaterThanOrEqual(300);
    for (const e of domain) {
      expect(e.note.length, e.term).toBeGreaterThan(3);
      expect(e.source, e.term).toBe("hand");
    }
  });

  it("holds each domain term and tags once (a later row silently overrides an earlier one)", () => {
    const seen = new Set<string>();
    const twice = domain.filter((e) => {
      const key = `${e.term}\t${e.tags?.join("+") ?? "*"}`;
      return seen.size === seen.add(key).size;
    });
    expect(twice.map((e) => e.term)).toEqual([]);
  });

  it("each domain entry is found in the phrase it was written from (checks the n-grams match the analyzer)", () => {
    const lex = loadLexicons(dir, {
      generalFile: path.join(import.meta.dirname, "..", "fixtures", "nlp", "general-small.tsv"),
    });
    const missing: string[] = [];
    for (const e of domain) {
      const phrase = /\[([^\]]+)\]$/.exec(e.note)?.[1];
      if (!phrase) {
        missing.push(`${e.term}: no [phrase] in note`);
        continue;
      }
      const ms = morphemesWith(mecab, phrase);
      const found = ms.some((_, i) => {
        const hit = matchSentiment(lex, ms, i);
        return (
          hit !== null && hit.entry.parts.length >= e.parts.length && hit.entry.term.includes(e.parts[0]!)
        );
      });
      if (!found) missing.push(`${e.term} ← ${phrase}`);
    }
    expect(missing).toEqual([]);
  });

  it("required crisis vocabulary is present with the expected sign", () => {
    const valence = (term: string) => domain.find((e) => e.term === term)?.valence;
    for (const t of [
      "먹통",
      "불통",
      "장애",
      "비극",
      "자충+수",
      "어불성설",
      "남+탓",
      "폭락",
      "급락",
      "반+토막",
      "꼼+수",
      "면피",
    ]) {
      expect(valence(t) ?? Number.NaN, t).toBeLessThan(0);
    }
    for (const t of ["복구", "정상+화", "반등", "신뢰", "쇄신", "투명"])
      expect(valence(t) ?? Number.NaN, t).toBeGreaterThan(0);
    // Topics, judged by the words around them: 쥐꼬리 보상 is bad, 보상이 괜찮다 good.
    for (const t of ["화재", "데이터+센터", "서버", "보상"]) expect(valence(t), t).toBe(0);
  });
});

describe("loadLexicons", () => {
  it("finds data/lexicon from the module location", () => {
    expect(existsSync(path.join(dir, "domain.tsv"))).toBe(true);
  });

  it("domain entries override general ones, whatever the general tags", () => {
    const general = generalLexiconFile([
      ["화재", "NNG", -2.5, "x"],
      ["좋다", "VA", 2, "x"],
    ]);
    const lex = loadLexicons(dir, { generalFile: general });
    const fire = lex.sentiment.get("화재") ?? [];
    expect(fire.map((e) => [e.file, e.valence])).toEqual([["domain.tsv", 0]]);
    expect(lex.sentiment.get("좋다")?.[0]?.valence).toBe(2);
  });

  it("rejects malformed rows with the file and line", () => {
    expect(() =>
      parseLexiconTsv("term\ttags\tvalence\tsource\tnote\n먹통\tNNG\tbad\thand\tx\n", "x.tsv"),
    ).toThrow(/x\.tsv:2/);
    expect(() =>
      parseLexiconTsv("term\ttags\tvalence\tsource\tnote\n먹통\tNNG\t9\thand\tx\n", "x.tsv"),
    ).toThrow(ConfigError);
    expect(() =>
      parseLexiconTsv("term\ttags\tvalence\tsource\tnote\na+b\tNNG\t1\thand\tx\n", "x.tsv"),
    ).toThrow(/2 parts but 1 tags/);
  });
});

describe("news-roles.tsv", () => {
  it("gives each role its words", () => {
    const news = loadLexicons().news;
    expect(news.events.has("장애")).toBe(true);
    expect(news.reports.has("밝히다")).toBe(true);
    expect(news.topicHeads.has("경위")).toBe(true);
    expect(news.measures.has("하락")).toBe(true);
    // One word may hold two roles: 급락 names an event and measures a change.
    expect(news.events.has("급락") && news.measures.has("급락")).toBe(true);
  });

  it("names the file and line of a bad role", () => {
    expect(() =>
      parseNewsRoles("term\trole\tsource\tnote\n장애\tincident\thand\tx\n", "news-roles.tsv"),
    ).toThrow(/news-roles\.tsv:2: need a term and a role/);
    // A role name must be one of ours, not any property an object happens to have.
    expect(() =>
      parseNewsRoles("term\trole\tsource\tnote\n장애\ttoString\thand\tx\n", "news-roles.tsv"),
    ).toThrow(/news-roles\.tsv:2: need a term and a role/);
    expect(() => parseNewsRoles("term\ttags\tvalence\n", "news-roles.tsv")).toThrow(ConfigError);
  });

  it("an event noun a user adds is read as one: before another noun it names a topic", async () => {
    const mecab = await loadMorphAnalyzer();
    const general = generalLexiconFile([["리콜", "NNG", -1.5, "recall"]]);
    const custom = mkdtempSync(path.join(tmpdir(), "yeoron-roles-"));
    cpSync(defaultLexiconDir(), custom, { recursive: true });
    appendFileSync(path.join(custom, "news-roles.tsv"), "리콜\tevent\thand\ta recall\n");
    const text = "리콜 대상 제품";
    const ms = morphemesWith(mecab, text);
    const before = scoreMorphemes(ms, text, loadLexicons(undefined, { generalFile: general }));
    const after = scoreMorphemes(ms, text, loadLexicons(custom, { generalFile: general }));
    expect(before.terms.find((t) => t.term === "리콜")?.valence).toBe(-1.5);
    expect(after.terms.find((t) => t.term === "리콜")?.rule).toMatch(/names a topic/);
    expect(after.label).toBe("neu");
  });
});
