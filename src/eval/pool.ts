/**
 * Scores many texts on worker threads (kuromoji-ko tokenizes about 0.5 MB/s per core, DESIGN §9; NSMC test
 * alone is 4.9 MB). Batches keep message overhead small; results come back in input order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SentimentLabel, StatementMention } from "../shared/types.js";

export interface TextParts {
  lexiconCompound: number;
  lexiconLabel: SentimentLabel;
  modelProb: number;
  /** The lexicon score's evidence bits (score.ts): which of negation / contrast-or-question rules fired. */
  evidence: number;
  /** The hybrid analyzer's three-class label. */
  hybridLabel: SentimentLabel;
  /** Tracked statements the text mentions (found by every analysis; empty for almost every text). */
  statements: StatementMention[];
}

/** 200 short texts per message: ~0.1 s of work, so both workers stay busy and progress moves. */
const BATCH_SIZE = 200;

/** The compiled worker, or under tsx (this file is .ts) a bootstrap that registers tsx's loader first. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url));
  const source = new URL("./worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export async function scoreTexts(
  texts: readonly string[],
  opts: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<TextParts[]> {
  const workerCount = Math.max(
    1,
    Math.min(opts.workers ?? availableParallelism(), Math.ceil(texts.length / BATCH_SIZE)),
  );
  const results: TextParts[] = new Array(texts.length);
  const batches: { id: number; start: number; texts: string[] }[] = [];
  for (let start = 0, id = 0; start < texts.length; start += BATCH_SIZE, id++) {
    batches.push({ id, start, texts: texts.slice(start, start + BATCH_SIZE) });
  }
  let next = 0;
  let done = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker();
      const send = () => {
        const batch = batches[next++];
        if (!batch) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage({ id: batch.id, texts: batch.texts });
      };
      worker.on("message", (msg: { ready?: boolean; id?: number; parts?: TextParts[] }) => {
        if (msg.parts && msg.id !== undefined) {
          const batch = batches[msg.id]!;
          msg.parts.forEach((p, k) => {
            results[batch.start + k] = p;
          });
          done += msg.parts.length;
          opts.onProgress?.(done, texts.length);
        }
        send();
      });
      worker.on("error", reject);
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  return results;
}
