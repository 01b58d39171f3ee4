/**
 * A small typed error hierarchy (STYLE: Crawlee's errors.ts, Observable's CliError): one `instanceof`
 * switch decides retries in the crawler and the exit code in the CLI.
 */

/** Exit codes of the CLI: 0 ok, 1 failed, 2 bad usage or config. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class YeoronError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_FAILED, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad config or bad input from the user: stop, exit 2. */
export class ConfigError extends YeoronError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT_USAGE, options);
  }
}

/** The command failed for a reason outside the user's input: exit 1. */
export class CliError extends YeoronError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT_FAILED, options);
  }
}

/** A fetch that may succeed if tried again later (408/429/5xx, network errors, timeouts). */
export class RetryableFetchError extends YeoronError {
  constructor(
    message: string,
    readonly outcome: import("./types.js").OutcomeKind,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The host asked us to stay away (robots.txt, 403): back off the host, do not retry now. */
export class BlockedError extends YeoronError {
  constructor(
    message: string,
    readonly outcome: import("./types.js").OutcomeKind,
  ) {
    super(message);
  }
}

/** A page that is not an article (index page, video, gallery): skip it. */
export class NotArticleError extends YeoronError {}

/** Parsing failed on bytes we did receive: record `parse-error`, keep the raw bytes. */
export class ParseError extends YeoronError {}

/** One line for the user; the stack only when asked. */
export function describeError(err: unknown, verbose = false): string {
  if (err instanceof Error) {
    if (verbose && err.stack) return err.stack;
    return err.message.split("\n")[0] ?? String(err);
  }
  return String(err);
}
