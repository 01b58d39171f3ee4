/**
 * Golden pages (STYLE: Mozilla Readability's test-pages): each folder of test/fixtures/pages holds
 * `source.html`, `meta.json` ({url, fetchedAt, site?}) and `expected.json`. A mismatch writes
 * `actual-changed.json` beside the expected file for review; expected files are never written here.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../src/extract/article.js";
import { isSiteId } from "../../src/extract/sites/index.js";

const PAGES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "pages");

interface PageMeta {
  url: string;
  fetchedAt: string;
  site?: string;
}

const slugs = readdirSync(PAGES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("fixture pages", () => {
  it("has the pages the issue asks for", () => {
    for (const slug of [
      "naver-1",
      "naver-old-read",
      "daum-1",
      "hankyung-1",
      "yonhap-1",
      "generic-1",
      "generic-baseline",
      "repeated-body",
      "hankyung-column",
    ]) {
      expect(slugs).toContain(slug);
    }
  });

  for (const slug of slugs) {
    it(`extracts ${slug} as expected.json says`, () => {
      const dir = join(PAGES, slug);
      const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as PageMeta;
      const html = readFileSync(join(dir, "source.html"), "utf8");
      const site = meta.site !== undefined && isSiteId(meta.site) ? meta.site : undefined;
      const doc = extractArticle({ html, url: meta.url, fetchedAt: new Date(meta.fetchedAt), site });
      const actual = JSON.parse(JSON.stringify(doc)) as unknown;

      const expectedPath = join(dir, "expected.json");
      const changedPath = join(dir, "actual-changed.json");
      const expected = existsSync(expectedPath)
        ? (JSON.parse(readFileSync(expectedPath, "utf8")) as unknown)
        : null;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        writeFileSync(changedPath, `${JSON.stringify(actual, null, 2)}\n`);
      } else if (existsSync(changedPath)) {
        rmSync(changedPath);
      }
      expect(expected, `${slug}: no expected.json (see actual-changed.json)`).not.toBeNull();
      expect(actual).toEqual(expected);
    });
  }
});
