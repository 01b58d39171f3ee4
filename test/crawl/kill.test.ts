/**
 * `kill -9` in the middle of a crawl, then the same command again (issue 3, "Must show"): the rerun resumes
 * from what the killed run committed, and the database ends up exactly as one clean run leaves it — every
 * document and comment once, none lost, no article or comment page fetched again.
 *
 * The archive is the bundled sample plus 190 Naver articles (40 of them with three comment pages each), built
 * in a temp dir with scripts/build-sample.ts, so each phase of the run (article pages, then comment pages)
 * lasts long enough for a kill to land inside it. The CLI logs nothing per item on a pipe
 * and the writer locks the DB, so the kill is timed by what the writer commits: every group commit
 * (GROUP_COMMIT_MS) appends to the DuckDB write-ahead log, which the test watches with stat() and never
 * opens. Bytes committed, unlike commits counted, do not depend on the machine's speed, so "x% of a clean
 * run's WAL bytes" lands in the same phase everywhere.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { buildSample } from "../../scripts/build-sample.js";
import { CLI, REPO, tempDir } from "../helpers/cli.js";

/**
 * Extra Naver articles on top of the sample's 30, in two kinds. Talked-about ones carry the sample's largest
 * comment section (246 comments, three pages), so comment pages are most of the run's bytes, as in a real
 * crawl. Quiet ones have an empty comment box; with them the article phase lasts about ten group commits
 * here, so a kill lands among the article pages with room on both sides. Naver articles on purpose: their
 * comment thread is opened between storing the page and marking it done, the widest window a kill can hit.
 */
const TALKED_ABOUT_ARTICLES = 40;
const QUIET_ARTICLES = 150;
/** The sample article whose text and comment section the extra articles reuse. */
const TEMPLATE_ARTICLE = "n2";
/**
 * Where the kills land, as shares of a clean run's WAL bytes. Measured here: article pages fill the first
 * ~20%, comment pages run to ~85%, the run's closing writes and the reader snapshot the rest.
 */
const KILL_AMONG_ARTICLES = 0.08;
const KILL_AMONG_COMMENTS = 0.5;
/** Milliseconds between stat() calls on the WAL: far below the 250 ms between group commits. */
const WAL_POLL_MS = 5;
/** A whole crawl of the archive takes about 10 s here; three runs plus queries need room on a slow host. */
const TEST_TIMEOUT_MS = 240_000;

interface ArticleYaml {
  id: string;
  copyOf?: string;
  outlet?: string;
  title?: string;
  reporter?: string;
  email?: string;
  paragraphs?: string[];
  [field: string]: unknown;
}

/** The sample's content plus the extra Naver articles, built as a replay archive in `dir`. */
function buildKillArchive(dir: string): void {
  const sampleContent = path.join(REPO, "data", "sample", "content");
  const content = path.join(dir, "content");
  mkdirSync(content, { recursive: true });
  const doc = parseYaml(readFileSync(path.join(sampleContent, "articles.yaml"), "utf8")) as {
    articles: ArticleYaml[];
  };
  const byId = (id: string) => {
    const found = doc.articles.find((a) => a.id === id);
    if (!found) throw new Error(`sample has no article ${id}`);
    return found;
  };
  const template = byId(TEMPLATE_ARTICLE);
  // The template may itself be a wire copy; the generator resolves one level of copyOf, so copy the text.
  const text = template.copyOf ? byId(template.copyOf) : template;

  const comments = readFileSync(path.join(sampleContent, "comments.txt"), "utf8");
  const lines = comments.split("\n");
  const start = lines.indexOf(`## ${TEMPLATE_ARTICLE}`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const section = lines.slice(start + 1, end === -1 ? undefined : end).filter((l) => l.trim() !== "");
  if (start === -1 || section.length === 0) throw new Error(`no comment section ${TEMPLATE_ARTICLE}`);

  const extraSections: string[] = [];
  for (let i = 0; i < TALKED_ABOUT_ARTICLES + QUIET_ARTICLES; i++) {
    const id = `kill${i}`;
    const talkedAbout = i < TALKED_ABOUT_ARTICLES;
    doc.articles.push({
      id,
      site: "naver",
      oid: "001",
      aid: `00150${String(i).padStart(5, "0")}`,
      outlet: template.outlet ?? text.outlet,
      title: template.title ?? text.title,
      reporter: template.reporter ?? text.reporter,
      email: template.email ?? text.email,
      paragraphs: text.paragraphs,
      published: `2022-10-20 ${String(9 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`,
      // Two search responses, so neither lists more than the API's 100 results.
      discovered: [talkedAbout ? "naver-search:1" : "naver-search:2"],
      ...(talkedAbout ? { comments: id } : {}),
    });
    if (talkedAbout) extraSections.push(`## ${id}\n${section.join("\n")}`);
  }
  // The copies share their text arrays; YAML anchors for them would trip the parser's alias limit.
  writeFileSync(path.join(content, "articles.yaml"), stringifyYaml(doc, { aliasDuplicateObjects: false }));
  writeFileSync(path.join(content, "comments.txt"), `${comments}\n${extraSections.join("\n\n")}\n`);
  buildSample(content, dir);
}

/** Every comment id the archive's comment pages hold (`naver:{commentNo}`, as the store keys them). */
function archiveCommentIds(dir: string): Set<string> {
  const ids = new Set<string>();
  const manifest = readFileSync(path.join(dir, "manifest.jsonl"), "utf8").trim().split("\n");
  for (const line of manifest) {
    const entry = JSON.parse(line) as { kind: string; body?: string };
    if (entry.kind !== "comments" || !entry.body) continue;
    const jsonp = readFileSync(path.join(dir, entry.body), "utf8");
    // `_yeoron({...});`: the payload runs from the first "(" to the last ")".
    const payload = JSON.parse(jsonp.slice(jsonp.indexOf("(") + 1, jsonp.lastIndexOf(")"))) as {
      result: { commentList: { commentNo: number }[] };
    };
    for (const c of payload.result.commentList) ids.add(`naver:${c.commentNo}`);
  }
  return ids;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; a bare `vitest run` after editing src/ gets a fresh dist here. */
function ensureBuilt(): void {
  const stale = () => !existsSync(CLI) || statSync(CLI).mtimeMs < newestMtime(path.join(REPO, "src"));
  if (!stale()) return;
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: REPO, encoding: "utf8" });
  // tsc still emits when another file has type errors; only a missing or stale CLI stops the test.
  if (stale()) throw new Error(`could not build dist/: ${r.stdout}${r.stderr}`);
}

