import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEval } from "../../src/eval/main.js";

describe("npm run eval without the shared data", () => {
  it("says where it looked in one line and exits 2", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "yeoron-eval-"));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runEval({
      env: { YEORON_SHARED_DATA: empty },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      latestFile: null,
    });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(empty);
    expect(err[0]).toMatch(/shared data not found/);
  });
});
