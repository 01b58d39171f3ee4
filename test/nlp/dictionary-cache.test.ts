/**
 * The decompressed dictionary cache: written once with native zlib, reused after, keyed by the bundled files,
 * and skipped (null) when no cache folder can be written, so loading falls back to the gzipped files.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decompressedDictionary } from "../../src/nlp/morph.js";

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
