/**
 * One temporary folder per test run: every test's mkdtemp (and the CLI processes the tests start) land under
 * it through TMPDIR, and it is removed when the run ends, so runs leave nothing behind in the system's /tmp.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "yeoron-vitest-"));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
