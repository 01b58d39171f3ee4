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

/**
 * Edge cases for tokenizer comparisons: empty, spaces, NUL, emoji, astral Hanja, verb forms the library
 * post-processes, long unknown runs, invisible characters.
 */
export const EDGE_TEXTS = [
  "",
  " ",
  "가",
  "ㅋ",
  ".",
  "\u0000",
  "가\u0000나",
  "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ",
  "ㅠㅠㅠ ㅋㅋㅋ ㅎㅎ",
  "😀😡👍🏽 이모지만",
  "👨‍👩‍👧🇰🇷❤️🔥🤬",
  "𠀀𠀁 확장 한자",
  "主價 하락",
  "abcdefghijklmnopqrstuvwxyz0123456789",
  "1,000원→150,000원",
  "IT업계의비극이라니어불성설",
  "   공백   여러   개   ",
  "\t탭\n줄바꿈",
  "\t탭\n줄바꿈\r\n",
  "가세요 오세요 보셨어요 주십니다 드리세요 많이 와주세요~",
  "재밌었어요!!! 최고의 영화 ㅎㅎ 10점 만점에 10점",
  "이 영화 정말 노잼... 시간 아깝다",
  "x".repeat(300),
  "가".repeat(200),
  `${"카카오 먹통 사태 ".repeat(40)}끝`,
  "\u200B\uFEFF보이지 않는\u00AD글자",
];
