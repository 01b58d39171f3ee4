/// <reference lib="dom" />
/**
 * The report in a real browser: headless Debian chromium driven by playwright-core. Skips (loudly) only when
 * /usr/bin/chromium is missing; `.ci/run` installs it (apt-get install -y chromium fonts-noto-cjk).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../src/report/write.js";
import { buildFixtureDb, HOSTILE_COMMENT } from "../helpers/fixture-db.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
// In CI (.ci/run installs chromium) the test must run: a missing browser there fails instead of skipping.
const runBrowserTest = hasChromium || Boolean(process.env.CI);
if (!runBrowserTest) {
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the report browser test: ${CHROMIUM} is missing.\n!! Install it with: apt-get update && apt-get install -y chromium fonts-noto-cjk\n${"!".repeat(78)}\n`,
  );
}

const ARTIFACTS = path.resolve("test-artifacts");

describe.skipIf(!runBrowserTest)("report in headless Chromium", () => {
  let browser: Browser;
  let out: string;
  let indexUrl: string;

  beforeAll(async () => {
    const store = await buildFixtureDb(":memory:", { hostile: true });
    out = mkdtempSync(path.join(tmpdir(), "yeoron-browser-"));
    const written = await writeReport(store, {
      week: "2022-W42",
      outDir: out,
      generatedAt: new Date("2022-10-24T00:00:00Z"),
      evalFile: null,
    });
    store.close();
    indexUrl = pathToFileURL(path.join(written.dir, "index.html")).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("loads offline with charts, real Hangul glyphs and hostile text shown as text", async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
    const networkRequests: string[] = [];
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      networkRequests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(indexUrl, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);

    expect(consoleErrors).toEqual([]);
    expect(networkRequests).toEqual([]);
    expect(dialogs).toEqual([]);

    // Charts: every figure holds an SVG with drawn paths and Korean text.
    const charts = await page.$$eval("figure.chart svg", (svgs) =>
      svgs.map((s) => ({
        paths: s.querySelectorAll("path").length,
        text: s.textContent ?? "",
        width: s.getBoundingClientRect().width,
      })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      expect(c.paths).toBeGreaterThan(5);
      expect(c.width).toBeGreaterThan(300);
      expect(c.text).toMatch(/[가-힣]/);
    }

    // Hangul drawn with a real font: the platform font Chromium used for the heading has Hangul glyphs...
    const cdp = await context.newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    const hangulFonts = fonts.filter((f) =>
      /Noto Sans (CJK )?KR|Nanum|Apple SD Gothic|Malgun/i.test(f.familyName),
    );
    expect(
      hangulFonts.map((f) => f.familyName),
      JSON.stringify(fonts),
    ).not.toEqual([]);
    expect(hangulFonts.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThan(0);
    // ...and the glyphs are not tofu: two different syllables render differently, and unlike a missing glyph.
    const tofu = await page.evaluate(() => {
      const font = `32px ${getComputedStyle(document.body).fontFamily}`;
      const draw = (s: string) => {
        const c = document.createElement("canvas");
        c.width = 64;
        c.height = 48;
        const g = c.getContext("2d")!;
        g.font = font;
        g.fillStyle = "#000";
        g.fillText(s, 4, 38);
        return Array.from(g.getImageData(0, 0, c.width, c.height).data).join(",");
      };
      const ga = draw("가");
      return { gaVsHih: ga !== draw("힣"), gaVsMissing: ga !== draw("\u{10FFFD}"), inked: /[1-9]/.test(ga) };
    });
    expect(tofu).toEqual({ gaVsHih: true, gaVsMissing: true, inked: true });

    // The hostile comment is text in a cell, and did nothing.
    const cells = await page.$$eval("td", (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain(HOSTILE_COMMENT);
    expect(await page.$$eval("script, img, iframe", (els) => els.length)).toBe(0);
    const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "report.png"), fullPage: true });
    expect(existsSync(path.join(ARTIFACTS, "report.png"))).toBe(true);
    await context.close();
  });
});