function cliEnv(): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(YEORON_|NAVER_)/.test(k)));
  return { ...base, DOTENV_CONFIG_QUIET: "true" };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], cwd: string): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv() });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  const exit = new Promise<Exit>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit };
}

/**
 * Calls `onCommit(bytes)` each time the WAL beside `db` changes, with the bytes committed so far (a
 * checkpoint empties the WAL; growth after it counts on). Only stat(): the writer holds the DB, and opening
 * it would fail or take the lock.
 */
function watchCommits(db: string, onCommit: (bytes: number) => void): () => void {
  const wal = `${db}.wal`;
  let lastMark = "";
  let lastSize = 0;
  let committed = 0;
  const timer = setInterval(() => {
    let size: number;
    let mark: string;
    try {
      const s = statSync(wal);
      size = s.size;
      mark = `${s.size}:${s.mtimeMs}`;
    } catch {
      // No WAL yet, or checkpointed away between two polls.
      size = 0;
      mark = "none";
    }
    if (mark === lastMark) return;
    lastMark = mark;
    committed += size >= lastSize ? size - lastSize : size;
    lastSize = size;
    onCommit(committed);
  }, WAL_POLL_MS);
  return () => clearInterval(timer);
}

/** `init` first, so the WAL the test watches holds the crawl's commits and not the migrations'. */
async function initDb(db: string, cwd: string): Promise<void> {
  mkdirSync(path.dirname(db), { recursive: true });
  const r = await startCli(["--db", db, "init"], cwd).exit;
  if (r.code !== 0) throw new Error(`init failed (${r.code}): ${r.stderr}`);
}

async function crawl(db: string, archive: string, cwd: string): Promise<Exit & { walBytes: number }> {
  const { exit } = startCli(["--db", db, "crawl", "--replay", archive], cwd);
  let walBytes = 0;
  const stop = watchCommits(db, (bytes) => (walBytes = bytes));
  const result = await exit;
  stop();
  return { ...result, walBytes };
}

