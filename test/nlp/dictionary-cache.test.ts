/**
 * The decompressed dictionary cache: written once with native zlib, reused after, keyed by the bundled files,
 * and skipped (null) when no cache folder can be written, so loading falls back to the gzipped files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decompressedDictionary, slimDictionary } from "../../src/nlp/morph.js";

function fakeDictionary(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "yeoron-dict-src-"));
  for (const [name, body] of Object.entries(files))
    writeFileSync(path.join(dir, `${name}.gz`), gzipSync(body));
  return dir;
}

describe("decompressed dictionary cache", () => {
  it("writes every .dat.gz file decompressed, once, and reuses the folder", () => {
    const source = fakeDictionary({ "base.dat": "BASE-BYTES", "cc.dat": "CONNECTION-COSTS" });
    const root = mkdtempSync(path.join(tmpdir(), "yeoron-cache-"));
    const dir = decompressedDictionary(source, [root]);
    expect(dir).not.toBeNull();
    expect(readFileSync(path.join(dir!, "base.dat"), "utf8")).toBe("BASE-BYTES");
    expect(readFileSync(path.join(dir!, "cc.dat"), "utf8")).toBe("CONNECTION-COSTS");
    const written = statSync(path.join(dir!, "base.dat")).mtimeMs;
    expect(decompressedDictionary(source, [root])).toBe(dir);
    expect(statSync(path.join(dir!, "base.dat")).mtimeMs).toBe(written);
    // No temporary folders left behind.
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("gives a changed dictionary its own folder", () => {
    const root = mkdtempSync(path.join(tmpdir(), "yeoron-cache-"));
    const a = decompressedDictionary(fakeDictionary({ "base.dat": "one" }), [root]);
    const b = decompressedDictionary(fakeDictionary({ "base.dat": "a longer body" }), [root]);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(b).not.toBe(a);
    // Same length, different content: the gzip trailer's CRC-32 tells them apart.
    const c = decompressedDictionary(fakeDictionary({ "base.dat": "two" }), [root]);
    expect(c).not.toBe(a);
    expect(readFileSync(path.join(c!, "base.dat"), "utf8")).toBe("two");
  });

  it("tries the next folder when one cannot be written, and returns null when none can", () => {
    const source = fakeDictionary({ "base.dat": "x" });
    const notADir = path.join(mkdtempSync(path.join(tmpdir(), "yeoron-cache-")), "a-file");
    writeFileSync(notADir, "occupied");
    const fallback = mkdtempSync(path.join(tmpdir(), "yeoron-cache-"));
    expect(decompressedDictionary(source, [notADir, fallback])?.startsWith(fallback)).toBe(true);
    expect(decompressedDictionary(source, [notADir])).toBeNull();
  });

  it("returns null for a folder without gzipped dictionary files", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "yeoron-dict-src-"));
    expect(decompressedDictionary(empty, [mkdtempSync(path.join(tmpdir(), "yeoron-cache-"))])).toBeNull();
  });
});

describe("slim dictionary folder", () => {
  function decompressed(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "yeoron-dict-plain-"));
    for (const [name, body] of Object.entries({
      "base.dat": "BIG-BASE",
      "check.dat": "BIG-CHECK",
      "cc.dat": "BIG-COSTS",
      "tid.dat": "BIG-TID",
      "tid_pos.dat": "BIG-POS",
      "tid_map.dat": "BIG-MAP",
      "unk.dat": "small-unk",
      "unk_char.dat": "small-char",
    }))
      writeFileSync(path.join(dir, name), body);
    return dir;
  }

  it("copies the small files, puts placeholders for the large ones, and is reused", () => {
    const dir = decompressed();
    const slim = slimDictionary(dir)!;
    expect(slim).toBe(path.join(dir, "slim"));
    expect(readFileSync(path.join(slim, "unk.dat"), "utf8")).toBe("small-unk");
    expect(readFileSync(path.join(slim, "unk_char.dat"), "utf8")).toBe("small-char");
    for (const big of ["base.dat", "check.dat", "cc.dat", "tid.dat", "tid_pos.dat", "tid_map.dat"])
      expect(statSync(path.join(slim, big)).size, big).toBeLessThanOrEqual(8);
    const written = statSync(path.join(slim, "unk.dat")).mtimeMs;
    expect(slimDictionary(dir)).toBe(slim);
    expect(statSync(path.join(slim, "unk.dat")).mtimeMs).toBe(written);
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("leaves a slim folder without its mark alone and says there is none (workers then load in full)", () => {
    // A folder is renamed into place whole, mark inside; removing one without it could race another process
    // that is renaming its finished copy in, so a damaged folder is left for a person to clear.
    const dir = decompressed();
    mkdirSync(path.join(dir, "slim"));
    writeFileSync(path.join(dir, "slim", "unk.dat"), "stale");
    expect(slimDictionary(dir)).toBeNull();
    expect(readFileSync(path.join(dir, "slim", "unk.dat"), "utf8")).toBe("stale");
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });
});
