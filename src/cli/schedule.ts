/**
 * `yeoron schedule`: a long-running loop that runs the jobs of jobs.ts at the times of their cron expressions
 * (croner, in `schedule.timezone`, Asia/Seoul by default).
 *
 * Jobs run one at a time, in one loop: DuckDB lets one process write, and a job that runs past its next slot
 * simply runs again at the first slot after it ends (slots passed meanwhile are counted as missed, not queued),
 * so no job ever overlaps itself or another. Each job opens the DB and closes it when done; between jobs the
 * file is free for analysts. One scheduler per DB: a lock file next to it holds the pid.
 *
 * The clock is injectable so tests and the soak can compress days into seconds: croner only computes the next
 * slot (`nextRun`), and the waiting is the clock's `sleep`.
 */
import { Cron } from "croner";
import type { Store } from "../store/db.js";
import { setNextRuns } from "../store/schedule-state.js";
import type { Context } from "./context.js";
import {
  acquireLock,
  CRAWL_JOBS,
  executeJob,
  JOB_NAMES,
  type JobName,
  type JobResult,
  type RunJobOptions,
} from "./jobs.js";

export interface SchedulerClock {
  now(): Date;
  /** Resolves after `ms` of this clock's time, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Real waits are cut into pieces this long, so a suspended machine or a changed system clock is noticed. */
const MAX_REAL_SLEEP_MS = 60_000;

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, Math.min(ms, MAX_REAL_SLEEP_MS)));
    signal.addEventListener("abort", done, { once: true });
  });
}

export function wallClock(): SchedulerClock {
  return { now: () => new Date(), sleep: realSleep };
}

/** Time runs `speed` times faster than the wall clock, from `start` (default now). */
export function scaledClock(speed: number, start: Date = new Date()): SchedulerClock {
  if (!(speed > 0)) throw new RangeError("clock speed must be positive");
  const realStart = Date.now();
  const startMs = start.getTime();
  return {
    now: () => new Date(startMs + (Date.now() - realStart) * speed),
    sleep: (ms, signal) => realSleep(ms / speed, signal),
  };
}

/**
 * Idle time is skipped: `sleep` jumps the clock forward at once. Work itself takes real time (the clock runs at
 * wall speed while a job runs), so durations recorded by jobs stay honest.
 */
export function fastForwardClock(start: Date): SchedulerClock {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    sleep: async (ms, signal) => {
      if (signal.aborted) return;
      offset += Math.max(0, ms);
      // Let pending I/O (signals, sockets) run between jobs.
      await new Promise<void>((r) => setImmediate(r));
    },
  };
}

export interface SchedulerOptions extends Pick<RunJobOptions, "sourcesFile" | "replay" | "analyzeWorkers"> {
  clock?: SchedulerClock;
  /** Stop: the job in hand finishes its current item, then the scheduler returns. */
  signal?: AbortSignal;
  /** Return after this many job runs (the analysis after a crawl counts as one). For tests and the soak. */
  maxRuns?: number;
  /** Return when the clock passes this instant. */
  until?: Date;
  /** Override the configured cron expressions (false: job off). */
  jobs?: Partial<Record<JobName, string | false>>;
  /** Called after every job run. */
  onJob?: (r: JobResult) => void;
}

export interface SchedulerSummary {
  jobRuns: number;
  byJob: Record<string, number>;
  byStatus: Record<string, number>;
  /** Slots that passed while another job ran; they are not made up. */
  missedSlots: number;
  /** A job started while another run of it was in progress. The loop makes this impossible; counted as a check. */
  overlaps: number;
  stoppedBy: "signal" | "max-runs" | "until";
}

interface Plan {
  job: JobName;
  expr: string;
  cron: Cron;
  next: Date | null;
}

/** The enabled jobs and their cron expressions (config, then overrides). Throws on an invalid expression. */
export function planJobs(
  ctx: Context,
  overrides: Partial<Record<JobName, string | false>> = {},
): { job: JobName; expr: string; cron: Cron }[] {
  const cfg = ctx.config.schedule;
  const out: { job: JobName; expr: string; cron: Cron }[] = [];
  for (const job of JOB_NAMES) {
    const expr = overrides[job] ?? cfg.jobs[job];
    if (expr === false) continue;
    out.push({ job, expr, cron: new Cron(expr, { timezone: cfg.timezone, paused: true }) });
  }
  return out;
}

/** When each enabled job runs next after `from`, by the config's cron expressions. */
export function nextRunsFromConfig(
  ctx: Context,
  from: Date,
): { job: JobName; cron: string; nextRunAt: Date | null }[] {
  return planJobs(ctx).map((p) => ({ job: p.job, cron: p.expr, nextRunAt: p.cron.nextRun(from) }));
}

