/**
 * Golden files (STYLE: Observable Framework): a mismatch writes `NAME-changed.EXT` beside the expected file for
 * review; an expected file is never created in CI. Outside CI a missing one is written once and the test fails,
 * asking for review.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export function changedPath(expectedPath: string): string {
  return expectedPath.replace(/(\.[^./]+)$/, "-changed$1");
}

export function expectGolden(actual: string, expectedPath: string): void {
  const changed = changedPath(expectedPath);
  if (!existsSync(expectedPath)) {
    if (process.env.CI)
      throw new Error(`expected file ${expectedPath} is missing (CI never creates expected files)`);
    writeFileSync(expectedPath, actual);
    throw new Error(`wrote new expected file ${expectedPath}: review it, then run the test again`);
  }
  const expected = readFileSync(expectedPath, "utf8");
  if (actual !== expected) {
    writeFileSync(changed, actual);
    expect(actual, `output differs from ${expectedPath}; see ${changed}`).toBe(expected);
  }
  rmSync(changed, { force: true });
}
