/** The bundled sample's comment lines and article lines, as plain text lines for tokenizer comparisons. */
import { readFileSync } from "node:fs";
import { repoPath } from "../../src/shared/paths.js";

export function sampleTextLines(): string[] {
  const comments = readFileSync(repoPath("data/sample/content/comments.txt"), "utf8")
    .split("\n")
    .filter((l) => /^\s*[->]/.test(l))
    .map((l) => l.replace(/^\s*[->]\s*/, "").replace(/^\[\w+\]\s*/, ""));
  const articles = readFileSync(repoPath("data/sample/content/articles.yaml"), "utf8")
    .split("\n")
    .filter((l) => /[가-힣]/.test(l));
  return [...comments, ...articles];
}
