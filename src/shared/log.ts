/**
 * Logging: pino to stderr (stdout is for data: `sql`, `score`, `extract`). Pretty on a TTY, JSON lines
 * otherwise. Secrets are redacted wherever they appear in a logged object.
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export const REDACT_PATHS = [
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "salt",
  "*.salt",
  "*.*.salt",
  "headers['x-naver-client-secret']",
  "headers['X-Naver-Client-Secret']",
  "*.headers['x-naver-client-secret']",
  "*.headers['X-Naver-Client-Secret']",
  "headers.authorization",
  "*.headers.authorization",
];

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const dest = opts.destination ?? process.stderr;
  const usePretty = opts.pretty ?? Boolean((dest as NodeJS.WriteStream).isTTY);
  const options = { level: opts.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  if (usePretty) {
    return pino(
      options,
      pretty({ destination: dest as never, sync: true, colorize: true, ignore: "pid,hostname" }),
    );
  }
  return pino(options, dest as never);
}