export async function runScheduler(ctx: Context, opts: SchedulerOptions = {}): Promise<SchedulerSummary> {
  const clock = opts.clock ?? wallClock();
  const signal = opts.signal ?? new AbortController().signal;
  const lock = acquireLock(ctx.dbPath, "yeoron schedule");
  const summary: SchedulerSummary = {
    jobRuns: 0,
    byJob: {},
    byStatus: {},
    missedSlots: 0,
    overlaps: 0,
    stoppedBy: "signal",
  };
  const running = new Set<JobName>();
  try {
    const start = clock.now();
    const plans: Plan[] = planJobs(ctx, opts.jobs).map((p) => ({ ...p, next: p.cron.nextRun(start) }));
    if (plans.length === 0) {
      ctx.log.warn({}, "every job is turned off in schedule.jobs: nothing to do");
      return summary;
    }
    const writePlans = (store: Store) =>
      setNextRuns(
        store,
        plans.map((p) => ({ job: p.job, cron: p.expr, nextRunAt: p.next })),
        clock.now(),
      );
    await ctx.withWriter(writePlans);
    ctx.log.info(
      Object.fromEntries(plans.map((p) => [p.job, p.next?.toISOString() ?? "never"])),
      "scheduler started; next runs",
    );

    // What status should show as next runs while `ran` (the plan just run) is done: its first slot after now,
    // the others as they stand. Written by each job before it closes the DB, so it costs no extra open.
    const previewPlans = (store: Store, ran: Plan) => {
      const now = clock.now();
      return setNextRuns(
        store,
        plans.map((p) => ({ job: p.job, cron: p.expr, nextRunAt: p === ran ? p.cron.nextRun(now) : p.next })),
        now,
      );
    };

    const runOne = async (
      job: JobName,
      trigger: string,
      scheduledFor: Date | null,
      ran: Plan,
    ): Promise<JobResult> => {
      if (running.has(job)) summary.overlaps++;
      running.add(job);
      try {
        const r = await executeJob(ctx, job, {
          signal,
          now: () => clock.now(),
          trigger,
          scheduledFor,
          sourcesFile: opts.sourcesFile,
          replay: opts.replay,
          analyzeWorkers: opts.analyzeWorkers,
          beforeClose: (store) => previewPlans(store, ran),
        });
        summary.jobRuns++;
        summary.byJob[job] = (summary.byJob[job] ?? 0) + 1;
        summary.byStatus[r.status] = (summary.byStatus[r.status] ?? 0) + 1;
        opts.onJob?.(r);
        return r;
      } finally {
        running.delete(job);
      }
    };
    const enough = () => opts.maxRuns !== undefined && summary.jobRuns >= opts.maxRuns;

    while (!signal.aborted) {
      if (enough()) {
        summary.stoppedBy = "max-runs";
        break;
      }
      const due = earliest(plans);
      if (!due?.next) {
        ctx.log.warn({}, "no job has a future run: stopping");
        summary.stoppedBy = "until";
        break;
      }
      if (opts.until && due.next.getTime() > opts.until.getTime()) {
        summary.stoppedBy = "until";
        break;
      }
      const wait = due.next.getTime() - clock.now().getTime();
      if (wait > 0) {
        await clock.sleep(wait, signal);
        continue; // re-check: the wait may have been cut short or the clock moved
      }
      const slot = due.next;
      const result = await runOne(due.job, "schedule", slot, due);
      if (
        CRAWL_JOBS.has(due.job) &&
        ctx.config.schedule.analyzeAfterCrawl &&
        !signal.aborted &&
        !enough() &&
        result.status !== "failed"
      ) {
        await runOne("analyze", `after:${due.job}`, null, due);
      }
      // The job just run skips the slots that passed while it ran (it would overlap itself otherwise). Another
      // job that fell due meanwhile runs once, late; its further passed slots are missed, not queued.
      const now = clock.now().getTime();
      for (const p of plans) {
        if (p === due) {
          let next = p.cron.nextRun(slot);
          while (next && next.getTime() <= now) {
            summary.missedSlots++;
            next = p.cron.nextRun(next);
          }
          p.next = next;
        } else if (p.next && p.next.getTime() <= now) {
          let last = p.next;
          let next = p.cron.nextRun(last);
          while (next && next.getTime() <= now) {
            summary.missedSlots++;
            last = next;
            next = p.cron.nextRun(next);
          }
          p.next = last;
        }
      }
    }
    if (signal.aborted) summary.stoppedBy = "signal";
    ctx.log.info({ ...summary }, "scheduler stopped");
    return summary;
  } finally {
    lock.release();
  }
}

/** The plan due first; ties go to the order of JOB_NAMES (feeds before search before comments …). */
function earliest(plans: readonly Plan[]): Plan | undefined {
  let best: Plan | undefined;
  for (const p of plans) {
    if (!p.next) continue;
    if (!best?.next || p.next.getTime() < best.next.getTime()) best = p;
  }
  return best;
}
