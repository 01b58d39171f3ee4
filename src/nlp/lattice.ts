/**
 * A drop-in replacement for kuromoji-ko's lattice builder (ViterbiBuilder.build) that builds the same lattice
 * in time linear in the sentence instead of quadratic.
 *
 * The stock builder, at every character position, copies the rest of the sentence (`slice`), re-indexes it
 * for surrogate pairs, and UTF-8-encodes it again for the dictionary trie; an unknown-word run re-builds its
 * key string once per added character. A 100-character review therefore encodes about 5,000 characters, and
 * the allocations make garbage collection a third of tokenizing time (measured on 20,000 NSMC reviews:
 * 2.3 s GC of 6.5 s). This builder encodes the sentence once, walks the trie from each character's byte
 * offset, and computes every unknown-word run in one right-to-left pass.
 *
 * It must give exactly the stock lattice, node for node (test/nlp/lattice.test.ts compares both on random
 * and sample text), including the stock quirks: a known word's length counts UTF-16 units while an unknown
 * run's counts characters. Text with an unpaired surrogate goes to the stock builder, which throws on it as
 * before.
 *
 * The same scan also feeds bestPathSearcher, the stock Viterbi search redone over typed arrays (no node
 * objects at all), which the word memory in morph.ts uses: test/nlp/viterbi.test.ts compares its paths with
 * the stock searcher's, node for node.
 */
import type { MeCab } from "kuromoji-ko";

/** The fields kuromoji-ko's ViterbiSearcher and Tokenizer read from a node; same shape as its ViterbiNode. */
class LatticeNode {
  name: number;
  cost: number;
  start_pos: number;
  length: number;
  left_id: number;
  right_id: number;
  prev: LatticeNode | null = null;
  shortest_cost: number;
  type: string;
  /** The surface is `text.slice(from, to)`, cut only when read: most nodes never make the best path. */
  private readonly text: string;
  private readonly from: number;
  private readonly to: number;
  constructor(
    name: number,
    cost: number,
    startPos: number,
    length: number,
    type: string,
    leftId: number,
    rightId: number,
    text: string,
    from: number,
    to: number,
  ) {
    this.name = name;
    this.cost = cost;
    this.start_pos = startPos;
    this.length = length;
    this.left_id = leftId;
    this.right_id = rightId;
    this.shortest_cost = type === "BOS" ? 0 : Number.MAX_VALUE;
    this.type = type;
    this.text = text;
    this.from = from;
    this.to = to;
  }

  get surface_form(): string {
    return this.text.slice(this.from, this.to);
  }
}

/** kuromoji's ByteBuffer.getShort (little-endian int16, 0 past the end), without the method call. */
function readShort(buffer: Uint8Array, index: number): number {
  if (buffer.length < index + 2) return 0;
  const value = buffer[index]! | (buffer[index + 1]! << 8);
  return value & 0x8000 ? value - 0x10000 : value;
}

interface Lattice {
  nodesEndAt: LatticeNode[][];
  eosPos: number;
}

interface CharClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number;
  is_grouping: number;
}

interface DictionaryView {
  targetMap: Record<number, number[] | undefined>;
  dictionary: { buffer: Uint8Array };
  lookup?(ch: string): CharClass | undefined;
}

interface Trie {
  bc: { getBaseBuffer(): Int32Array; getCheckBuffer(): Int32Array };
}

interface BuilderInternals {
  trie: Trie;
  tokenInfoDictionary: DictionaryView;
  unknownDictionary: DictionaryView & { lookup(ch: string): CharClass | undefined };
  build(sentence: string): Lattice;
}

const TRIE_ROOT = 0;
const TRIE_NOT_FOUND = -1;
const TRIE_TERMINAL = 0;

/**
 * One sentence's lattice nodes as parallel typed arrays, in the order the stock builder appends them (by
 * start position; at one position the dictionary words, shorter first, then the unknown-word entries). The
 * arrays are reused between sentences and grown when a larger lattice comes.
 */
