/** Worker thread of the analyzer pool: one analyzer per thread, items in, plain results out. */
import "./worker-flags.js";
import { parentPort, workerData } from "node:worker_threads";
import { createAnalyzer } from "./analyzer.js";
import { type SharedDictionary, useSharedTables } from "./morph.js";
import type { AnalysisResult, WorkerRequest, WorkerResponse } from "./worker-protocol.js";

process.env.DOTENV_CONFIG_QUIET ??= "true";
const data = workerData as { mode?: "hybrid" | "lexicon"; tablesFollow?: boolean } | null;
const mode = data?.mode ?? "hybrid";
type Tables = SharedDictionary | null;
let tablesArrived: (tables: Tables) => void = () => {};
// The pool posts the shared dictionary tables right after starting the workers (its first message, if any).
if (data?.tablesFollow) useSharedTables(new Promise<Tables>((resolve) => (tablesArrived = resolve)));
const analyzerReady = createAnalyzer({ mode });

parentPort?.on("message", async (req: WorkerRequest | { tables: Tables }) => {
  if ("tables" in req) {
    tablesArrived(req.tables);
    return;
  }
  let res: WorkerResponse;
  try {
    const analyzer = await analyzerReady;
    const results: AnalysisResult[] = req.items.map((item) => {
      const a = analyzer.analyzeText(item.text, { sentences: item.kind === "document" });
      return {
        kind: item.kind,
        id: item.id,
        score: a.score,
        lexiconCompound: a.score.lexiconCompound,
        modelProb: a.score.modelProb,
        sentences:
          item.kind === "document"
            ? a.sentences.map((s) => ({
                text: s.text,
                speaker: s.speaker,
                isQuote: s.isQuote,
                score: s.score,
                statements: s.statements,
              }))
            : [],
        statements: item.kind === "comment" ? a.statements : [],
      };
    });
    res = { id: req.id, results };
  } catch (err) {
    res = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(res);
});
