import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSourcesFile, naverCredentialsFromEnv, parseSourcesText } from "../../src/crawl/sources.js";
import { ConfigError } from "../../src/shared/errors.js";

const VALID = `
topics:
  - id: kakao-outage
    keywords: [카카오 먹통]
sources:
  - id: hankyung-it
    type: feed
    url: https://www.hankyung.com/feed/it
  - id: naver-search
    type: naver-search
    queries: [카카오 먹통]
`;

/** The one-line error for a sources text, or a failure if it parsed. */
function errorFor(text: string): string {
  try {
    parseSourcesText(text, "data/sources.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.includes("\n"), message).toBe(false);
    return message;
  }
  throw new Error("expected a ConfigError");
}

describe("sources file", () => {
  it("parses a valid file and fills defaults", () => {
    const file = parseSourcesText(VALID, "x.yaml");
    expect(file.sources).toHaveLength(2);
    expect(file.sources[1]).toMatchObject({
      type: "naver-search",
      display: 100,
      sort: "date",
      baseUrl: "https://openapi.naver.com/v1/search/news.json",
      enabled: true,
    });
    expect(file.comments.naver).toMatchObject({ enabled: true, pageSize: 100, maxPages: 50 });
  });

  it("names the key path, the value and what was expected", () => {
    expect(errorFor(VALID.replace("https://www.hankyung.com/feed/it", '"htp:/x"'))).toBe(
      'data/sources.yaml: sources[0].url: "htp:/x" is not a valid URL (expected http:// or https://)',
    );
    expect(errorFor(VALID.replace("https://www.hankyung.com/feed/it", "not a url"))).toBe(
      'data/sources.yaml: sources[0].url: "not a url" is not a valid URL',
    );
    expect(errorFor(VALID.replace("type: feed", "type: rss"))).toBe(
      'data/sources.yaml: sources[0].type: "rss" is not one of feed, naver-search, google-news',
    );
    expect(errorFor(VALID.replace("id: hankyung-it", "id: Hankyung IT"))).toBe(
      'data/sources.yaml: sources[0].id: "Hankyung IT" is not valid (expected lower-case letters, digits and dashes)',
    );
    expect(errorFor(`${VALID}    display: 500\n`)).toBe(
      "data/sources.yaml: sources[1].display: 500 is too big (expected ≤ 100)",
    );
    expect(errorFor(`${VALID}    colour: blue\n`)).toBe(
      'data/sources.yaml: sources[1]: unknown key "colour"',
    );
    expect(errorFor(VALID.replace("keywords: [카카오 먹통]", "keywords: []"))).toBe(
      "data/sources.yaml: topics[0].keywords: [] is too small (expected at least 1 item(s))",
    );
    expect(errorFor("sources: []\n")).toBe("data/sources.yaml: topics: missing (expected array)");
  });

  it("rejects duplicate ids and an empty date window", () => {
    expect(errorFor(VALID.replace("id: naver-search", "id: hankyung-it"))).toBe(
      'data/sources.yaml: sources[1].id: "hankyung-it" is used by an earlier source',
    );
    const google = `${VALID}  - id: g\n    type: google-news\n    queries: [q]\n    after: "2022-10-29"\n    before: "2022-10-14"\n`;
    expect(errorFor(google)).toBe(
      'data/sources.yaml: sources[2].before: "2022-10-14" must be later than after (2022-10-29)',
    );
  });

  it("reports YAML syntax errors with line and column", () => {
    expect(errorFor("topics: [\n  - id: x\n")).toMatch(/^data\/sources\.yaml:\d+:\d+: /);
  });

  describe("from disk", () => {
    let dir = "";
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "yeoron-sources-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("loads a file and names a missing one", async () => {
      const file = path.join(dir, "sources.yaml");
      await writeFile(file, VALID);
      expect(loadSourcesFile(file).sources[0]?.id).toBe("hankyung-it");
      expect(() => loadSourcesFile(path.join(dir, "nope.yaml"))).toThrow(/nope\.yaml: file not found/);
    });

    it("accepts the bundled data/sources.yaml", () => {
      const bundled = loadSourcesFile(fileURLToPath(new URL("../../data/sources.yaml", import.meta.url)));
      expect(bundled.sources.filter((s) => s.type === "feed").length).toBeGreaterThanOrEqual(9);
      const google = bundled.sources.find((s) => s.type === "google-news");
      expect(google).toMatchObject({ after: "2022-10-14", before: "2022-10-29" });
      expect(bundled.topics.flatMap((t) => t.keywords)).toEqual(
        expect.arrayContaining(["카카오 먹통", "카카오 데이터센터 화재", "남궁훈 사과", "IT 업계의 비극"]),
      );
    });
  });
});

describe("naverCredentialsFromEnv", () => {
  it("needs both variables", () => {
    expect(naverCredentialsFromEnv({ NAVER_CLIENT_ID: "a", NAVER_CLIENT_SECRET: "b" })).toEqual({
      clientId: "a",
      clientSecret: "b",
    });
    expect(naverCredentialsFromEnv({ NAVER_CLIENT_ID: "a" })).toBeNull();
    expect(naverCredentialsFromEnv({ NAVER_CLIENT_ID: " ", NAVER_CLIENT_SECRET: "b" })).toBeNull();
  });
});
