// Causal Lens in a real VS Code: commands, highlights, the panel's traffic, dataset files and
// cancellation, checked through the API activate() returns (the extension's real state).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { FileRun, LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import type { CompareMessage, HostToWebview, ResultMessage } from '../../../src/protocol';
import { EXT_ID, waitFor, ws } from '../support';

async function openAt(
  file: string,
  select?: (doc: vscode.TextDocument) => vscode.Selection,
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(ws(), file));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  if (select) editor.selection = select(doc);
  return editor;
}

/** A screenshot of the workbench taken by the runner (scripts/vscode-web-test.mjs), when it runs us. */
async function screenshot(name: string): Promise<void> {
  const dir = process.env.CAUSAL_LENS_SHOT_DIR;
  if (!dir) return;
  writeFileSync(path.join(dir, `${name}.request`), '');
  await waitFor(
    `screenshot ${name}`,
    () => existsSync(path.join(dir, `${name}.png`)) && !existsSync(path.join(dir, `${name}.request`)),
    20_000,
  );
}

const lineSelection = (line: number) => (doc: vscode.TextDocument) =>
  new vscode.Selection(doc.lineAt(line).range.start, doc.lineAt(line).range.end);
const resultsIn = (msgs: HostToWebview[]) => msgs.filter((m): m is ResultMessage => m.type === 'result');

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
    const before = api.getPanelMessages().length;
    await api.postFromWebview({ type: 'rerun', alpha: 0.05 });
    const last = api.getLastRun()!;
    assert.equal(last.params.alpha, 0.05);
    assert.equal(last.result.alpha, 0.05);
    assert.equal(last.run, firstRun.run, 'the same model run is reused');
    assert.equal(last.result.timings.model, 0);
    assert.equal(api.getModelLoads(), loads, 'no model reload');
    await waitFor('the re-run result in the panel', () =>
      resultsIn(api.getPanelMessages().slice(before)).find((m) => m.params.alpha === 0.05),
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

  it('Explain File on a CSV: every row explained and highlighted, results written on request, the file untouched', async () => {
    const file = path.join(ws(), 'reviews.csv');
    const bytes = readFileSync(file);
    const editor = await openAt('reviews.csv');
    const out = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: editor.document.uri.toString(),
      column: 'review',
      writeResults: true,
    })) as Outcome<FileRun>;
    assert.equal(out.status, 'done', JSON.stringify(out));
    const run = (out as { value: FileRun }).value;
    assert.deepEqual(
      run.records.map((r) => r.line),
      [2, 3, 4],
    );
    assert.deepEqual(run.malformed, []);
    assert.equal(run.summary.rows, 3);
    assert.equal(
      run.summary.labels.reduce((a, l) => a + l.count, 0),
      3,
    );
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0, 'the rows are highlighted');
    for (const d of decos) {
      assert.ok([1, 2, 3].includes(d.start[0]), `highlight on data line ${d.start[0]}`);
      assert.equal(d.text.replace(/""/g, '"'), d.expected);
    }
    assert.ok(readFileSync(file).equals(bytes), 'the CSV is unchanged byte for byte');
    const results = path.join(ws(), 'reviews.csv.causal-lens.jsonl');
    assert.equal(run.resultsPath, results);
    const lines = readFileSync(results, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; label: string });
    assert.deepEqual(
      lines.map((l) => l.line),
      [2, 3, 4],
    );
    console.log(`[integration] CSV summary: ${JSON.stringify(run.summary)}`);
  });

  it('Explain File on a JSONL with a malformed row: the row is reported by line number, the others explained', async () => {
    const file = path.join(ws(), 'reviews.jsonl');
    const bytes = readFileSync(file);
    const editor = await openAt('reviews.jsonl');
    const out = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: editor.document.uri.toString(),
      field: 'text',
      writeResults: false,
    })) as Outcome<FileRun>;
    assert.equal(out.status, 'done', JSON.stringify(out));
    const run = (out as { value: FileRun }).value;
    assert.deepEqual(
      run.malformed.map((m) => m.lineNumber),
      [3],
    );
    assert.match(run.malformed[0].reason, /invalid JSON/);
    assert.deepEqual(
      run.records.map((r) => r.line),
      [1, 2, 4],
    );
    assert.deepEqual(
      run.summary.malformed.map((m) => m.lineNumber),
      [3],
    );
    assert.ok(api.getLog().some((l) => l.includes('reviews.jsonl:3: skipped malformed row')));
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0, 'the rows are highlighted');
    for (const d of decos) {
      assert.ok([0, 1, 3].includes(d.start[0]));
      assert.equal(JSON.parse(`"${d.text}"`), d.expected);
    }
    assert.ok(readFileSync(file).equals(bytes), 'the JSONL is unchanged byte for byte');
    assert.equal(existsSync(path.join(ws(), 'reviews.causal-lens.jsonl')), false, 'no results file unless asked');
  });

  it('Explain File on a .txt: one text per line, blank lines skipped', async () => {
    const editor = await openAt('sample.txt');
    const out = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: editor.document.uri.toString(),
      writeResults: false,
    })) as Outcome<FileRun>;
    assert.equal(out.status, 'done', JSON.stringify(out));
    const run = (out as { value: FileRun }).value;
    assert.deepEqual(
      run.records.map((r) => r.line),
      [1, 2, 4],
    );
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0, 'the lines are highlighted');
    for (const d of decos) {
      assert.ok([0, 1, 3].includes(d.start[0]));
      assert.equal(d.text, d.expected);
    }
  });

  it('Explain File cancelled mid-file: the finished rows are kept whole, the summary says cancelled', async () => {
    const editor = await openAt('reviews.jsonl');
    const sub = api.onProgress((stage) => {
      if (stage.startsWith('row 2 ')) void vscode.commands.executeCommand('causalLens.cancel');
    });
    let out: { status: string; value?: FileRun };
    try {
      out = (await vscode.commands.executeCommand('causalLens.explainFile', {
        uri: editor.document.uri.toString(),
        field: 'text',
        writeResults: false,
      })) as typeof out;
    } finally {
      sub.dispose();
    }
    assert.equal(out.status, 'cancelled', `${JSON.stringify(out).slice(0, 300)}\n${api.getLog().slice(-6).join('\n')}`);
    assert.equal(out.value!.summary.cancelled, true);
    assert.deepEqual(
      out.value!.records.map((r) => r.line),
      [1],
      'only the row finished before the cancel',
    );
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0, 'the finished row is highlighted');
    assert.ok(
      decos.every((d) => d.start[0] === 0),
      'highlights only on the finished row',
    );
  });

  /** Explain Causally on line 1 of `file` with one causalLens setting changed (restored afterwards). */
  async function explainWithSetting(
    setting: string,
    value: unknown,
    file: string,
    check: (last: LastRun) => Promise<void> | void,
  ): Promise<void> {
    const config = vscode.workspace.getConfiguration('causalLens');
    await config.update(setting, value, vscode.ConfigurationTarget.Global);
    try {
      await openAt(file, lineSelection(0));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'done', JSON.stringify(out));
      await check(api.getLastRun()!);
    } finally {
      await config.update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
  }

  it('a too long selection is cut at causalLens.maxTokens with a warning saying where', () =>
    explainWithSetting('maxTokens', 8, 'sample.txt', (last) => {
      assert.ok(last.run.truncated, 'the model run reports the cut');
      assert.ok(last.result.tokens.length <= 8);
      assert.ok(
        api.getLog().some((l) => /only the part up to line 1, column \d+ was explained/.test(l)),
        'the warning says where',
      );
    }));

  // The long review's search needs thousands of model runs (2,822 candidate sets by default).
  it('causalLens.maxModelRuns caps the explanation search, and the panel and the log say so', () =>
    explainWithSetting('maxModelRuns', 1, 'long.txt', async (last) => {
      assert.ok(last.result.warnings.some((w) => /stopped after 1 model runs/.test(w)));
      // The panel gets the warning with the setting to change.
      await waitFor(
        'the capped result in the panel',
        () =>
          api
            .getPanelMessages()
            .find(
              (m) =>
                m.type === 'result' &&
                m.result.warnings?.some((w) =>
                  /stopped after 1 model runs.*raise the causalLens\.maxModelRuns setting/.test(w),
                ),
            ),
        20_000,
      );
      assert.ok(
        api.getLog().some((l) => /stopped after 1 model runs/.test(l)),
        'the output channel says so',
      );
    }));

  // long.txt has no explanation within 3,522 model runs / 60 s (CLI, measured): with a budget of a
  // million runs and an hour the search would outlast this suite's 180 s timeout, so the command
  // returns only if the search itself stops at the Cancel (no wall-clock threshold is asserted).
  it('Cancel during the explanation search stops the search itself', async () => {
    const config = vscode.workspace.getConfiguration('causalLens');
    await config.update('maxModelRuns', 1_000_000, vscode.ConfigurationTarget.Global);
    await config.update('searchSeconds', 3600, vscode.ConfigurationTarget.Global);
    const stages: string[] = [];
    const sub = api.onProgress((stage) => {
      stages.push(stage);
      if (/searching the minimal explanation/.test(stage)) void vscode.commands.executeCommand('causalLens.cancel');
    });
    try {
      await openAt('long.txt', lineSelection(0));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'cancelled', `stages: ${stages.join(' → ')}`);
      assert.ok(
        stages.some((st) => /searching the minimal explanation/.test(st)),
        'the cancel landed in the search',
      );
      assert.equal(api.isBusy(), false);
    } finally {
      sub.dispose();
      await config.update('maxModelRuns', undefined, vscode.ConfigurationTarget.Global);
      await config.update('searchSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a model setting change reloads the model once; a missing model is a clear error', async () => {
    const config = vscode.workspace.getConfiguration('causalLens');
    const model = config.get<string>('model', '');
    await openAt('sample.txt', lineSelection(1));
    const loads = api.getModelLoads();
    await vscode.commands.executeCommand('causalLens.explainSelection');
    assert.equal(api.getModelLoads(), loads, 'reused while the settings stay');
    await config.update('offline', true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('causalLens.explainSelection');
      assert.equal(api.getModelLoads(), loads + 1, 'reloaded once after the change');
      await vscode.commands.executeCommand('causalLens.explainSelection');
      assert.equal(api.getModelLoads(), loads + 1);
      // Select Model (with an argument instead of its quick pick) writes causalLens.model.
      await vscode.commands.executeCommand('causalLens.selectModel', { model: path.join(ws(), 'no-such-model') });
      assert.equal(vscode.workspace.getConfiguration('causalLens').get('model'), path.join(ws(), 'no-such-model'));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'error');
      assert.match((out as { message: string }).message, /no-such-model/);
    } finally {
      await config.update('offline', undefined, vscode.ConfigurationTarget.Global);
      await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('model', model, vscode.ConfigurationTarget.Global);
    }
  });

  it('a long text: the extension host keeps turning through every stage (stalls logged, never gated)', async () => {
    // The previous test changed the model settings: load the model first (creating an ONNX Runtime
    // session blocks the host once per load), so that this looks at the explanation alone.
    await openAt('sample.txt', lineSelection(0));
    assert.equal(
      ((await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>).status,
      'done',
    );
    await openAt('long.txt', lineSelection(0));
    // Event-loop turns are counted (a setImmediate chain), milliseconds only printed: how long the
    // host stalls depends on the machine's load, so it is a benchmark figure (npm run bench,
    // "Host responsiveness"), not a pass/fail condition.
    let stage = 'start',
      running = true,
      turns = 0,
      last = Date.now(),
      worst = 0;
    const stages: string[] = [];
    const sub = api.onProgress((s) => {
      stage = s;
      if (stages.at(-1) !== s) stages.push(s);
    });
    const tick = (): void => {
      if (!running) return;
      turns++;
      const now = Date.now();
      worst = Math.max(worst, now - last);
      last = now;
      setImmediate(tick);
    };
    setImmediate(tick);
    const t0 = Date.now();
    try {
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'done', JSON.stringify(out));
    } finally {
      running = false;
      sub.dispose();
    }
    const r = api.getLastRun()!.result;
    console.log(
      `[integration] long text: ${r.tokens.length} tokens in ${Date.now() - t0} ms (${JSON.stringify(r.timings)}); ${turns} event-loop turns, longest gap ${worst} ms (not gated); stages ${stages.join(' → ')}; last ${stage}`,
    );
    assert.ok(r.tokens.length >= 100, `long.txt gives ${r.tokens.length} tokens`);
    // Every engine stage was reported, in pipeline order, and the host's loop turned during the run
    // (ICD's reply arrives as a worker message: at least one turn whatever the load).
    const order = [
      'running the model',
      'attention → correlation',
      'learning the PAG (ICD)',
      'searching the minimal explanation (CLEANN)',
    ];
    const seen = order.map((o) => stages.indexOf(o));
    assert.ok(
      seen.every((i, k) => i >= 0 && (k === 0 || i > seen[k - 1])),
      `stages: ${stages.join(' → ')}`,
    );
    assert.ok(turns > 0, 'the event loop turned');
  });

  it('the walkthrough opens and its sample text is ready to explain', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXT_ID}#causalLens.firstRun`, false);
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot('walkthrough');
    assert.equal(await vscode.commands.executeCommand('causalLens.openSample'), true);
    const ed = vscode.window.activeTextEditor!;
    assert.match(ed.document.getText(ed.selection), /acting was wonderful/);
    const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
    assert.equal(out.status, 'done');
    assert.equal(api.getLastRun()!.doc.isUntitled, true, 'works on an unsaved editor too');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Clear Highlights removes every highlight', async () => {
    const editor = await openAt('sample.txt');
    await vscode.commands.executeCommand('causalLens.clearHighlights');
    assert.deepEqual(api.getDecorationRanges(editor), []);
    assert.equal(api.getLastRun(), null);
  });
});
