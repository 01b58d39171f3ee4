/**
 * Which discovered items are worth following. A topic is a list of keyword sets; an item is followed when
 * every word of at least one set occurs in its title or description. Matching ignores spacing because Korean
 * headlines write the same phrase both ways (카카오먹통 / 카카오 먹통, IT업계 / IT 업계).
 */
import type { Topic } from "../shared/config.js";

/** NFC, no whitespace at all, lower case (for the Latin words in sets such as "IT 업계의 비극"). */
export function normalizeForMatch(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, "").toLowerCase();
}

/** The words of one keyword set, normalized the same way as the text they are looked for in. */
function keywordSetWords(keywordSet: string): string[] {
  return keywordSet
    .normalize("NFC")
    .split(/\s+/u)
    .map(normalizeForMatch)
    .filter((word) => word.length > 0);
}

/** Ids of the topics the text matches, in config order. */
export function matchingTopicIds(text: string, topics: readonly Topic[]): string[] {
  const haystack = normalizeForMatch(text);
  const ids: string[] = [];
  for (const topic of topics) {
    const hit = topic.keywords.some((keywordSet) => {
      const words = keywordSetWords(keywordSet);
      return words.length > 0 && words.every((word) => haystack.includes(word));
    });
    if (hit) ids.push(topic.id);
  }
  return ids;
}

export function matchesTopic(text: string, topics: readonly Topic[]): boolean {
  return matchingTopicIds(text, topics).length > 0;
}
