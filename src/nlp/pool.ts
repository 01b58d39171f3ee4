/**
 * A pool of worker threads, each with its own analyzer (kuromoji-ko loads once per worker: about 1 s and
 * 370 MB), so `yeoron analyze` uses both cores while the main thread reads and writes DuckDB.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { sharedDictionaryTables } from "./morph.js";
import type { AnalysisItem, AnalysisResult, WorkerRequest, WorkerResponse } from "./worker-protocol.js";

export interface AnalyzerPool {
  analyze(items: AnalysisItem[]): Promise<AnalysisResult[]>;
  close(): Promise<void>;
  readonly size: number;
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

export function createAnalyzerPool(
  opts: { workers?: number; mode?: "hybrid" | "lexicon" } = {},
): AnalyzerPool {
  const n = opts.workers ?? defaultWorkerCount();
  const workerUrl = new URL("./worker.js", import.meta.url);
  type Pending = { resolve: (r: AnalysisResult[]) => void; reject: (e: unknown) => void };
  const idle: Worker[] = [];
  const waiting: Array<{ resolve: (w: Worker) => void; reject: (e: unknown) => void }> = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: unknown = null;

  // The dictionary's big tables, read once here and shared by every worker (lattice.ts SharedTables).
  const tables = n > 1 ? sharedDictionaryTables() : null;
  const workers = Array.from({ length: n }, () => {
    const w = new Worker(workerUrl, { workerData: { mode: opts.mode ?? "hybrid", tables } });
    w.on("message", (msg: WorkerResponse) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.results ?? []);
      release(w);
    });
    w.on("error", (err) => {
      failure = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      // Batches still waiting for a worker would wait forever: fail them too.
      for (const w of waiting.splice(0)) w.reject(err);
    });
    idle.push(w);
    return w;
  });

  function release(w: Worker) {
    const next = waiting.shift();
    if (next) next.resolve(w);
    else idle.push(w);
  }

  function acquire(): Promise<Worker> {
    const w = idle.pop();
    if (w) return Promise.resolve(w);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  return {
    size: n,
    async analyze(items) {
      if (failure) throw failure;
      const w = await acquire();
      const id = nextId++;
      return new Promise<AnalysisResult[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const req: WorkerRequest = { id, items };
        w.postMessage(req);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
