// Runs one piece of model + engine work the way every command does: under a cancellable progress
// notification wired to an AbortController, with the status bar, the output channel and the panel
// kept informed, and errors turned into clear messages. A new run cancels the one in progress.
import * as vscode from 'vscode';
import type { LoadedModel, ModelRun } from '../model/index';
import { requireClassifier, requireMaskedLm } from './modelKinds';
import { reexplain, type ExplainOptions, type ExplainResult, type PagLearner } from '../pipeline/index';
import type { HeadMode, RunParams } from '../protocol';
import { readSettings, type LensSettings } from './config';
import { formatTimings, preview, type RunLog } from './log';
import { iterationMessage } from './payload';
import { pagProgressText, pagTruncationText } from '../shared/pagProgressText';
import { MissingModelError, type ModelManager } from './modelManager';
import type { PanelController } from './panel';
import type { PredictionStatus } from './statusBar';

export type Outcome<T> = { status: 'done'; value: T } | { status: 'cancelled' } | { status: 'error'; message: string };

export interface RunContext {
  signal: AbortSignal;
  settings: LensSettings;
  /** Reports a stage to the notification, the panel and test listeners; fraction in [0, 1]. */
  stage(stage: string, fraction?: number): void;
}

/** Parameters the engine is run with (after settings and per-run overrides). */
export interface EngineParams {
  layer: number | 'deepest';
  head: HeadMode;
  alpha: number;
  /** The CI test's registered name. */
  ciTest: string;
  samples: number | undefined;
  maxSetSize: number;
  maxModelRuns: number;
  searchTimeMs: number;
  /** ICD's time limit; undefined = its test budget only. */
  graphTimeMs: number | undefined;
  greedySearch: boolean;
  specialsInGraph: boolean;
  /** Multi-label models: the label explained (name or index; default the highest-scoring). */
  label?: string | number;
}

/** What a model run explains besides the text: a sentence pair's second text, a masked LM's word. */
export interface InputShape {
  pair?: string;
  /** Masked LM: the characters [start, end) of the word to predict. */
  maskRange?: [number, number];
  /** The command's name, for the message when the model cannot answer it. */
  command?: string;
}

/** Where each pipeline stage starts on the progress bar, and how it reads. */
const STAGE_AT: Record<string, number> = {
  model: 0.1,
  correlation: 0.2,
  pag: 0.25,
  explanation: 0.6,
  baselines: 0.85,
  done: 1,
};
const STAGE_TEXT: Record<string, string> = {
  model: 'running the model',
  correlation: 'attention → correlation',
  pag: 'learning the PAG (ICD)',
  explanation: 'searching the minimal explanation (CLEANN)',
  baselines: 'baselines (raw attention, rollout)',
  done: 'done',
};

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return (err as { name?: string })?.name === 'AbortError' || signal?.aborted === true;
}

export class Runner {
  private current: AbortController | null = null;
  private readonly progressListeners = new Set<(stage: string) => void>();
  /** The last model run, kept so the same text is not run through the model twice in a row. */
  private cachedRun: { key: string; run: ModelRun; modelMs: number } | null = null;

  constructor(
    readonly models: ModelManager,
    readonly log: RunLog,
    readonly status: PredictionStatus,
    readonly panel: PanelController,
    /** Correlation + ICD (a worker thread in the extension). */
    private readonly learner?: PagLearner,
  ) {}

  get busy(): boolean {
    return this.current !== null;
  }

  cancel(): boolean {
    if (!this.current) return false;
    this.current.abort();
    return true;
  }

  onProgress(listener: (stage: string) => void): vscode.Disposable {
    this.progressListeners.add(listener);
    return new vscode.Disposable(() => this.progressListeners.delete(listener));
  }