async function sqlJson<T>(db: string, query: string, cwd: string): Promise<T[]> {
  const { exit } = startCli(["--db", db, "sql", "--format", "json", query], cwd);
  const r = await exit;
  if (r.code !== 0) throw new Error(`sql failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

/**
 * Article and comment pages with more than one successful response stored (a redirect's 302 and its 200 share
 * the URL, so only 2xx count). Feeds, searches and robots.txt are asked again by every run, rightly.
 */
async function pagesFetchedTwice(db: string, cwd: string): Promise<string[]> {
  const rows = await sqlJson<{ url: string }>(
    db,
    `SELECT url FROM raw_fetches WHERE kind IN ('article', 'comments') AND status BETWEEN 200 AND 299
     GROUP BY url HAVING count(*) > 1 ORDER BY url`,
    cwd,
  );
  return rows.map((r) => r.url);
}

interface Counts {
  documents: number;
  comments: number;
  raw_articles: number;
  raw_comment_pages: number;
  distinct_doc_urls: number;
  distinct_comment_keys: number;
}

const COUNTS = `SELECT
  (SELECT count(*) FROM documents)::INTEGER AS documents,
  (SELECT count(*) FROM comments)::INTEGER AS comments,
  (SELECT count(*) FROM raw_fetches WHERE kind = 'article')::INTEGER AS raw_articles,
  (SELECT count(*) FROM raw_fetches WHERE kind = 'comments')::INTEGER AS raw_comment_pages,
  (SELECT count(DISTINCT url) FROM documents)::INTEGER AS distinct_doc_urls,
  (SELECT count(DISTINCT (doc_id, contents, written_at, user_name)) FROM comments)::INTEGER
    AS distinct_comment_keys`;

async function counts(db: string, cwd: string): Promise<Counts> {
  const [row] = await sqlJson<Counts>(db, COUNTS, cwd);
  if (!row) throw new Error("no counts");
  return row;
}

describe("a crawl killed with SIGKILL and run again", () => {
  let work: string;
  let archive: string;
  let cleanDb: string;
  let clean: Counts;
  let cleanWalBytes: number;

  beforeAll(async () => {
    ensureBuilt();
    work = tempDir("yeoron-kill-");
    archive = path.join(work, "archive");
    buildKillArchive(archive);
    cleanDb = path.join(work, "clean", "y.duckdb");
    await initDb(cleanDb, work);
    const run = await crawl(cleanDb, archive, work);
    if (run.code !== 0) throw new Error(`clean crawl failed (${run.code}): ${run.stderr}`);
    cleanWalBytes = run.walBytes;
    clean = await counts(cleanDb, work);
  }, TEST_TIMEOUT_MS);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the clean run stores every comment of the archive once", async () => {
    const expected = archiveCommentIds(archive);
    expect(expected.size).toBeGreaterThan(TALKED_ABOUT_ARTICLES * 200);
    expect(clean.documents).toBeGreaterThan(TALKED_ABOUT_ARTICLES + QUIET_ARTICLES);
    expect(clean.comments).toBe(expected.size);
    expect(clean.distinct_comment_keys).toBe(clean.comments);
    expect(clean.distinct_doc_urls).toBe(clean.documents);
    expect(cleanWalBytes).toBeGreaterThan(0);
  });

  /**
   * Runs the crawl into a fresh DB and kills it once it has committed `fraction` of a clean run's WAL bytes;
   * `landed` checks from the killed run's counts that the kill hit the intended phase. Then reruns the same
   * command and checks the result against the clean run.
   */
  async function killAndResume(
    name: string,
    fraction: number,
    landed: (partial: Counts) => void,
  ): Promise<Counts> {
    const db = path.join(work, name, "y.duckdb");
    await initDb(db, work);
    const killAt = cleanWalBytes * fraction;

    const { child, exit } = startCli(["--db", db, "crawl", "--replay", archive], work);
    const stop = watchCommits(db, (bytes) => {
      if (bytes >= killAt) child.kill("SIGKILL");
    });
    const killed = await exit;
    stop();
    expect(killed.signal, `the crawl finished before the kill: ${killed.stderr}`).toBe("SIGKILL");
    const partial = await counts(db, work);
    expect(partial.raw_articles, "the killed run committed nothing").toBeGreaterThan(0);
    landed(partial);

    const rerun = await crawl(db, archive, work);
    expect(rerun.code, rerun.stderr).toBe(0);
    const resumed = await counts(db, work);
    expect(resumed.documents, "documents").toBe(clean.documents);
    expect(resumed.comments, "comments").toBe(clean.comments);
    expect(resumed.distinct_doc_urls, "one document per URL").toBe(resumed.documents);
    expect(resumed.distinct_comment_keys, "one comment per (article, text, time, user)").toBe(
      resumed.comments,
    );
    // A page whose response was committed before the kill is not fetched again (raw first: it is stored).
    expect(await pagesFetchedTwice(db, work), "pages fetched again after the kill").toEqual(
      await pagesFetchedTwice(cleanDb, work),
    );
    expect(resumed.raw_articles, "raw article responses").toBe(clean.raw_articles);
    expect(resumed.raw_comment_pages, "raw comment pages").toBe(clean.raw_comment_pages);

    // The same documents and comments, not merely as many.
    const ids = async (file: string) => {
      const [row] = await sqlJson<{ docs: string[]; comments: string[] | null }>(
        file,
        `SELECT (SELECT list(doc_id ORDER BY doc_id) FROM documents) AS docs,
                (SELECT list(comment_id ORDER BY comment_id) FROM comments) AS comments`,
        work,
      );
      return row;
    };
    const after = await ids(db);
    const reference = await ids(cleanDb);
    expect(after?.docs).toEqual(reference?.docs);
    expect(new Set(after?.comments)).toEqual(archiveCommentIds(archive));
    return resumed;
  }

  it(
    "killed while fetching articles, resumes to exactly the clean run's documents, comments and fetches",
    async () => {
      const resumed = await killAndResume("killed-in-articles", KILL_AMONG_ARTICLES, (partial) => {
        expect(partial.documents, "the kill did not land among the articles").toBeLessThan(clean.documents);
      });
      expect(resumed).toEqual(clean);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "killed while paging comments, resumes to exactly the clean run's documents, comments and fetches",
    async () => {
      const resumed = await killAndResume("killed-in-comments", KILL_AMONG_COMMENTS, (partial) => {
        expect(partial.comments, "the kill did not land among the comment pages").toBeGreaterThan(0);
        expect(partial.comments, "the kill did not land among the comment pages").toBeLessThan(
          clean.comments,
        );
      });
      expect(resumed).toEqual(clean);
    },
    TEST_TIMEOUT_MS,
  );
});
