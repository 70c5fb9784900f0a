// Causal Lens: Compare Layers — one model run, the engine on each chosen layer, and the panel's
// side-by-side view (the webview computes edges gained/lost and explanation overlap from it).
import * as vscode from 'vscode';
import type { CompareLayerPayload, CompareMessage } from '../../protocol';
import { toPayload } from '../payload';
import { engineParams, type Outcome } from '../runner';
import type { Services } from '../services';
import { activeTextTarget } from './explainSelection';

export interface CompareArgs {
  /** 0-based layers; skips the quick pick (used by tests and keybindings). */
  layers?: number[];
}

export async function compareLayers(s: Services, args?: CompareArgs): Promise<Outcome<CompareMessage>> {
  const target = activeTextTarget();
  if ('status' in target) return target;
  const { doc, text, base } = target;
  const docVersion = doc.version;
  s.panel.show();
  let chosen: number[] | undefined = args?.layers;
  const outcome = await s.runner.run('Compare Layers', async (ctx) => {
    const { model, run, modelMs } = await s.runner.modelRun(ctx, text);
    const n = model.config.numLayers;
    if (!chosen) chosen = await pickLayers(n);
    if (!chosen || chosen.length === 0) throw Object.assign(new Error('no layer chosen'), { name: 'AbortError' });
    const bad = chosen.filter((l) => !Number.isInteger(l) || l < 0 || l >= n);
    if (bad.length) throw new Error(`layer ${bad.join(', ')} does not exist: the model has layers 0–${n - 1}`);
    const layers = [...new Set(chosen)].sort((a, b) => a - b);
    const base_ = engineParams(ctx.settings);
    const out: CompareLayerPayload[] = [];
    let reference = null as null | { result: Awaited<ReturnType<typeof s.runner.engine>>; params: typeof base_ };
    for (const [k, layer] of layers.entries()) {
      ctx.stage(`layer ${layer} (${k + 1}/${layers.length})`, 0.15 + (0.85 * k) / layers.length);
      const params = { ...base_, layer };
      const r = await s.runner.engine(ctx, model, run, params, { baselines: false, modelMs, quiet: true });
      s.runner.logResult(`compare layer ${layer}:`, text, r);
      out.push({ layer: r.layer, head: r.head, pag: r.pag, explanation: toPayload(r, run).explanation, timings: r.timings });
      reference = { result: r, params };
    }
    const ref = reference!;
    const msg: CompareMessage = {
      type: 'compare', model: model.id, prediction: ref.result.prediction, tokens: ref.result.tokens,
      layers: out, reference: layers[layers.length - 1], text,
    };
    return { msg, ref, model, run };
  });
  if (outcome.status !== 'done') return outcome;
  const { msg, ref, model, run } = outcome.value;
  // The editor shows the deepest chosen layer's explanation; the panel shows them all.
  s.last = { doc, docVersion, placement: { kind: 'offset', base }, text, model, run, result: ref.result, params: ref.params };
  if (doc.version === docVersion && !doc.isClosed) s.highlights.set(doc, toPayload(ref.result, run), text, { kind: 'offset', base });
  s.status.prediction(msg.prediction.label, msg.prediction.score, `compared layers ${msg.layers.map((l) => l.layer).join(', ')}`);
  s.panel.post(msg);
  return { status: 'done', value: msg };
}

async function pickLayers(n: number): Promise<number[] | undefined> {
  const items = Array.from({ length: n }, (_, i) => ({ label: `Layer ${i}`, description: i === n - 1 ? 'deepest' : i === 0 ? 'first' : '', picked: true, layer: i }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Causal Lens: layers to compare', placeHolder: 'All layers are selected; untick the ones to leave out' });
  return picked?.map((p) => p.layer);
}
