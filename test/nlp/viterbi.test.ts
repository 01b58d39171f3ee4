/**
 * The typed-array lattice search (lattice.ts bestPathSearcher) must find exactly kuromoji-ko's best path,
 * node for node, ties included; and the word memory's tokenizer built on it (morph.ts fastMorphemeStream)
 * must give exactly the normalized tokens of kuromoji-ko's own tokenize, verb post-processing included.
 */
import fc from "fast-check";
import { MeCab } from "kuromoji-ko";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bestPathSearcher,
  flatTargetMap,
  installSharedTables,
  type SharedTables,
  stockLatticeBuilder,
} from "../../src/nlp/lattice.js";
import {
  decompressedDictionary,
  dictionaryPath,
  fastMorphemeStream,
  loadMorphAnalyzer,
  sharedDictionaryTables,
  slimDictionary,
  stockMorphemeStream,
} from "../../src/nlp/morph.js";
import { EDGE_TEXTS, sampleTextLines } from "../helpers/sample-text.js";
import { hostileText, koreanProse } from "../hostile/arbitraries.js";

interface StockNode {
  name: number;
  type: string;
  surface_form: string;
  start_pos: number;
  left_id: number;
  right_id: number;
  cost: number;
  shortest_cost: number;
}
interface StockLattice {
  nodesEndAt: Array<StockNode[] | undefined>;
  eosPos: number;
}

let stockMecab: MeCab;
let stockLattice: (s: string) => StockLattice;
let stockSearch: (lattice: StockLattice) => StockNode[];
let stockCost: (right: number, left: number) => number;
let ours: ReturnType<typeof bestPathSearcher>;

beforeAll(async () => {
  // A tokenizer of its own, without yeoron's shortcuts: the stock builder and searcher as shipped.
  stockMecab = await MeCab.create({ engine: "ko", dictPath: dictionaryPath() });
  stockLattice = stockLatticeBuilder(stockMecab) as unknown as (s: string) => StockLattice;
  const tokenizer = (
    stockMecab as unknown as {
      underlyingTokenizer: {
        viterbiSearcher: {
          search(l: StockLattice): StockNode[];
          connectionCosts: { get(r: number, l: number): number };
        };
      };
    }
  ).underlyingTokenizer;
  const searcher = tokenizer.viterbiSearcher;
  stockSearch = (l) => searcher.search(l);
  stockCost = (r, l) => searcher.connectionCosts.get(r, l);
  ours = bestPathSearcher(stockMecab);
}, 60_000);

function stockPath(text: string): string[] {
  return stockSearch(stockLattice(text)).map((n) => `${n.type}:${n.name}:${n.surface_form}`);
}

function ourPath(text: string): string[] {
  const path = ours(text);
  const out: string[] = [];
  for (let i = 0; i < path.length; i++)
    out.push(
      `${path.unknown[i] ? "UNKNOWN" : "KNOWN"}:${path.id[i]}:${text.slice(path.from[i], path.to[i])}`,
    );
  return out;
}

/** Nodes of the stock lattice (after its forward pass) with two or more predecessors at the same smallest total. */
function countTies(text: string): number {
  const lattice = stockLattice(text);
  stockSearch(lattice);
  let ties = 0;
  for (let i = 1; i <= lattice.eosPos; i++) {
    for (const node of lattice.nodesEndAt[i] ?? []) {
      const prevs = lattice.nodesEndAt[node.start_pos - 1];
      if (!prevs) continue;
      const totals = prevs
        .filter((p) => p.shortest_cost < Number.MAX_VALUE)
        .map((p) => p.shortest_cost + stockCost(p.right_id, node.left_id));
      if (totals.length < 2) continue;
      const best = Math.min(...totals);
      if (totals.filter((t) => t === best).length > 1) ties++;
    }
  }
  return ties;
}

