/**
 * V8 settings for the analysis workers, imported first by worker.ts so they hold before any analyzer code runs.
 *
 * The interrupt budget is how much bytecode a function runs before V8 considers optimizing it. With the
 * default (67,584), TurboFan compiled the scorer's large functions before their rarer branches had run; each
 * branch met later threw the code away and compiled it again (scoreMorphemes 6–7 times per worker, about
 * 0.1 s each), so compiler threads took about 2.2 s of CPU on 50k reviews against the workers' 4.7 s. With a
 * budget 12 times larger the functions are compiled once their feedback is fuller (measured with
 * scratch/pool-threads.mjs, 50k NSMC reviews on 2 workers: pool 3.6–3.7 s → 3.2–3.3 s, compiler threads
 * 2.2 s → 1.1 s of CPU; 24 times larger was slower again, 3.35 s).
 *
 * V8 flags are per process: this also applies to the main thread, which mostly waits on DuckDB.
 */
import { setFlagsFromString } from "node:v8";

export const WORKER_INTERRUPT_BUDGET = 800_000;

setFlagsFromString(`--interrupt-budget=${WORKER_INTERRUPT_BUDGET}`);
