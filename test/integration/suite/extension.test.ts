// Causal Lens in a real VS Code: commands, highlights, the panel's traffic and cancellation, checked
// through the API activate() returns (the extension's real state). This file activates the extension and
// runs first of the extension*.test.ts files (mocha takes them in name order); Explain File, the settings
// and the walkthrough follow in extensionFile, extensionSettings and extensionWalkthrough.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import type { CompareMessage } from '../../../src/protocol';
import { EXT_ID, waitFor, ws } from '../support';
import { lineSelection, openAt, resultsIn, screenshot } from '../workbench';

describe('Causal Lens in a real VS Code', function () {
  let api: CausalLensApi;
  let modelUsed = '';
  let firstRun: LastRun;

  before(async function () {
    const ext = vscode.extensions.getExtension<CausalLensApi>(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed in the test instance`);
    assert.equal(ext.isActive, false, 'not activated before one of its commands runs (no "*" activation)');
    const shipped = path.join(ext.extensionPath, 'models', 'causal-lens-imdb');
    // The suite tests the product as shipped: no silent fallback to a test model when it is missing.
    assert.ok(
      existsSync(path.join(shipped, 'config.json')),
      `the shipped model is missing (${shipped}): the integration suite runs on it, build it (training/) or restore models/causal-lens-imdb/`,
    );
    modelUsed = `shipped ${shipped}`;
    await vscode.workspace.getConfiguration('causalLens').update('model', '', vscode.ConfigurationTarget.Global);
    console.log(`[integration] VS Code ${vscode.version} (${vscode.env.appName}); model: ${modelUsed}`);
    api = await ext.activate();
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined); // room for the panel
  });

  it('contributes its commands and activates on them', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of [
      'explainSelection',
      'compareLayers',
      'compareHeads',
      'explainFile',
      'showPanel',
      'clearHighlights',
      'selectModel',
    ])
      assert.ok(all.includes(`causalLens.${c}`), c);
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { activationEvents: string[] };
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:causalLens.panel'));
  });

  it('refuses to explain an empty line, clearly', async () => {
    await openAt('sample.txt', (doc) => new vscode.Selection(doc.lineAt(2).range.start, doc.lineAt(2).range.start));
    const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
    assert.equal(out.status, 'error');
    assert.match((out as { message: string }).message, /empty/);
  });

  it('Explain Causally: highlights land on the explained tokens and the panel receives the PAG', async () => {
    const editor = await openAt('sample.txt', lineSelection(0));
    const t0 = Date.now();
    const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
    console.log(`[integration] first Explain Causally (cold: model load + run + engine): ${Date.now() - t0} ms`);
    assert.equal(out.status, 'done', JSON.stringify(out));
    firstRun = api.getLastRun()!;
    const r = firstRun.result;
    const line = editor.document.lineAt(0).text;
    assert.equal(firstRun.text, line);
    assert.ok(r.tokens.length > 3);
    assert.equal(r.pag.n, r.tokens.length);
    // Every highlight covers exactly its token's characters, inside the selection.
    const decos = api.getDecorationRanges(editor);
    const expected = new Set(
      [...r.explanation.sets.flat(), ...r.explanation.candidates].filter(
        (i) => !r.tokens[i].special && i !== r.explanation.target,
      ),
    );
    assert.deepEqual(
      decos
        .filter((d) => d.role !== 'target')
        .map((d) => d.tokenIndex)
        .sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
    );
    for (const d of decos) {
      const tok = r.tokens[d.tokenIndex];
      assert.equal(d.start[0], 0);
      assert.equal(d.end[0], 0);
      assert.deepEqual([d.start[1], d.end[1]], [tok.start, tok.end]);
      assert.equal(d.text, line.slice(tok.start, tok.end));
      assert.equal(d.text, d.expected);
    }
    assert.deepEqual(
      decos
        .filter((d) => d.role === 'explanation')
        .map((d) => d.tokenIndex)
        .sort((a, b) => a - b),
      [...new Set(r.explanation.sets.flat())].filter((i) => !r.tokens[i].special).sort((a, b) => a - b),
    );
    console.log(
      `[integration] prediction ${r.prediction.label} ${r.prediction.score.toFixed(3)}; explanation ${JSON.stringify(r.explanation.sets.map((s) => s.map((i) => r.tokens[i].text)))}; ${decos.length} highlights; timings ${JSON.stringify(r.timings)}`,
    );
    // The status bar shows the prediction; the output channel logged the run with its timings.
    assert.ok(api.getStatusText().includes(r.prediction.label), api.getStatusText());
    assert.ok(api.getLog().some((l) => l.includes('explain "') && l.includes('total')));
    // The panel's page loaded and received this result with its PAG.
    await api.whenPanelReady();
    const got = await waitFor('the panel to receive the result', () =>
      resultsIn(api.getPanelMessages()).find((m) => m.result.pag.n === r.pag.n && m.text === line),
    );
    assert.deepEqual(got.result.pag.edges, r.pag.edges);
    assert.equal(got.params.layers, firstRun.model.config.numLayers);
    // Hover on a highlight explains the token's role and PAG evidence.
    assert.ok(decos.length > 0, 'the explanation is highlighted in the editor');
    {
      const d = decos[0];
      const hovers = (await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(d.start[0], d.start[1]),
      )) as vscode.Hover[];
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /Causal Lens/);
      assert.match(text, /PAG neighbours/);
    }
    editor.selection = new vscode.Selection(1, 0, 1, 0); // so the highlights show, not the selection
    await new Promise((r) => setTimeout(r, 1500)); // let the panel draw its graph
    await screenshot('explain');
  });

  it('the panel re-runs the engine without the model, and its messages are validated', async () => {
    const loads = api.getModelLoads();
    const before = api.getPanelMessageCount();
    await api.postFromWebview({ type: 'rerun', alpha: 0.05 });
    const last = api.getLastRun()!;
    assert.equal(last.params.alpha, 0.05);
    assert.equal(last.result.alpha, 0.05);
    assert.equal(last.run, firstRun.run, 'the same model run is reused');
    assert.equal(last.result.timings.model, 0);
    assert.equal(api.getModelLoads(), loads, 'no model reload');
    await waitFor('the re-run result in the panel', () =>
      resultsIn(api.getPanelMessages(before)).find((m) => m.params.alpha === 0.05),
    );
    const rejected = api.getRejectedWebviewMessageCount();
    await api.postFromWebview({ type: 'rerun', alpha: 'lots' });
    await api.postFromWebview({ type: 'revealToken', index: -1 });
    await api.postFromWebview({ type: 'eval', code: '1' });
    assert.equal(api.getRejectedWebviewMessageCount(), rejected + 3);
    assert.equal(api.getLastRun(), last, 'invalid messages change nothing');
  });

  it('revealToken selects the token in the editor; export writes JSON', async () => {
    const last = api.getLastRun()!;
    const index = last.result.tokens.findIndex((t) => !t.special);
    await api.postFromWebview({ type: 'revealToken', index });
    const ed = vscode.window.activeTextEditor!;
    assert.equal(
      ed.document.getText(ed.selection),
      last.text.slice(last.result.tokens[index].start, last.result.tokens[index].end),
    );
    const target = vscode.Uri.file(path.join(ws(), 'export.json'));
    await api.exportTo('json', undefined, target);
    const json = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { pag: { n: number } };
    assert.equal(json.pag.n, last.result.pag.n);
    const dot = vscode.Uri.file(path.join(ws(), 'export.dot'));
    await api.exportTo('dot', undefined, dot);
    const dotText = readFileSync(dot.fsPath, 'utf8');
    assert.match(dotText, /^digraph /);
    assert.equal((dotText.match(/ -> /g) ?? []).length, last.result.pag.edges.length);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>';
    const svgUri = vscode.Uri.file(path.join(ws(), 'export.svg'));
    await api.exportTo('svg', svg, svgUri);
    assert.equal(readFileSync(svgUri.fsPath, 'utf8'), svg);
  });

  it('Compare Layers: one PAG and explanation per chosen layer in the panel', async () => {
    await openAt('sample.txt', lineSelection(0));
    const n = firstRun.model.config.numLayers;
    const layers = n > 1 ? [0, n - 1] : [0];
    const out = (await vscode.commands.executeCommand('causalLens.compareLayers', {
      layers,
    })) as Outcome<CompareMessage>;
    assert.equal(out.status, 'done', JSON.stringify(out));
    const msg = (out as { value: CompareMessage }).value;
    assert.deepEqual(
      msg.entries.map((l) => l.layer),
      layers,
    );
    assert.equal(msg.reference, layers[layers.length - 1]);
    for (const l of msg.entries) assert.equal(l.pag.n, msg.tokens.length);
    await waitFor('the compare view in the panel', () =>
      api
        .getPanelMessages()
        .find((m) => m.type === 'compare' && m.axis === 'layer' && m.entries.length === layers.length),
    );
    const bad = (await vscode.commands.executeCommand('causalLens.compareLayers', {
      layers: [n + 5],
    })) as Outcome<CompareMessage>;
    assert.equal(bad.status, 'error');
    assert.match((bad as { message: string }).message, /does not exist/);
  });

  it('Compare Heads: one PAG per head of the layer and their mean; Explain Causally (one PAG per head by default) shows one of them', async () => {
    await openAt('sample.txt', lineSelection(0));
    const { numLayers: L, numHeads: H } = firstRun.model.config;
    const heads = [...Array.from({ length: H }, (_, i) => i), 'mean'];
    const out = (await vscode.commands.executeCommand('causalLens.compareHeads', {
      heads: ['mean', ...heads.slice(0, -1).reverse()],
    })) as Outcome<CompareMessage>;
    assert.equal(out.status, 'done', JSON.stringify(out));
    const msg = (out as { value: CompareMessage }).value;
    assert.equal(msg.axis, 'head');
    assert.deepEqual(
      msg.entries.map((e) => e.head),
      heads,
      'heads ascending, the mean last',
    );
    assert.ok(
      msg.entries.every((e) => e.layer === L - 1),
      'the deepest layer (the causalLens.layer default)',
    );
    assert.equal(msg.reference, 'mean');
    // Explain Causally searched every head (the default) and shows the PAG of the head behind its first
    // result: the same graph as that head's entry here; each of its explanations names its head(s).
    const first = firstRun.result;
    assert.equal(first.head, 'each');
    const shown = msg.entries.find((e) => e.head === first.pagHead)!;
    assert.deepEqual(shown.pag, first.pag);
    assert.equal(first.explanation.origins.length, first.explanation.sets.length);
    const mean = msg.entries.find((e) => e.head === 'mean')!;
    assert.ok(
      msg.entries.some((e) => JSON.stringify(e.pag.edges) !== JSON.stringify(mean.pag.edges)),
      'some head learns another graph than the mean',
    );
    await waitFor('the head comparison in the panel', () =>
      api.getPanelMessages().find((m) => m.type === 'compare' && m.axis === 'head'),
    );
    assert.match(api.getLastRun()!.text, /\S/);
    const bad = (await vscode.commands.executeCommand('causalLens.compareHeads', {
      heads: [H + 2],
    })) as Outcome<CompareMessage>;
    assert.equal(bad.status, 'error');
    assert.match(
      (bad as { message: string }).message,
      new RegExp(`head ${H + 2} does not exist: layer ${L - 1} has heads 0–${H - 1}`),
    );
    const badLayer = (await vscode.commands.executeCommand('causalLens.compareHeads', {
      layer: L + 1,
      heads: [0],
    })) as Outcome<CompareMessage>;
    assert.match((badLayer as { message: string }).message, /layer \d+ does not exist/);
  });

  it('cancel mid-run: reported as cancelled, earlier highlights and results kept whole', async () => {
    const editor = await openAt('sample.txt', lineSelection(0));
    await vscode.commands.executeCommand('causalLens.explainSelection');
    const before = api.getDecorationRanges(editor);
    const lastBefore = api.getLastRun();
    editor.selection = lineSelection(3)(editor.document);
    const stages: string[] = [];
    const sub = api.onProgress((stage) => {
      stages.push(stage);
      // Cancel as the panel's Cancel button does, once the model is running on the new text.
      if (stage === 'running the model') void api.postFromWebview({ type: 'cancel' });
    });
    try {
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'cancelled', `stages: ${stages.join(' → ')}`);
    } finally {
      sub.dispose();
    }
    assert.equal(api.isBusy(), false);
    assert.equal(api.getLastRun(), lastBefore, 'the last complete result is kept');
    assert.deepEqual(api.getDecorationRanges(editor), before, 'no half-applied highlights');
    assert.ok(api.getLog().some((l) => /cancelled/.test(l)));
    await waitFor('the panel to hear of the cancel', () =>
      api.getPanelMessages().some((m) => m.type === 'error' && /cancelled/.test(m.message)),
    );
  });
});
