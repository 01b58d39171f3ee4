/**
 * Secrets never reach a log line, and scraped text reaches SQL only as bound values (DESIGN: raw first,
 * keyed upserts). The static check at the end fails when someone interpolates a value into a SQL string.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppConfig } from "../../src/shared/app-config.js";
import { createLogger } from "../../src/shared/log.js";
import type { ArticleDocument, NewsComment } from "../../src/shared/types.js";
import { DuckCrawlStore, saveDocuments } from "../../src/store/crawl-store.js";
import { Store } from "../../src/store/db.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const SECRET = "sEcReT-naver-Client-9f3a71";
const SALT = "salt-value-that-must-stay-private-77";
const BEARER = "Bearer tok-4481-private";

function bufferLogger(): { log: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "trace", pretty: false, destination }), text: () => chunks.join("") };
}

describe("secrets are never logged", () => {
  it("in every shape the code logs config, credentials and request headers", () => {
    const { log, text } = bufferLogger();
    const config = loadAppConfig(undefined, {
      NAVER_CLIENT_ID: "id",
      NAVER_CLIENT_SECRET: SECRET,
      YEORON_SALT: SALT,
    });
    const headers = { "X-Naver-Client-Id": "id", "X-Naver-Client-Secret": SECRET, authorization: BEARER };
    log.info(config, "config");
    log.info({ config }, "config nested");
    log.debug({ naver: config.naver, privacy: config.privacy }, "parts");
    log.info({ clientSecret: SECRET, salt: SALT }, "flat");
    log.warn({ headers }, "request");
    log.warn(
      { req: { headers: { "x-naver-client-secret": SECRET, authorization: BEARER } } },
      "nested request",
    );
    log.info({ credentials: { clientId: "id", clientSecret: SECRET } }, "runner credentials");
    const out = text();
    expect(out).toContain("[redacted]");
    for (const secret of [SECRET, SALT, BEARER]) expect(out).not.toContain(secret);
  });

  it("a config error about a secret key names the key, not the value", () => {
    const dir = tempDir("yeoron-badcfg-");
    const file = path.join(dir, "bad.yaml");
    for (const [yaml, key, value] of [
      ["naver:\n  clientSecret: 987654321\n", "naver.clientSecret", "987654321"],
      ["privacy:\n  salt: 12345\n", "privacy.salt", "12345"],
    ] as const) {
      writeFileSync(file, yaml);
      expect(() => loadAppConfig(file, {})).toThrow(`${key}: [redacted]`);
      expect(() => loadAppConfig(file, {})).not.toThrow(value);
    }
  });

  it("the built CLI with --verbose prints neither the client secret nor the salt", () => {
    const dir = tempDir("yeoron-secret-");
    const env = { NAVER_CLIENT_ID: "id-123", NAVER_CLIENT_SECRET: SECRET, YEORON_SALT: SALT };
    const db = path.join(dir, "y.duckdb");
    const runs = [
      runCli(["--db", db, "--verbose", "crawl", "--replay", "data/sample"], { env }),
      runCli(["--db", db, "--verbose", "status", "--json"], { env }),
      // A usage error with --verbose prints a stack: still no secret in it.
      runCli(["--db", db, "--verbose", "report", "--week", "nope"], { env }),
    ];
    expect(runs[0]?.code).toBe(0);
    for (const r of runs) {
      for (const secret of [SECRET, SALT]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });
});

const HOSTILE_STRINGS = [
  "'); DROP TABLE comments; --",
  "' OR 1=1 --",
  `"; DROP TABLE documents; --`,
  "Robert'); DELETE FROM raw_fetches; --",
  "back\\slash \\' \\\\ end",
  "nul\u0000byte",
  "$1 $2 ? :name",
  "카카오 '먹통' \"사태\" ; -- 주석",
  "E'\\x27' || chr(39)",
];

describe("scraped values reach SQL as parameters", () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = tempDir("yeoron-sqli-");
    store = await Store.open(path.join(dir, "y.duckdb"));
  });
  afterAll(() => store.close());

  const tableCount = async () =>
    Number(
      (await store.one<{ n: bigint }>("SELECT count(*) AS n FROM duckdb_tables() WHERE NOT temporary"))?.n ??
        0,
    );

  it("comments and documents with injection strings come back byte-exact, tables intact", async () => {
    const tablesBefore = await tableCount();
    const crawlStore = new DuckCrawlStore(store);
    // Small batches go through INSERT … VALUES with parameters, large ones through the Appender: both paths.
    for (const copies of [1, 20]) {
      const comments: NewsComment[] = HOSTILE_STRINGS.flatMap((text, i) =>
        Array.from({ length: copies }, (_, c) => ({
          commentId: `naver:${copies}-${i}-${c}${text}`,
          docId: `doc-${text}`,
          source: "naver" as const,
          parentId: null,
          replyLevel: 1,
          contents: text,
          userName: text,
          userHash: null,
          writtenAt: new Date("2022-10-17T05:00:00Z"),
          modifiedAt: null,
          sympathy: 0,
          antipathy: 0,
          replyCount: 0,
          isBest: false,
          isDeleted: false,
          isHidden: false,
        })),
      );
      await crawlStore.saveCommentPage(
        {
          docId: `doc-${copies}'--`,
          objectId: "news001,0000000001'",
          articleUrl: "https://x/'",
          nextPage: 2,
          totalPages: 3,
          done: false,
        },
        comments,
        new Date(),
      );
      const docs = HOSTILE_STRINGS.flatMap((text, i) =>
        Array.from({ length: copies }, (_, c) => {
          const doc: ArticleDocument = {
            docId: `${copies}-${i}-${c}${text}`,
            url: `https://example.com/${i}?q=${text}`,
            canonicalUrl: `https://example.com/${i}`,
            outlet: text,
            title: text,
            subtitle: text,
            paragraphs: [text, text],
            publishedAt: null,
            modifiedAt: null,
            reporters: [text],
            emails: [],
            section: text,
            method: "paragraphs",
          };
          return {
            doc,
            sourceId: text,
            fetchedAt: new Date(),
            rawFetchId: null,
            simhash: null,
            duplicateOf: null,
            duplicateReason: null,
          };
        }),
      );
      await saveDocuments(store, docs);
    }
    expect(await tableCount()).toBe(tablesBefore);
    for (const text of HOSTILE_STRINGS) {
      const comments = await store.all<{ contents: string; user_name: string; doc_id: string }>(
        "SELECT contents, user_name, doc_id FROM comments WHERE contents = $1",
        [text],
      );
      expect(comments).toHaveLength(21);
      for (const c of comments)
        expect([c.contents, c.user_name, c.doc_id]).toEqual([text, text, `doc-${text}`]);
      const docs = await store.all<{ title: string; body: string; outlet: string; reporters: string[] }>(
        "SELECT title, body, outlet, reporters FROM documents WHERE title = $1",
        [text],
      );
      expect(docs).toHaveLength(21);
      for (const d of docs) {
        expect(d.title).toBe(text);
        expect(d.outlet).toBe(text);
        expect(d.body).toBe(`${text}\n\n${text}`);
        expect(d.reporters).toEqual([text]);
      }
    }
    const cursor = await new DuckCrawlStore(store).getCommentCursor("doc-1'--");
    expect(cursor?.objectId).toBe("news001,0000000001'");
  });
});

/** Every .ts file under src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

const SQL_KEYWORDS =
  /\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|COPY|WHERE|VALUES|FROM|ATTACH|PRAGMA|SET)\b/;

/**
 * Interpolations allowed inside SQL template literals: identifiers through quoteIdent, SQL fragments built
 * from constants in the same module (column lists, conflict clauses, staging names), numbered placeholders,
 * and string literals escaped by doubling quotes. Anything else is a value and must be a bound parameter.
 */
