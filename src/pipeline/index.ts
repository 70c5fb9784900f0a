// Public API of the end-to-end pipeline: text → model → attention → PAG → CLEANN explanation.
export {
  explainText,
  reexplain,
  DEFAULT_MAX_SET_SIZE,
  DEFAULT_MAX_TESTS,
  DEFAULT_TIME_BUDGET_MS,
  testBatchSize,
  type ExplainOptions,
  type ExplainResult,
  type ExplainStage,
  type BaselineReport,
} from './explain';
export {
  attentionMatrix,
  meanAttentionPerLayer,
  resolveHead,
  resolveLayer,
  type HeadChoice,
  type HeadMode,
  type LayerChoice,
} from './attention';
export { searchSummary, partialText, budgetText, type SearchBudget } from './searchText';
export { padTester, type PadTester } from './tester';
export { inProcessLearner, type LearnedPag, type PagLearner } from './learner';
export { WorkerPagLearner } from './pagWorker';
export { PagWorkerPool, defaultPoolSize } from './pagWorkerPool';