  /** Runs `work` under a cancellable notification. Never throws: the outcome says what happened. */
  async run<T>(title: string, work: (ctx: RunContext) => Promise<T>): Promise<Outcome<T>> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    void vscode.commands.executeCommand('setContext', 'causalLens.busy', true);
    const settings = readSettings();
    this.status.busy(title);
    this.panel.post({ type: 'busy', busy: true, message: title });
    let lastFraction = 0;
    try {
      const value = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Causal Lens: ${title}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const stage = (name: string, fraction?: number) => {
            const f = fraction === undefined ? lastFraction : Math.max(lastFraction, Math.min(1, fraction));
            progress.report({ message: name, increment: (f - lastFraction) * 100 });
            lastFraction = f;
            this.panel.post({ type: 'progress', stage: name, fraction: f });
            for (const l of this.progressListeners) l(name);
          };
          const v = await work({ signal: controller.signal, settings, stage });
          // A cancel that lands after the work finished still counts: nothing half-applied below.
          if (controller.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
          return v;
        },
      );
      return { status: 'done', value };
    } catch (err) {
      if (isAbort(err, controller.signal)) {
        this.log.info(`${title}: cancelled`);
        this.status.idle('Causal Lens: cancelled');
        this.panel.post({ type: 'error', message: `${title}: cancelled` });
        void vscode.window.showInformationMessage(`Causal Lens: ${title} cancelled; earlier results are kept.`);
        return { status: 'cancelled' };
      }
      const message = (err as Error)?.message ?? String(err);
      this.log.info(`${title}: error: ${message}`);
      this.status.idle('Causal Lens: error');
      this.panel.post({ type: 'error', message });
      void this.showError(err, message);
      return { status: 'error', message };
    } finally {
      if (this.current === controller) {
        this.current = null;
        void vscode.commands.executeCommand('setContext', 'causalLens.busy', false);
      }
      this.panel.post({ type: 'busy', busy: false });
    }
  }

  private async showError(err: unknown, message: string): Promise<void> {
    const modelProblem = err instanceof MissingModelError || (err as Error)?.name === 'ModelError';
    if (!modelProblem) {
      await vscode.window.showErrorMessage(`Causal Lens: ${message}`);
      return;
    }
    const pick = await vscode.window.showErrorMessage(`Causal Lens: ${message}`, 'Open Settings', 'Select Model');
    if (pick === 'Open Settings')
      await vscode.commands.executeCommand('workbench.action.openSettings', 'causalLens.model');
    if (pick === 'Select Model') await vscode.commands.executeCommand('causalLens.selectModel');
  }

  /**
   * Loads (or reuses) the model and runs it on `text` (or reuses the previous run of the same input).
   * Without a maskRange the model must be a classifier (a clear error names the command otherwise).
   */
  async modelRun(
    ctx: RunContext,
    text: string,
    shape: InputShape = {},
  ): Promise<{ model: LoadedModel; run: ModelRun; modelMs: number; loadMs: number }> {
    ctx.stage('loading model', 0.02);
    const model = await this.models.get(ctx.settings);
    const loadMs = this.models.lastLoadMs;
    if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    if (shape.maskRange) requireMaskedLm(model, shape.command);
    else requireClassifier(model, shape.command ?? 'This command');
    const key = JSON.stringify([model.id, ctx.settings.maxTokens, text, shape.pair ?? null, shape.maskRange ?? null]);
    if (this.cachedRun?.key === key) return { model, run: this.cachedRun.run, modelMs: 0, loadMs };
    ctx.stage('running the model', 0.1);
    const t0 = performance.now();
    const run = await model.run(text, {
      maxTokens: ctx.settings.maxTokens,
      pair: shape.pair,
      maskRange: shape.maskRange,
    });
    const modelMs = performance.now() - t0;
    this.cachedRun = { key, run, modelMs };
    return { model, run, modelMs, loadMs };
  }

  /** Attention → PAG → CLEANN for a model run (no new model run), reporting the engine's stages. */
  async engine(
    ctx: RunContext,
    model: LoadedModel,
    run: ModelRun,
    p: EngineParams,
    /** stageLabel: what the notification says before ICD's progress (Compare Layers: which layer). */
    opts: { baselines: boolean; modelMs: number; quiet?: boolean; stageLabel?: string },
  ): Promise<ExplainResult> {
    const options: ExplainOptions = {
      layer: p.layer,
      head: p.head,
      alpha: p.alpha,
      ciTest: { name: p.ciTest },
      samples: p.samples,
      maxSetSize: p.maxSetSize,
      maxTests: p.maxModelRuns,
      timeBudgetMs: p.searchTimeMs,
      ...(p.graphTimeMs !== undefined ? { icdTimeLimitMs: p.graphTimeMs } : {}),
      fallback: p.greedySearch ? 'greedy' : 'none',
      specialsInGraph: p.specialsInGraph,
      label: p.label,
      baselines: opts.baselines,
      signal: ctx.signal,
      learner: this.learner,
      // the search reports the share of its budget spent: it fills the bar up to the baselines' start
      onProgress: opts.quiet
        ? undefined
        : (stage, fraction) =>
            ctx.stage(
              STAGE_TEXT[stage] ?? stage,
              stage === 'explanation'
                ? STAGE_AT.explanation + (STAGE_AT.baselines - STAGE_AT.explanation) * fraction
                : Math.max(STAGE_AT[stage] ?? 0, fraction),
            ),
      onIteration: opts.quiet ? undefined : (it) => this.panel.post(iterationMessage(it)),
      // ICD's own progress, in words (the bar stays where the PAG stage put it: the rounds to come are unknown)
      // (Explain File's rows are too short to need it: its notification keeps counting rows)
      onPagProgress:
        opts.quiet && opts.stageLabel === undefined
          ? undefined
          : (p) => ctx.stage(opts.stageLabel ? `${opts.stageLabel}: ${pagProgressText(p)}` : pagProgressText(p)),
    };
    const r = await reexplain(run, model, options, opts.modelMs);
    const cut = [r.pag, ...(r.headPags ?? []).map((h) => h.pag)].find((g) => g.truncated)?.truncated;
    if (cut && !opts.quiet) void vscode.window.showWarningMessage(`Causal Lens: ${pagTruncationText(cut)}.`);
    return r;
  }

  logResult(what: string, text: string, r: ExplainResult, extra = ''): void {
    const sets = r.explanation.sets.map((s) => `{${s.map((i) => r.tokens[i]?.text ?? i).join(', ')}}`).join(' ');
    this.log.info(
      `${what} "${preview(text)}" (${r.tokens.length} tokens, layer ${r.layer}, head ${r.head}) → ${r.prediction.label} ${r.prediction.score.toFixed(3)}; explanation ${sets || '(none)'} — ${r.search.summary}; ${r.pag.edges.length} PAG edges; ${formatTimings(r.timings)}${extra}${r.warnings.length ? `; ${r.warnings.join('; ')}` : ''}`,
    );
  }
}

export function runParams(r: ExplainResult, model: LoadedModel, p: EngineParams): RunParams {
  return {
    alpha: p.alpha,
    samples: p.samples ?? model.config.hiddenSize,
    layer: r.layer,
    head: r.head,
    layers: model.config.numLayers,
    heads: model.config.numHeads,
  };
}

export function engineParams(s: LensSettings): EngineParams {
  return {
    layer: s.layer,
    head: s.head,
    alpha: s.alpha,
    ciTest: s.ciTest,
    samples: s.samples,
    maxSetSize: s.maxSetSize,
    maxModelRuns: s.maxModelRuns,
    searchTimeMs: s.searchTimeMs,
    graphTimeMs: s.graphTimeMs,
    greedySearch: s.greedySearch,
    specialsInGraph: s.specialsInGraph,
  };
}