describe("typed-array best path search", () => {
  it("finds the stock best path on edge cases: empty, spaces, NUL, emoji, astral Hanja, long runs", () => {
    for (const c of EDGE_TEXTS) expect(ourPath(c), JSON.stringify(c)).toEqual(stockPath(c));
  });

  it("finds the stock best path for every line of the bundled sample, which has ties", () => {
    const lines = sampleTextLines();
    let ties = 0;
    for (const line of lines) {
      expect(ourPath(line), line).toEqual(stockPath(line));
      ties += countTies(line);
    }
    // Ties between equally cheap predecessors happen, so the first-wins rule is exercised.
    expect(ties).toBeGreaterThan(0);
  });

  it("finds the stock best path on generated Korean prose and hostile text", () => {
    const noLoneSurrogate = (s: string) => s.isWellFormed();
    fc.assert(
      fc.property(fc.oneof(koreanProse, hostileText(120)).filter(noLoneSurrogate), (text) => {
        expect(ourPath(text)).toEqual(stockPath(text));
      }),
      { numRuns: 400 },
    );
  });
});

describe("word memory tokenizer", () => {
  it("gives kuromoji-ko's own normalized tokens on edge cases, verb forms and lone surrogates", async () => {
    const mecab = await loadMorphAnalyzer();
    const cases = [
      ...EDGE_TEXTS,
      "깨진\uD800글자",
      "\uDC00앞",
      "마침표.바로 다음.  두 칸 뒤! 물음표?느낌표!",
    ];
    for (const c of cases) {
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(c)) {
        // kuromoji-ko throws on an unpaired high surrogate; so does the fast path, through the stock one.
        expect(() => stockMorphemeStream(mecab, c)).toThrow();
        expect(() => fastMorphemeStream(mecab, c)).toThrow();
        continue;
      }
      expect(fastMorphemeStream(mecab, c), JSON.stringify(c)).toEqual(stockMorphemeStream(mecab, c));
    }
    // No token at all: null, as the word memory reads kuromoji-ko's empty result.
    expect(fastMorphemeStream(mecab, "")).toBeNull();
    // kuromoji-ko's verb post-processing re-tags 주세요 (NNP here) as 주/VV+시/EP+어요/EF (one NSMC review).
    const verb = " 와주세요~";
    expect(fastMorphemeStream(mecab, verb)).toEqual(stockMorphemeStream(mecab, verb));
    expect(JSON.stringify(fastMorphemeStream(mecab, verb))).toContain(
      '{"surface":"주","lemma":"주다","tag":"VV"}',
    );
  });

  it("gives kuromoji-ko's own normalized tokens on the sample and on generated text", async () => {
    const mecab = await loadMorphAnalyzer();
    for (const line of sampleTextLines())
      expect(fastMorphemeStream(mecab, line), line).toEqual(stockMorphemeStream(mecab, line));
    const spaced = fc
      .array(fc.oneof(koreanProse, fc.constantFrom(" ", "  ", "\t", "\n", ". ", "?", "!", "ㅋㅋ", "세요")), {
        maxLength: 12,
      })
      .map((parts) => parts.join(""));
    const noHighLoneSurrogate = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s);
    fc.assert(
      fc.property(fc.oneof(spaced, hostileText(120)).filter(noHighLoneSurrogate), (text) => {
        expect(fastMorphemeStream(mecab, text)).toEqual(stockMorphemeStream(mecab, text));
      }),
      { numRuns: 400 },
    );
  });
});

/** A best path as comparable strings (entry:from-to per node). */
function pathKeys(path: ReturnType<ReturnType<typeof bestPathSearcher>>): string[] {
  return Array.from({ length: path.length }, (_, i) => `${path.id[i]}:${path.from[i]}-${path.to[i]}`);
}

/** `mecab`'s typed-array search finds the same paths as the untouched tokenizer's (`ours`). */
function expectSamePaths(mecab: MeCab, texts: readonly string[]): void {
  const search = bestPathSearcher(mecab);
  for (const text of texts) expect(pathKeys(search(text)), text).toEqual(pathKeys(ours(text)));
}