class FlatLattice {
  count = 0;
  /** The largest `start + length - 1` (the stock `lastPos`), 0 when there are no nodes. */
  maxLast = 0;
  capacity = 0;
  /** Dictionary entry offset (the stock node's `name`). */
  id = new Int32Array(0);
  /** 1-based character position of the node's first character (the stock `start_pos`). */
  start = new Int32Array(0);
  /** The stock `length`: UTF-16 units for a known word, characters for an unknown one. */
  length = new Int32Array(0);
  left = new Int32Array(0);
  right = new Int32Array(0);
  cost = new Int32Array(0);
  unknown = new Uint8Array(0);
  /** The surface is `text.slice(from[k], to[k])`. */
  from = new Int32Array(0);
  to = new Int32Array(0);

  constructor() {
    this.grow(256);
  }

  grow(min: number): void {
    const size = Math.max(min, this.capacity * 2);
    const copy = <T extends Int32Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old.subarray(0, this.count));
      return fresh;
    };
    this.id = copy(this.id, new Int32Array(size));
    this.start = copy(this.start, new Int32Array(size));
    this.length = copy(this.length, new Int32Array(size));
    this.left = copy(this.left, new Int32Array(size));
    this.right = copy(this.right, new Int32Array(size));
    this.cost = copy(this.cost, new Int32Array(size));
    this.unknown = copy(this.unknown, new Uint8Array(size));
    this.from = copy(this.from, new Int32Array(size));
    this.to = copy(this.to, new Int32Array(size));
    this.capacity = size;
  }
}

/**
 * A dictionary's entries `ids` (byte offsets into `entries`: left id, right id, word cost as int16) unpacked
 * as [id, left, right, cost] quadruples: a word's entries are read from one small array instead of from
 * scattered places in the 10 MB entry buffer.
 */
function unpackEntries(ids: readonly number[], entries: Uint8Array): Int32Array {
  const packed = new Int32Array(ids.length * 4);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    packed[i * 4] = id;
    packed[i * 4 + 1] = readShort(entries, id);
    packed[i * 4 + 2] = readShort(entries, id + 2);
    packed[i * 4 + 3] = readShort(entries, id + 4);
  }
  return packed;
}

/** One node per unpacked entry, spanning text[from, to) and `length` long as the stock lattice counts it. */
function appendEntries(
  lattice: FlatLattice,
  packed: Int32Array,
  unknown: number,
  startPos: number,
  from: number,
  to: number,
  length: number,
): void {
  const count = packed.length >> 2;
  if (lattice.count + count > lattice.capacity) lattice.grow(lattice.count + count);
  const lastPos = startPos + length - 1;
  if (lattice.maxLast < lastPos) lattice.maxLast = lastPos;
  for (let i = 0; i < packed.length; i += 4) {
    const k = lattice.count++;
    lattice.id[k] = packed[i]!;
    lattice.left[k] = packed[i + 1]!;
    lattice.right[k] = packed[i + 2]!;
    lattice.cost[k] = packed[i + 3]!;
    lattice.start[k] = startPos;
    lattice.length[k] = length;
    lattice.unknown[k] = unknown;
    lattice.from[k] = from;
    lattice.to[k] = to;
  }
}

/**
 * Fills a FlatLattice with the stock lattice of a sentence. Not re-entrant: it reuses its buffers between
 * calls. The sentence must not hold an unpaired surrogate (callers send that to the stock builder).
 */
