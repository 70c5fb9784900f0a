// Messages between the pipeline and its PAG worker thread (./pagWorkerMain.ts ↔ ./pagWorker.ts).
import type { CiTestSpec, PagJson } from '../engine';

export interface PagWorkerRequest {
  id: number;
  n: number;
  /** The attention matrix, row-major n×n (transferred, not copied). */
  attention: Float64Array;
  samples?: number;
  alpha?: number;
  /** The CI test by name (checked on both sides: an unknown name is an EngineInputError listing the known ones). */
  ciTest?: CiTestSpec;
  maxR?: number;
  /** ICD's budget (learnPag's maxTests / timeLimitMs). */
  maxTests?: number;
  timeLimitMs?: number;
  nodes?: number[];
  /** Send an 'iteration' message after every ICD round (the panel's live view). */
  streamIterations: boolean;
  /** Send 'progress' messages within rounds (the progress notification). */
  streamProgress?: boolean;
}

export type PagWorkerReply =
  | { id: number; type: 'iteration'; r: number; pag: PagJson; ciTests: number }
  | { id: number; type: 'progress'; r: number; pairs: number; ciTests: number }
  | {
      id: number;
      type: 'done';
      json: PagJson;
      ciTests: number;
      iterations: number;
      converged: boolean;
      correlationMs: number;
      pagMs: number;
    }
  | { id: number; type: 'error'; name: string; message: string };
