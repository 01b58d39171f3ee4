import { type Command, Option } from "commander";
import { ConfigError } from "../../shared/errors.js";
import { action } from "../program.js";
import { fastForwardClock, runScheduler, type SchedulerClock, scaledClock, wallClock } from "../schedule.js";
import { abortOnSignals } from "./crawl.js";

interface ScheduleCommandOptions {
  sources?: string;
  replay?: string;
  clockSpeed?: string;
  clockStart?: string;
  maxRuns?: string;
  until?: string;
}

function parseInstant(flag: string, v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime()))
    throw new ConfigError(`${flag}: "${v}" — expected an ISO date-time like 2022-10-16T00:00:00+09:00`);
  return d;
}

/** `--clock-speed`: a factor (3600 = an hour per second) or `max` (idle time skipped). For tests and the soak. */
export function clockFromOptions(speed: string | undefined, start: Date | undefined): SchedulerClock {
  if (speed === undefined) {
    if (start) throw new ConfigError("--clock-start needs --clock-speed");
    return wallClock();
  }
  if (speed === "max") return fastForwardClock(start ?? new Date());
  const n = Number(speed);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(`--clock-speed: "${speed}" — expected a positive number or "max"`);
  return scaledClock(n, start);
}

export function registerSchedule(program: Command): void {
  program
    .command("schedule")
    .description(
      "run feeds, search, comment refresh, prices, analysis and the weekly report on their cron schedules (config `schedule`) until SIGTERM/SIGINT",
    )
    .option("--sources <file>", "sources file (default: the replay archive's own, else the config's)")
    .option("--replay <dir>", "replay a recorded archive instead of the network (a demo or a test)")
    .addOption(
      new Option("--clock-speed <n>", "run the clock n times faster, or `max` to skip idle time").hideHelp(),
    )
    .addOption(new Option("--clock-start <iso>", "the compressed clock's start instant").hideHelp())
    .addOption(new Option("--max-runs <n>", "stop after n job runs").hideHelp())
    .addOption(new Option("--until <iso>", "stop when the clock passes this instant").hideHelp())
    .action(
      action(async (ctx, opts: ScheduleCommandOptions) => {
        const clock = clockFromOptions(opts.clockSpeed, parseInstant("--clock-start", opts.clockStart));
        let maxRuns: number | undefined;
        if (opts.maxRuns !== undefined) {
          maxRuns = Number(opts.maxRuns);
          if (!Number.isInteger(maxRuns) || maxRuns < 1)
            throw new ConfigError(`--max-runs: "${opts.maxRuns}" — expected a positive integer`);
        }
        const { signal, dispose } = abortOnSignals(ctx);
        try {
          const s = await runScheduler(ctx, {
            clock,
            signal,
            maxRuns,
            until: parseInstant("--until", opts.until),
            sourcesFile: opts.sources,
            replay: opts.replay,
          });
          const statuses = Object.entries(s.byStatus)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ");
          ctx.stdout.write(
            `scheduler stopped (${s.stoppedBy}): ${s.jobRuns} job runs${statuses ? ` (${statuses})` : ""}, ${s.missedSlots} missed slots\n`,
          );
        } finally {
          dispose();
        }
      }),
    );
}