function latticeScanner(internals: BuilderInternals): (str: string) => FlatLattice {
  const { trie, tokenInfoDictionary: known, unknownDictionary: unknown } = internals;
  // The trie's BASE and CHECK arrays, read directly: doublearray's traverse() is two closure calls per byte.
  // Out-of-range reads follow its getBase/getCheck exactly (they return -i+1 and -i-1).
  const base = trie.bc.getBaseBuffer();
  const check = trie.bc.getCheckBuffer();
  const traverse = (parent: number, code: number): number => {
    const child = (parent < base.length ? base[parent]! : -parent + 1) + code;
    const owner = child < check.length ? check[child] : -child - 1;
    return owner === parent ? child : TRIE_NOT_FOUND;
  };
  // Character → class is a table lookup in kuromoji, but through three calls and a string; memoize by code
  // point (a surrogate pair is one character to kuromoji, looked up as its two-unit string).
  const bmpClass = new Array<CharClass | null | undefined>(0x10000);
  const astralClass = new Map<number, CharClass | null>();
  const classOf = (cp: number, ch: string): CharClass | undefined => {
    if (cp < 0x10000) {
      let c = bmpClass[cp];
      if (c === undefined) {
        c = unknown.lookup(ch) ?? null;
        bmpClass[cp] = c;
      }
      return c ?? undefined;
    }
    let c = astralClass.get(cp);
    if (c === undefined) {
      c = unknown.lookup(ch) ?? null;
      astralClass.set(cp, c);
    }
    return c ?? undefined;
  };
  // Buffers reused across sentences (grown when a longer one comes): per character its UTF-16 offset, UTF-8
  // offset and class; per byte offset the UTF-16 offset of the character starting there.
  let bytes = new Uint8Array(1024);
  let u16AtByte = new Int32Array(1025);
  let u16Start = new Int32Array(257);
  let byteStart = new Int32Array(257);
  let runEnd = new Int32Array(256);
  const classes: Array<CharClass | undefined> = [];
  const lattice = new FlatLattice();
  const kd = known.dictionary.buffer;
  const ud = unknown.dictionary.buffer;
  // Unpacked entries by trie record (null: the record has no entries) and by unknown-word class.
  const knownEntries: Array<Int32Array | null | undefined> = [];
  const unknownEntries: Array<Int32Array | null | undefined> = [];

  return (str: string): FlatLattice => {
    if (str.length + 1 > u16Start.length) {
      const size = str.length * 2 + 1;
      u16Start = new Int32Array(size);
      byteStart = new Int32Array(size);
      runEnd = new Int32Array(size);
      bytes = new Uint8Array(size * 4);
      u16AtByte = new Int32Array(size * 4 + 1);
    }
    // One pass: characters as kuromoji's SurrogateAwareString counts them, and their UTF-8 bytes.
    let n = 0;
    let b = 0;
    for (let i = 0; i < str.length; i++) {
      const unit = str.charCodeAt(i);
      const pair = unit >= 0xd800 && unit <= 0xdbff;
      const cp = pair ? (unit - 0xd800) * 0x400 + (str.charCodeAt(i + 1) - 0xdc00) + 0x10000 : unit;
      u16Start[n] = i;
      byteStart[n] = b;
      u16AtByte[b] = i;
      classes[n] = pair ? classOf(cp, str.slice(i, i + 2)) : (bmpClass[cp] ?? classOf(cp, str[i]!));
      if (cp < 0x80) bytes[b++] = cp;
      else if (cp < 0x800) {
        bytes[b++] = 0xc0 | (cp >> 6);
        bytes[b++] = 0x80 | (cp & 0x3f);
      } else if (cp < 0x10000) {
        bytes[b++] = 0xe0 | (cp >> 12);
        bytes[b++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[b++] = 0x80 | (cp & 0x3f);
      } else {
        bytes[b++] = 0xf0 | (cp >> 18);
        bytes[b++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[b++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[b++] = 0x80 | (cp & 0x3f);
      }
      if (pair) i++;
      n++;
    }
    u16Start[n] = str.length;
    byteStart[n] = b;
    u16AtByte[b] = str.length;
    const byteLength = b;

    // runEnd[c]: one past the last character of the run of c's class that starts at c (stock grouping rule).
    for (let c = n - 1; c >= 0; c--) {
      const here = classes[c];
      const next = c + 1 < n ? classes[c + 1] : undefined;
      runEnd[c] = here && next && next.class_name === here.class_name ? runEnd[c + 1]! : c + 1;
    }

    lattice.count = 0;
    lattice.maxLast = 0;
    for (let pos = 0; pos < n; pos++) {
      let matches = 0;
      let parent = TRIE_ROOT;
      for (let i = byteStart[pos]!; i < byteLength; i++) {
        const child = traverse(parent, bytes[i]!);
        if (child === TRIE_NOT_FOUND) break;
        parent = child;
        // A dictionary word is a string, so its UTF-8 key ends where a character ends: the terminal probe
        // (a read from the 14 MB CHECK array) is skipped inside a multi-byte character, where it never hits.
        if (i + 1 < byteLength && (bytes[i + 1]! & 0xc0) === 0x80) continue;
        const leaf = traverse(child, TRIE_TERMINAL);
        if (leaf === TRIE_NOT_FOUND) continue;
        matches++;
        const record = leaf < base.length ? base[leaf]! : -leaf + 1;
        if (record > 0) continue; // the stock search reports it without a record: no entries to add
        const key = -record - 1;
        let packed = knownEntries[key];
        if (packed === undefined) {
          const ids = known.targetMap[key];
          packed = ids == null ? null : unpackEntries(ids, kd);
          knownEntries[key] = packed;
        }
        if (packed === null) continue;
        const from = u16Start[pos]!;
        const to = u16AtByte[i + 1]!;
        appendEntries(lattice, packed, 0, pos + 1, from, to, to - from);
      }
      const headClass = classes[pos];
      if (!headClass || (matches > 0 && headClass.is_always_invoke !== 1)) continue;
      let packed = unknownEntries[headClass.class_id];
      if (packed === undefined) {
        const ids = unknown.targetMap[headClass.class_id];
        packed = ids ? unpackEntries(ids, ud) : null;
        unknownEntries[headClass.class_id] = packed;
      }
      if (packed === null) continue;
      const grouped = headClass.is_grouping === 1 && n - pos > 1;
      const last = grouped ? runEnd[pos]! : pos + 1;
      appendEntries(lattice, packed, 1, pos + 1, u16Start[pos]!, u16Start[last]!, last - pos);
    }
    return lattice;
  };
}

/** A builder bound to one tokenizer's dictionaries. Not re-entrant: it reuses its buffers between calls. */
export function linearLatticeBuilder(internals: BuilderInternals): (sentence: string) => Lattice {
  const stockBuild = internals.build.bind(internals);
  const scan = latticeScanner(internals);
  return (str: string): Lattice => {
    if (!str.isWellFormed()) return stockBuild(str);
    const flat = scan(str);
    const bos = new LatticeNode(-1, 0, 0, 0, "BOS", 0, 0, "", 0, 0);
    const nodesEndAt: LatticeNode[][] = [[bos]];
    for (let k = 0; k < flat.count; k++) {
      const node = new LatticeNode(
        flat.id[k]!,
        flat.cost[k]!,
        flat.start[k]!,
        flat.length[k]!,
        flat.unknown[k] ? "UNKNOWN" : "KNOWN",
        flat.left[k]!,
        flat.right[k]!,
        str,
        flat.from[k]!,
        flat.to[k]!,
      );
      const lastPos = flat.start[k]! + flat.length[k]! - 1;
      const list = nodesEndAt[lastPos];
      if (list) list.push(node);
      else nodesEndAt[lastPos] = [node];
    }
    // EOS goes one slot past the last list, as the stock lattice's appendEos does.
    const eosPos = Math.max(1, flat.maxLast) + 1;
    nodesEndAt[nodesEndAt.length] = [new LatticeNode(-1, 0, eosPos, 0, "EOS", 0, 0, "", 0, 0)];
    return { nodesEndAt, eosPos };
  };
}

/** The connection costs (kuromoji's layout: two dimensions, then one row per right id) with one row per left id. */
export function transposeCosts(costs: Int16Array, into?: Int16Array): Int16Array {
  const forward = costs[0]!;
  const backward = costs[1]!;
  const byLeft = into ?? new Int16Array(forward * backward);
  for (let right = 0; right < forward; right++)
    for (let left = 0; left < backward; left++)
      byLeft[left * forward + right] = costs[right * backward + left + 2]!;
  return byLeft;
}

/** transposeCosts results made elsewhere (shared between workers), by the cost buffer they transpose. */
const costsByLeft = new WeakMap<Int16Array, Int16Array>();

/**
 * The dictionary's large read-only tables in SharedArrayBuffers, read once by the thread that starts the
 * analysis workers: the trie (BASE and CHECK, 14 MB each) and the connection costs (20 MB) as kuromoji-ko
 * loads them from the decompressed dictionary, the costs by left id, the token-info entries (tid.dat, 8 MB)
 * and their feature strings (tid_pos.dat, 46 MB), and the trie-record → entries map (tid_map.dat) as two flat
 * arrays. kuromoji-ko turns that map into an object of 774,584 arrays in every process that loads it: 160 ms
 * and about 100 MB per worker. A worker given these tables loads only kuromoji-ko's small files (a "slim"
 * folder, see morph.ts) and takes everything else from here. (The tables were first shared to relieve the
 * shared L3 cache, since the lattice search runs about 1.6× slower per text on two workers than on one; two
 * workers with private copies measured the same, so that slowdown has another cause.)
 */
export interface SharedTables {
  base: Int32Array;
  check: Int32Array;
  costs: Int16Array;
  byLeft: Int16Array;
  tid: Uint8Array;
  tidPos: Uint8Array;
  /** Entries of trie record k are `mapValues[mapStart[k] .. mapStart[k + 1]]` (kuromoji's `targetMap[k]`). */
  mapStart: Int32Array;
  mapValues: Int32Array;
}

function sharedCopy<T extends Int32Array | Int16Array | Uint8Array>(
  bytes: Uint8Array,
  make: (buffer: SharedArrayBuffer, length: number) => T,
  unit: number,
): T {
  const buffer = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return make(buffer, bytes.byteLength / unit);
}

/**
 * tid_map.dat as kuromoji-ko's loadTargetMap reads it (a count, then records of key, size, values; a key may
 * recur, its values then append) into flat arrays indexed by key.
 */
export function flatTargetMap(bytes: Uint8Array): { mapStart: Int32Array; mapValues: Int32Array } {
  // Little-endian int32 at a byte offset, as kuromoji's ByteBuffer.getInt reads it (0 past the end).
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const int = (at: number) => (at + 4 <= bytes.length ? view.getInt32(at, true) : 0);
  // Every record: its key, its value count and the byte offset of its first value.
  const records = (visit: (key: number, size: number, values: number) => void) => {
    for (let at = 4; at < bytes.length; ) {
      const size = int(at + 4);
      visit(int(at), size, at + 8);
      at += 8 + 4 * size;
    }
  };
  let maxKey = -1;
  let total = 0;
  records((key, size) => {
    maxKey = Math.max(maxKey, key);
    total += size;
  });
  const mapStart = new Int32Array(new SharedArrayBuffer((maxKey + 2) * 4));
  records((key, size) => {
    mapStart[key + 1]! += size;
  });
  for (let k = 1; k < mapStart.length; k++) mapStart[k]! += mapStart[k - 1]!;
  const mapValues = new Int32Array(new SharedArrayBuffer(total * 4));
  const cursor = mapStart.slice(0, maxKey + 1);
  records((key, size, values) => {
    for (let i = 0; i < size; i++) mapValues[cursor[key]!++] = int(values + 4 * i);
  });
  return { mapStart, mapValues };
}

/** Reads the large tables of a decompressed dictionary folder into shared memory. */
export function loadSharedTables(read: (name: string) => Uint8Array): SharedTables {
  const base = sharedCopy(read("base.dat"), (b, n) => new Int32Array(b, 0, n), 4);
  const check = sharedCopy(read("check.dat"), (b, n) => new Int32Array(b, 0, n), 4);
  const costs = sharedCopy(read("cc.dat"), (b, n) => new Int16Array(b, 0, n), 2);
  const byLeft = new Int16Array(new SharedArrayBuffer(costs[0]! * costs[1]! * 2));
  transposeCosts(costs, byLeft);
  const tid = sharedCopy(read("tid.dat"), (b, n) => new Uint8Array(b, 0, n), 1);
  const tidPos = sharedCopy(read("tid_pos.dat"), (b, n) => new Uint8Array(b, 0, n), 1);
  return { base, check, costs, byLeft, tid, tidPos, ...flatTargetMap(read("tid_map.dat")) };
}

/** kuromoji's `targetMap` object read from the flat arrays: `map[k]` is a fresh array, undefined when empty. */
function targetMapView(mapStart: Int32Array, mapValues: Int32Array): Record<number, number[] | undefined> {
  return new Proxy({} as Record<number, number[] | undefined>, {
    get(_, prop) {
      if (typeof prop !== "string") return undefined;
      const k = Number(prop);
      if (!Number.isInteger(k) || k < 0 || k + 1 >= mapStart.length) return undefined;
      const from = mapStart[k]!;
      const to = mapStart[k + 1]!;
      return to > from ? Array.from(mapValues.subarray(from, to)) : undefined;
    },
  });
}

function sameContent(a: Int32Array | Int16Array, b: Int32Array | Int16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface TokenInfoInternals {
  targetMap: Record<number, number[] | undefined>;
  loadDictionary(bytes: Uint8Array): unknown;
  loadPosVector(bytes: Uint8Array): unknown;
}

/**
 * Makes `mecab` use the shared tables instead of its own copies, which must run before
 * installTokenizerShortcuts (its builder reads the trie's arrays once). Two cases:
 * - `mecab` loaded the full dictionary: its trie and costs are replaced (its own copies become garbage) after
 *   checking that they hold exactly what it loaded; returns false, changing nothing, when they differ.
 * - `slim`: `mecab` was loaded from the slim folder made from the same dictionary (its trie, costs and token
 *   info are placeholders), so there is nothing to compare; every table is installed.
 */
export function installSharedTables(
  mecab: MeCab,
  tables: SharedTables,
  opts: { slim?: boolean } = {},
): boolean {
  const builder = builderOf(mecab) as BuilderInternals & {
    trie: { bc: { loadBaseBuffer(a: Int32Array): void; loadCheckBuffer(a: Int32Array): void } };
  };
  const cc = tokenizerInternals(mecab).viterbiSearcher
    .connectionCosts as SearcherInternals["connectionCosts"] & {
    loadConnectionCosts(buffer: Int16Array): void;
  };
  if (
    !opts.slim &&
    (!sameContent(builder.trie.bc.getBaseBuffer(), tables.base) ||
      !sameContent(builder.trie.bc.getCheckBuffer(), tables.check) ||
      !sameContent(cc.buffer, tables.costs) ||
      tables.byLeft.length !== cc.forwardDimension * cc.backwardDimension)
  )
    return false;
  builder.trie.bc.loadBaseBuffer(tables.base);
  builder.trie.bc.loadCheckBuffer(tables.check);
  cc.loadConnectionCosts(tables.costs);
  costsByLeft.set(tables.costs, tables.byLeft);
  if (opts.slim) {
    const known = builder.tokenInfoDictionary as unknown as TokenInfoInternals;
    known.loadDictionary(tables.tid);
    known.loadPosVector(tables.tidPos);
    known.targetMap = targetMapView(tables.mapStart, tables.mapValues);
  }
  return true;
}

/** The best path of one sentence: its nodes in order, as parallel arrays (valid until the next search). */
export interface BestPath {
  /** Nodes on the path; 0 when kuromoji-ko finds no path (it then yields no tokens for the sentence). */
  length: number;
  /** Dictionary entry offset of each node (the stock node's `name`). */
  id: Int32Array;
  /** 1 for an unknown-word node, 0 for a dictionary word. */
  unknown: Uint8Array;
  /** The node's surface is `sentence.slice(from[i], to[i])`. */
  from: Int32Array;
  to: Int32Array;
}

interface SearcherInternals {
  connectionCosts: { buffer: Int16Array; forwardDimension: number; backwardDimension: number };
}

/**
 * kuromoji-ko's lattice build and Viterbi search (ViterbiSearcher.search) in one, over typed arrays: no node
 * objects, no per-sentence garbage. It finds exactly the stock best path, ties included: the stock forward
 * pass visits the nodes ending at each position in the order they were appended and keeps the first
 * predecessor with the strictly smallest cost; here the nodes are bucketed by end position with a stable
 * counting sort of that same order, and the comparison is the same `<` on the same float64 sums (an
 * unreachable predecessor's Number.MAX_VALUE plus any edge cost rounds back to MAX_VALUE and never wins, as in
 * the stock pass). Not re-entrant. Text with an unpaired surrogate must go to the stock tokenizer instead.
 */
export function bestPathSearcher(mecab: MeCab): (sentence: string) => BestPath {
  const tokenizer = tokenizerInternals(mecab);
  const scan = latticeScanner(builderOf(mecab));
  const cc = tokenizer.viterbiSearcher.connectionCosts;
  const costs = cc.buffer;
  const dim = cc.backwardDimension;
  // Sorted by end position: index 0 is BOS, then the nodes, then EOS.
  let capacity = 0;
  let order = new Int32Array(0);
  let sStart = new Int32Array(0);
  let sLeft = new Int32Array(0);
  let sRight = new Int32Array(0);
  let sCost = new Int32Array(0);
  let shortest = new Float64Array(0);
  let prev = new Int32Array(0);
  let bucket = new Int32Array(0);
  let cursor = new Int32Array(0);
  // Per left id: the (sentence, start) stamp its best predecessor was found for, that predecessor, its cost.
  let memoStamp = new Int32Array(4096).fill(-1);
  let memoBest = new Int32Array(4096);
  let memoCost = new Float64Array(4096);
  let stampBase = 0;
  const path: BestPath = {
    length: 0,
    id: new Int32Array(64),
    unknown: new Uint8Array(64),
    from: new Int32Array(64),
    to: new Int32Array(64),
  };
  const edge = (right: number, left: number): number => {
    const index = right * dim + left + 2;
    if (costs.length < index + 1) throw new Error("ConnectionCosts buffer overflow");
    return costs[index]!;
  };
  // The same costs with one row per left id: the predecessors of a node are read from one 7 KB row instead
  // of one place per predecessor in the 20 MB matrix. Only for ids inside the matrix (all dictionary ids).
  const forward = cc.forwardDimension;
  const byLeft = costsByLeft.get(costs) ?? transposeCosts(costs);

  return (str: string): BestPath => {
    const flat = scan(str);
    const n = flat.count;
    path.length = 0;
    if (n === 0) return path; // the stock EOS then has no predecessor: no path
    const eosPos = Math.max(1, flat.maxLast) + 1;
    if (n + 2 > capacity) {
      capacity = Math.max(n + 2, capacity * 2);
      order = new Int32Array(capacity);
      sStart = new Int32Array(capacity);
      sLeft = new Int32Array(capacity);
      sRight = new Int32Array(capacity);
      sCost = new Int32Array(capacity);
      shortest = new Float64Array(capacity);
      prev = new Int32Array(capacity);
    }
    if (eosPos + 2 > bucket.length) {
      bucket = new Int32Array(Math.max(eosPos + 2, bucket.length * 2));
      cursor = new Int32Array(bucket.length);
    }
    // Counting sort by end position, stable: bucket[e] .. bucket[e + 1] are the sorted indices of the nodes
    // that end at e, in the order they were appended (BOS alone at 0, EOS alone at eosPos).
    bucket.fill(0, 0, eosPos + 2);
    bucket[1] = 1;
    for (let k = 0; k < n; k++) bucket[flat.start[k]! + flat.length[k]!]!++;
    bucket[eosPos + 1]! += 1;
    for (let e = 1; e <= eosPos + 1; e++) bucket[e]! += bucket[e - 1]!;
    cursor.set(bucket.subarray(0, eosPos + 1));
    sStart[0] = 0;
    sRight[0] = 0;
    shortest[0] = 0;
    prev[0] = -1;
    let inside = true;
    for (let k = 0; k < n; k++) {
      const s = cursor[flat.start[k]! + flat.length[k]! - 1]!++;
      const l = flat.left[k]!;
      const r = flat.right[k]!;
      if (l < 0 || l >= dim || r < 0 || r >= forward) inside = false;
      order[s] = k;
      sStart[s] = flat.start[k]!;
      sLeft[s] = flat.left[k]!;
      sRight[s] = flat.right[k]!;
      sCost[s] = flat.cost[k]!;
    }
    const eos = n + 1;
    sStart[eos] = eosPos;
    sLeft[eos] = 0;
    sRight[eos] = 0;
    sCost[eos] = 0;

    // The best predecessor depends on the node only through its start and its left id (its own cost adds the
    // same to every candidate, and integer sums compare exactly), so it is found once per (start, left id):
    // dictionary words of one surface often share their left id.
    if (stampBase > 0x3fffffff) {
      memoStamp.fill(-1);
      stampBase = 0;
    }
    for (let s = 1; s <= eos; s++) {
      const p = sStart[s]! - 1;
      const left = sLeft[s]!;
      if (left >= memoStamp.length) {
        const grown = new Int32Array(Math.max(left + 1, memoStamp.length * 2)).fill(-1);
        grown.set(memoStamp);
        memoStamp = grown;
        const grownBest = new Int32Array(grown.length);
        grownBest.set(memoBest);
        memoBest = grownBest;
        const grownCost = new Float64Array(grown.length);
        grownCost.set(memoCost);
        memoCost = grownCost;
      }
      let best: number;
      let partial: number;
      if (memoStamp[left] === stampBase + p) {
        best = memoBest[left]!;
        partial = memoCost[left]!;
      } else {
        const end = bucket[p + 1]!;
        // The stock pass compares prev.shortest_cost + edge + node.cost, first strict minimum kept.
        partial = Number.MAX_VALUE;
        best = -1;
        if (inside) {
          const row = left * forward;
          for (let q = bucket[p]!; q < end; q++) {
            const total = shortest[q]! + byLeft[row + sRight[q]!]!;
            if (total < partial) {
              best = q;
              partial = total;
            }
          }
        } else {
          for (let q = bucket[p]!; q < end; q++) {
            const total = shortest[q]! + edge(sRight[q]!, left);
            if (total < partial) {
              best = q;
              partial = total;
            }
          }
        }
        memoStamp[left] = stampBase + p;
        memoBest[left] = best;
        memoCost[left] = partial;
      }
      prev[s] = best;
      shortest[s] = best < 0 ? Number.MAX_VALUE : partial + sCost[s]!;
    }
    stampBase += eosPos + 1;

    let length = 0;
    for (let s = prev[eos]!; s !== 0; s = prev[s]!) {
      if (s < 0) return path; // a broken chain: the stock backward pass returns no path
      length++;
    }
    if (length > path.id.length) {
      const size = Math.max(length, path.id.length * 2);
      path.id = new Int32Array(size);
      path.unknown = new Uint8Array(size);
      path.from = new Int32Array(size);
      path.to = new Int32Array(size);
    }
    let i = length;
    for (let s = prev[eos]!; s !== 0; s = prev[s]!) {
      const k = order[s]!;
      i--;
      path.id[i] = flat.id[k]!;
      path.unknown[i] = flat.unknown[k]!;
      path.from[i] = flat.from[k]!;
      path.to[i] = flat.to[k]!;
    }
    path.length = length;
    return path;
  };
}

/** The stock builder of `mecab`'s tokenizer (for comparison in tests). */
export function stockLatticeBuilder(mecab: MeCab): (sentence: string) => Lattice {
  const internals = builderOf(mecab);
  const proto = Object.getPrototypeOf(internals) as { build(s: string): Lattice };
  return (s) => proto.build.call(internals, s);
}

function tokenizerInternals(mecab: MeCab): { viterbiSearcher: SearcherInternals } {
  const tokenizer = (mecab as unknown as { underlyingTokenizer: { viterbiSearcher?: SearcherInternals } })
    .underlyingTokenizer;
  const searcher = tokenizer.viterbiSearcher;
  const cc = searcher?.connectionCosts;
  if (!searcher || !cc || !(cc.buffer instanceof Int16Array) || typeof cc.backwardDimension !== "number")
    throw new Error(
      "kuromoji-ko's tokenizer has no viterbiSearcher with connection costs: the installed version changed its internals",
    );
  return { viterbiSearcher: searcher };
}

function builderOf(mecab: MeCab): BuilderInternals {
  const tokenizer = (mecab as unknown as { underlyingTokenizer: { viterbiBuilder?: BuilderInternals } })
    .underlyingTokenizer;
  const builder = tokenizer.viterbiBuilder;
  if (!builder || typeof builder.build !== "function" || !builder.trie || !builder.unknownDictionary)
    throw new Error(
      "kuromoji-ko's tokenizer has no viterbiBuilder: the installed version changed its internals",
    );
  return builder;
}

/**
 * Makes `mecab` build its lattices with the linear builder, and remember each known word's feature line
 * (kuromoji decodes it from UTF-8 bytes in JavaScript for every token of every sentence; a review corpus
 * uses a few tens of thousands of distinct entries). Idempotent.
 */
export function installTokenizerShortcuts(mecab: MeCab): MeCab {
  const builder = builderOf(mecab) as BuilderInternals & { linear?: true };
  if (builder.linear) return mecab;
  builder.build = linearLatticeBuilder(builder);
  builder.linear = true;
  const dictionary = builder.tokenInfoDictionary as unknown as { getFeatures(id: number | string): string };
  const decode = dictionary.getFeatures.bind(dictionary);
  const features = new Map<number | string, string>();
  dictionary.getFeatures = (id) => {
    let line = features.get(id);
    if (line === undefined) {
      line = decode(id);
      features.set(id, line);
    }
    return line;
  };
  return mecab;
}
