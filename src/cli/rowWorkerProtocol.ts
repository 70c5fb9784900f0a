// Messages between `explain --file` and its row workers (./rowWorkerMain.ts).
import type { ModelConfig, ModelSpec } from '../model';
import type { RowInput, RowOptions } from './rowRecord';

/** What the caller checks options against (--layer, --head) and names in its summary. */
export interface ModelInfo {
  id: string;
  numLayers: number;
  numHeads: number;
  task: ModelConfig['task'];
}

export type RowWorkerRequest =
  | { type: 'init'; spec: ModelSpec; opts: RowOptions }
  | { type: 'row'; id: number; input: RowInput }
  /** Abandon the current row, release the model session, reply 'stopped'. */
  | { type: 'stop' };

export type RowWorkerReply =
  | { type: 'ready'; info: ModelInfo }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; record: Record<string, unknown> }
  | { type: 'error'; id: number; message: string }
  | { type: 'stopped' };
