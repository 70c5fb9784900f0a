// Causal Lens: Compare Layers and Compare Heads — one model run, the engine once per layer (or per
// head of one layer, and the heads' mean), and the panel's side-by-side view (the webview computes
// edges gained/lost and explanation overlap from it).
import * as vscode from 'vscode';
import {
  compareKey,
  compareKeyOrder,
  compareLabel,
  type CompareAxis,
  type CompareEntryPayload,
  type CompareKey,
  type CompareMessage,
} from '../../protocol';
import type { LoadedModel } from '../../model/index';
import { toPayload } from '../payload';
import { engineParams, type EngineParams, type Outcome } from '../runner';
import type { Services } from '../services';
import { activeTextTarget } from './explainSelection';

export interface CompareArgs {
  /** 0-based layers; skips the quick pick (used by tests and keybindings). */
  layers?: number[];
}

export interface CompareHeadsArgs {
  /** The layer whose heads are compared (default: the causalLens.layer setting). */
  layer?: number;
  /** Heads (0-based) and/or 'mean'; skips the quick pick. */
  heads?: CompareKey[];
}

/** Which entries to compare, once the model is known; undefined: the user cancelled the pick. */
type Plan = (
  model: LoadedModel,
  base: EngineParams,
) => Promise<{ entries: EngineParams[]; reference: CompareKey } | undefined>;

export function compareLayers(s: Services, args?: CompareArgs): Promise<Outcome<CompareMessage>> {
  return runComparison(s, 'Compare Layers', 'layer', async (model, base) => {
    const n = model.config.numLayers;
    const chosen =
      args?.layers ??
      (await pickMany(
        'layers to compare',
        Array.from({ length: n }, (_, i) => ({
          label: `Layer ${i}`,
          description: i === n - 1 ? 'deepest' : i === 0 ? 'first' : '',
          key: i as CompareKey,
        })),
      ));
    if (!chosen) return undefined;
    const bad = chosen.filter((l) => typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l >= n);
    if (bad.length) throw new Error(`layer ${bad.join(', ')} does not exist: the model has layers 0–${n - 1}`);
    const layers = [...new Set(chosen as number[])].sort((a, b) => a - b);
    return { entries: layers.map((layer) => ({ ...base, layer })), reference: layers[layers.length - 1] };
  });
}

export function compareHeads(s: Services, args?: CompareHeadsArgs): Promise<Outcome<CompareMessage>> {
  return runComparison(s, 'Compare Heads', 'head', async (model, base) => {
    const { numLayers: L, numHeads: H } = model.config;
    const layer = args?.layer ?? (base.layer === 'deepest' ? L - 1 : base.layer);
    if (!Number.isInteger(layer) || layer < 0 || layer >= L)
      throw new Error(`layer ${layer} does not exist: the model has layers 0–${L - 1}`);
    const chosen =
      args?.heads ??
      (await pickMany(`heads of layer ${layer} to compare`, [
        { label: 'Mean of heads', description: 'the consensus; the reference', key: 'mean' as CompareKey },
        ...Array.from({ length: H }, (_, i) => ({ label: `Head ${i}`, description: '', key: i as CompareKey })),
      ]));
    if (!chosen) return undefined;
    const bad = chosen.filter((h) => h !== 'mean' && (!Number.isInteger(h) || h < 0 || h >= H));
    if (bad.length)
      throw new Error(`head ${bad.join(', ')} does not exist: layer ${layer} has heads 0–${H - 1} (and 'mean')`);
    const heads = [...new Set(chosen)].sort(compareKeyOrder);
    // The consensus is the natural reference; without it, the first head.
    return {
      entries: heads.map((head) => ({ ...base, layer, head })),
      reference: heads.includes('mean') ? 'mean' : heads[0],
    };
  });
}

async function runComparison(
  s: Services,
  title: string,
  axis: CompareAxis,
  plan: Plan,
): Promise<Outcome<CompareMessage>> {
  const target = activeTextTarget();
  if ('status' in target) return target;
  const { doc, text, base } = target;
  const docVersion = doc.version;
  s.panel.show();
  const outcome = await s.runner.run(title, async (ctx) => {
    const { model, run, modelMs } = await s.runner.modelRun(ctx, text, { command: title });
    const planned = await plan(model, engineParams(ctx.settings));
    if (!planned || planned.entries.length === 0)
      throw Object.assign(new Error(`no ${axis} chosen`), { name: 'AbortError' });
    const out: CompareEntryPayload[] = [];
    let reference: { result: Awaited<ReturnType<typeof s.runner.engine>>; params: EngineParams } | null = null;
    for (const [k, params] of planned.entries.entries()) {
      const label = compareLabel(
        axis,
        compareKey(axis, { layer: params.layer as number, head: params.head === 'each' ? 'mean' : params.head }),
      ).toLowerCase();
      const stageLabel = `${label} (${k + 1}/${planned.entries.length})`;
      ctx.stage(stageLabel, 0.15 + (0.85 * k) / planned.entries.length);
      const r = await s.runner.engine(ctx, model, run, params, {
        baselines: false,
        modelMs,
        quiet: true,
        stageLabel,
      });
      s.runner.logResult(`${title.toLowerCase()}, ${label}:`, text, r);
      const entry: CompareEntryPayload = {
        layer: r.layer,
        head: r.head === 'each' ? 'mean' : r.head,
        pag: r.pag,
        explanation: toPayload(r, run).explanation,
        timings: r.timings,
      };
      out.push(entry);
      if (compareKey(axis, entry) === planned.reference) reference = { result: r, params };
    }
    const ref = reference!;
    const msg: CompareMessage = {
      type: 'compare',
      axis,
      model: model.id,
      prediction: ref.result.prediction,
      tokens: ref.result.tokens,
      entries: out,
      reference: planned.reference,
      text,
    };
    return { msg, ref, model, run };
  });
  if (outcome.status !== 'done') return outcome;
  const { msg, ref, model, run } = outcome.value;
  // The editor shows the reference entry's explanation; the panel shows them all.
  s.last = {
    doc,
    docVersion,
    placement: { kind: 'offset', base },
    text,
    model,
    run,
    result: ref.result,
    params: ref.params,
  };
  if (doc.version === docVersion && !doc.isClosed)
    s.highlights.set(doc, toPayload(ref.result, run), text, { kind: 'offset', base });
  const keys = msg.entries.map((e) => String(compareKey(axis, e))).join(', ');
  s.status.prediction(
    msg.prediction.label,
    msg.prediction.score,
    axis === 'head' ? `compared heads ${keys} of layer ${msg.entries[0].layer}` : `compared layers ${keys}`,
  );
  s.panel.post(msg);
  return { status: 'done', value: msg };
}

async function pickMany(
  title: string,
  items: { label: string; description: string; key: CompareKey }[],
): Promise<CompareKey[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ ...i, picked: true })),
    {
      canPickMany: true,
      title: `Causal Lens: ${title}`,
      placeHolder: 'All are selected; untick the ones to leave out',
    },
  );
  return picked?.map((p) => p.key);
}