const ALLOWED_INTERPOLATION = [
  /^quoteIdent\(/,
  /^lit\(/,
  /^sqlString\(/,
  /^params\.length$/,
  /^t === "JSON" \? "JSON" : t$/,
  /^(?:cols|keyList|onConflict|source|select|stage|defs\.join\(", "\)|plan\.select|dayExpr|table === "prices" \? "trading_day" : "day"|slots\.join\(", "\)|tuples\.join\(", "\)|columns\.map\(quoteIdent\)\.join\(", "\)|conflictClause\(key, columns, policy\)|updates\.map\(.*\)\.join\(", "\))$/,
  /^i$/,
  // Module constants (UPPER_CASE) and numbers.
  /^[A-Z][A-Z0-9_]*$/,
  /^Number\(/,
  // A string literal or identifier escaped by doubling its quote (file paths in ATTACH/COPY, table names).
  /^[\w.]+\.replaceAll\("'", "''"\)$/,
  /^[\w.]+\.replaceAll\('"', '""'\)$/,
  // Reviewed: one of two constant column names (src/store/event.ts).
  /^sentimentCol$/,
  /^measure === "return" \? '"return"' : "abnormal_return"$/,
  // Reviewed: CASE arms built from Number(...) of the refresh tiers (src/store/schedule-state.ts).
  /^cases$/,
];

/** `${…}` expressions inside template literals that read as SQL, with where they are. */
function sqlInterpolations(file: string, text: string): Array<{ where: string; expr: string }> {
  const found: Array<{ where: string; expr: string }> = [];
  const template = /`((?:[^`\\]|\\.)*)`/gs;
  for (const m of text.matchAll(template)) {
    const body = m[1] ?? "";
    if (!body.includes("${") || !SQL_KEYWORDS.test(body.replace(/\$\{[^}]*\}/g, ""))) continue;
    // Only strings that look like statements, not messages that happen to contain "from" or "set".
    if (
      !/^\s*(?:\(|SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|COPY|WITH|ATTACH|PRAGMA|SET|ON CONFLICT|TO|FROM)/.test(
        body,
      )
    )
      continue;
    const line = text.slice(0, m.index).split("\n").length;
    for (const e of body.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
      found.push({ where: `${path.relative(REPO, file)}:${line}`, expr: (e[1] ?? "").trim() });
    }
  }
  return found;
}

describe("no value is interpolated into SQL text (static check of src/store)", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the SQL placeholder syntax under test
  it("every ${…} in a SQL template literal is an identifier or a constant fragment", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(REPO, "src", "store"))) {
      for (const { where, expr } of sqlInterpolations(file, readFileSync(file, "utf8"))) {
        if (!ALLOWED_INTERPOLATION.some((re) => re.test(expr))) offenders.push(`${where}: \${${expr}}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the check catches an interpolated value", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of an offending call, not a template
    const bad = "await store.run(`DELETE FROM comments WHERE doc_id = '${docId}'`);";
    const found = sqlInterpolations("src/store/x.ts", bad);
    expect(found.map((f) => f.expr)).toEqual(["docId"]);
    expect(ALLOWED_INTERPOLATION.some((re) => re.test("docId"))).toBe(false);
  });
});
