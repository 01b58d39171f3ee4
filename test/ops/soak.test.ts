/**
 * The soak harness itself, on a short run: the scheduler process against the loopback site, RSS sampled, and the
 * DB checks (no overlapping job runs, every listed article stored once, job counts agreeing) all clean. The
 * long run (500+ job runs) is `npm run bench`.
 */
import { describe, expect, it } from "vitest";
import { benchSoak } from "../../src/bench/soak.js";
import { tempDir } from "../helpers/cli.js";
import { OPS_CLI } from "./helpers/ops.js";

describe("soak harness", () => {
  it("runs the scheduler for the asked number of job runs and finds nothing wrong", async () => {
    const r = await benchSoak({
      dir: tempDir("yeoron-soak-"),
      jobRuns: 30,
      cliEntry: OPS_CLI,
      analyze: false,
    });
    expect(r.problems).toEqual([]);
    expect(r.jobRuns).toBe(30);
    expect(r.overlaps).toBe(0);
    expect(Object.values(r.byJob).reduce((a, b) => a + b, 0)).toBe(30);
    expect(r.byJob.feeds).toBeGreaterThan(r.byJob.search ?? 0);
    expect(r.documents).toBe(r.articlesListed);
    expect(r.rssSamplesMb.length).toBeGreaterThan(0);
    expect(r.peakRssMb).toBe(Math.max(...r.rssSamplesMb));
  }, 120_000);
});
