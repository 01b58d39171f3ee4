/** Runs the built CLI (dist/) as a subprocess, as a user would. `npm test` builds first. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = path.join(REPO, "dist", "cli", "main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = "yeoron-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

function cliEnv(env?: Record<string, string>): NodeJS.ProcessEnv {
  // Start from a clean slate so a developer's YEORON_* or NAVER_* variables never leak into a test.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(YEORON_|NAVER_)/.test(k)));
  return { ...base, DOTENV_CONFIG_QUIET: "true", ...env };
}

export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: cliEnv(opts.env),
    input: opts.input ?? "",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO, env: cliEnv(opts.env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
