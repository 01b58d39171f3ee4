/** The nlp stage's public surface: later stages (store, report, cli) import from here. */
export {
  type Analyzer,
  type AnalyzerMode,
  type AnalyzerOptions,
  analyzerVersion,
  createAnalyzer,
  type DocumentScore,
  type ScoreLine,
  type SentenceAnalysis,
  type TextAnalysis,
} from "./analyzer.js";
export { type BlendWeights, combine, lexiconOnly, loadBlend } from "./hybrid.js";
export { type LinearModel, loadModel } from "./model.js";
export { loadMorphAnalyzer, type Morpheme, morphemesWith } from "./morph.js";
