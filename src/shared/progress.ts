/**
 * A progress bar for work longer than a second, on stderr when it is a TTY; silent otherwise (logs and
 * CI output stay clean).
 */
import cliProgress from "cli-progress";

export interface Progress {
  tick(n?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

/** Delay before the bar appears: work shorter than this shows nothing. */
const SHOW_AFTER_MS = 1000;

export function createProgress(label: string, total: number, opts: { enabled?: boolean } = {}): Progress {
  const enabled = opts.enabled ?? Boolean(process.stderr.isTTY);
  let done = 0;
  let bar: cliProgress.SingleBar | null = null;
  const started = Date.now();
  if (!enabled) {
    return { tick: () => {}, setTotal: () => {}, stop: () => {} };
  }
  return {
    tick(n = 1) {
      done += n;
      if (!bar && Date.now() - started >= SHOW_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {percentage}% | {eta_formatted} left`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    setTotal(t) {
      total = t;
      bar?.setTotal(t);
    },
    stop() {
      bar?.stop();
    },
  };
}