describe("shared dictionary tables", () => {
  it("hold what kuromoji-ko loads; a tokenizer switched to them finds the same paths", async () => {
    const shared = sharedDictionaryTables();
    expect(shared).not.toBeNull();
    const { dir, tables } = shared!;
    expect(dir).toBe(decompressedDictionary());
    expect(tables.base.buffer).toBeInstanceOf(SharedArrayBuffer);
    const mecab = await MeCab.create({ engine: "ko", dictPath: dir });
    expect(installSharedTables(mecab, tables)).toBe(true);
    expectSamePaths(mecab, [...EDGE_TEXTS, ...sampleTextLines().slice(0, 200)]);
    // Its stock path (parse) reads the shared arrays too, and still agrees with the untouched tokenizer.
    const text = "카카오 먹통 사태에 대해 대표가 'IT 업계의 비극'이라고 말했다.";
    expect(mecab.parse(text).map((t) => t.surface)).toEqual(stockMecab.parse(text).map((t) => t.surface));
  });

  it("carry kuromoji-ko's trie-record map exactly, repeated keys appended in order", () => {
    const { tables } = sharedDictionaryTables()!;
    const loaded = (
      stockMecab as unknown as {
        underlyingTokenizer: { tokenInfoDictionary: { targetMap: Record<string, number[]> } };
      }
    ).underlyingTokenizer.tokenInfoDictionary.targetMap;
    const keys = Object.keys(loaded);
    expect(keys.length).toBeGreaterThan(100_000);
    let values = 0;
    for (const k of keys) {
      const ids = loaded[k]!;
      values += ids.length;
      const from = tables.mapStart[Number(k)]!;
      const to = tables.mapStart[Number(k) + 1]!;
      if (to - from !== ids.length || ids.some((id, i) => tables.mapValues[from + i] !== id))
        expect(Array.from(tables.mapValues.subarray(from, to)), `record ${k}`).toEqual(ids);
    }
    expect(values).toBe(tables.mapValues.length);
    // The file format by hand: count, then (key, size, values…); key 2 recurs and its values append.
    const file = new Uint8Array(new Int32Array([3, 2, 1, 7, 0, 2, 4, 5, 2, 1, 9]).buffer);
    const flat = flatTargetMap(file);
    expect(Array.from(flat.mapStart)).toEqual([0, 2, 2, 4]);
    expect(Array.from(flat.mapValues)).toEqual([4, 5, 7, 9]);
  });

  it("serve a tokenizer loaded from the slim folder: same paths and tokens as the full dictionary", async () => {
    const shared = sharedDictionaryTables()!;
    expect(shared.slim).toBe(slimDictionary(shared.dir));
    const slim = await MeCab.create({ engine: "ko", dictPath: shared.slim! });
    // Placeholders only: unusable until the shared tables are installed.
    expect(() => slim.parse("카카오 먹통")).toThrow(/ConnectionCosts/);
    expect(installSharedTables(slim, shared.tables, { slim: true })).toBe(true);
    const texts = [...EDGE_TEXTS, ...sampleTextLines().slice(0, 200)];
    expectSamePaths(slim, texts);
    // Features come from the shared token info: kuromoji-ko's own parse agrees, tags and expressions too.
    const tokens = (m: MeCab, text: string) =>
      m.parse(text).map((t) => `${t.surface}/${t.pos}/${t.expression}`);
    for (const text of texts.slice(0, 60)) expect(tokens(slim, text), text).toEqual(tokens(stockMecab, text));
  });

  it("are refused when they differ from what the tokenizer loaded", async () => {
    const { tables } = sharedDictionaryTables()!;
    const changed: SharedTables = { ...tables, check: tables.check.slice() };
    changed.check[123] = changed.check[123]! + 1;
    const mecab = await MeCab.create({ engine: "ko", dictPath: decompressedDictionary()! });
    expect(installSharedTables(mecab, changed)).toBe(false);
  });
});
