/**
 * Where the repository's own files are, found from this module: it sits two levels below the root both as
 * src/shared/paths.ts and as dist/shared/paths.js, so every stage resolves data/ and src/ the same way from a
 * checkout, an installed package or a test run, whatever the working directory.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A path inside the repository, e.g. `repoPath("data", "lexicon")`. */
export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}
