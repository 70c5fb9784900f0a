// What the commands share: the runner (model + engine under progress), highlights, the panel,
// and the last explained text (so the panel can re-run the engine and reveal tokens).
import type * as vscode from 'vscode';
import type { LoadedModel, ModelRun } from '../model/index';
import type { ExplainResult } from '../pipeline/index';
import type { DatasetSummary, MalformedRow } from '../datasets/index';
import type { FileSummaryMessage } from '../protocol';
import type { Placement, Highlights } from './decorations';
import type { PairLayout } from './pairLayout';
import type { RunLog } from './log';
import type { PanelController } from './panel';
import type { EngineParams, Runner } from './runner';
import type { PredictionStatus } from './statusBar';

export interface LastRun {
  doc: vscode.TextDocument;
  docVersion: number;
  placement: Placement;
  text: string;
  model: LoadedModel;
  run: ModelRun;
  result: ExplainResult;
  params: EngineParams;
  /** Sentence pairs: the text shown and highlighted, with the second text's place in it. */
  layout?: PairLayout;
}

export interface FileRun {
  file: string;
  summary: DatasetSummary;
  malformed: MalformedRow[];
  /** One record per explained row (what "write results" writes). */
  records: Record<string, unknown>[];
  resultsPath: string | null;
  /** The explained file's URI (rows are revealed in it). */
  uri?: string;
  /** Where "Write results" writes (null: not offered). */
  resultsTarget?: string | null;
  /** What the panel's summary shows (re-posted once the results are written). */
  panelSummary?: FileSummaryMessage;
}

export interface Services {
  runner: Runner;
  highlights: Highlights;
  panel: PanelController;
  log: RunLog;
  status: PredictionStatus;
  last: LastRun | null;
  lastFile: FileRun | null;
}
