/**
 * Evaluation worker: one analyzer (kuromoji-ko loaded once, 300+ MB) scoring batches of texts sent by
 * pool.ts. It returns the parts, not a final label, so the main thread can compute lexicon-only and hybrid
 * figures from one pass.
 */
import { parentPort } from "node:worker_threads";
import { createAnalyzer } from "../nlp/analyzer.js";
import type { TextParts } from "./pool.js";

const analyzer = await createAnalyzer({ mode: "hybrid" });
parentPort!.on("message", (msg: { id: number; texts: string[] }) => {
  const parts: TextParts[] = msg.texts.map((text) => {
    // Only the document's score and mentions are read: the sentences' own final scores are not built.
    const { score, statements } = analyzer.analyzeText(text, { sentences: false });
    return {
      lexiconCompound: score.lexiconCompound,
      lexiconLabel: score.lexiconLabel,
      modelProb: score.modelProb ?? 0.5,
      evidence: score.evidence ?? 0,
      hybridLabel: score.label,
      statements,
    };
  });
  parentPort!.postMessage({ id: msg.id, parts });
});
parentPort!.postMessage({ ready: true });
