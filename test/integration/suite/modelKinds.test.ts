// Issue 16's classifier heads in a real VS Code: a RoBERTa (byte-level BPE) and an XLM-R (Unigram)
// classifier, a multi-class and a multi-label head, each a tiny random-weight model built in code
// (../modelKinds.ts). Sentence pairs follow in modelKindsInPairs.test.ts, the masked LM in
// modelKindsMaskedLm.test.ts (mocha takes the files in name order).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import { argmax, done, EMOTIONS, errorOf, modelKindsFixture, ROW, sigmoid } from '../modelKinds';

describe('Causal Lens on RoBERTa, XLM-R, multi-class and multi-label classifiers', function () {
  const kinds = modelKindsFixture();
  const { useModel, select, wholeLine, checkHighlights, checkSetsFlip, assertStatus, panelResult } = kinds;
  let api: CausalLensApi;
  let doc: vscode.TextDocument;

  before(async function () {
    await kinds.setUp();
    api = kinds.api;
    doc = kinds.doc;
  });

  after(() => kinds.tearDown());

  it('contributes the new commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['explainPair', 'explainMasked', 'explainLabel']) assert.ok(all.includes(`causalLens.${c}`), c);
  });

  for (const [kind, row, pieces] of [
    ['roberta', ROW.roberta, { Ġwonderful: 'wonderful', 'ĠcafÃ©': 'café', Ġplot: 'plot' }],
    ['xlmr', ROW.xlmr, { '▁wonderful': 'wonderful', '▁café': 'cafe\u0301', '▁中文': '中文' }],
  ] as const) {
    it(`${kind === 'roberta' ? 'RoBERTa (byte-level BPE)' : 'XLM-R (SentencePiece Unigram)'} classifier: Explain Causally lands on exact characters; the status bar and panel name the class`, async () => {
      await useModel(kind);
      const editor = await select(wholeLine(row));
      const before = api.getPanelMessageCount();
      const last = done(await vscode.commands.executeCommand('causalLens.explainSelection'));
      assert.equal(last.model.config.modelType, kind === 'roberta' ? 'roberta' : 'xlm-roberta');
      const line = doc.lineAt(row).text;
      for (const [piece, chars] of Object.entries(pieces)) {
        const t = last.result.tokens.find((x) => x.text === piece);
        assert.ok(t, `no ${piece} in ${last.result.tokens.map((x) => x.text).join(' ')}`);
        assert.equal(line.slice(t.start, t.end), chars);
      }
      const decos = checkHighlights(editor, last);
      for (const d of decos)
        assert.equal(d.text, line.slice(last.result.tokens[d.tokenIndex].start, last.result.tokens[d.tokenIndex].end));
      await checkSetsFlip(last);
      const e = last.result.explained!;
      assert.equal(e.kind, 'single-label');
      assertStatus(e.label);
      const msg = await panelResult(before, 'the result');
      assert.equal(msg.result.explained?.label, e.label);
      assert.equal(msg.result.prediction.label, e.label);
    });
  }

  it('multi-class head: the predicted class of five is explained; Explain Causally for a Label is refused for it, clearly', async () => {
    await useModel('multiClass');
    const editor = await select(wholeLine(ROW.multiClass));
    const last = done(await vscode.commands.executeCommand('causalLens.explainSelection'));
    assert.equal(last.run.prediction.logits.length, 5);
    assert.equal(last.result.explained?.label, EMOTIONS[argmax(last.run.prediction.logits)]);
    checkHighlights(editor, last);
    await checkSetsFlip(last);
    const message = errorOf(await vscode.commands.executeCommand('causalLens.explainLabel', { label: 'joy' }));
    assert.match(message, /is for multi-label models .*is single-label \(labels anger, joy, sadness, fear, surprise\)/);
    assert.equal(api.getLastRun(), last, 'the refused command changed nothing');
  });

  it('multi-label head: each chosen label is explained (its sigmoid crosses 0.5); status bar and panel name the label; the panel switches labels without a new model run', async () => {
    await useModel('multiLabel');
    const editor = await select(wholeLine(ROW.multiLabel));
    const found: string[] = [];
    for (const label of EMOTIONS) {
      const before = api.getPanelMessageCount();
      const last = done(await vscode.commands.executeCommand('causalLens.explainLabel', { label }));
      const e = last.result.explained!;
      assert.deepEqual([e.kind, e.label, e.labelIndex], ['multi-label', label, EMOTIONS.indexOf(label)]);
      assert.ok(Math.abs(e.score - sigmoid(last.run.prediction.logits[e.labelIndex])) < 1e-9);
      assertStatus(`${label} (multi-label)`);
      const msg = await panelResult(before, `the ${label} result`);
      assert.equal(msg.result.explained?.label, label);
      assert.equal(
        msg.result.prediction.label,
        `${label} (multi-label)`,
        "the panel's prediction line names the explained label",
      );
      assert.deepEqual(
        msg.result.explained?.labels?.map((l) => l.label),
        EMOTIONS,
      );
      if (last.result.explanation.sets.length) {
        found.push(label);
        checkHighlights(editor, last);
        await checkSetsFlip(last);
      }
    }
    assert.ok(found.length > 0, 'some label of five has an explanation');
    // Explain Causally explains the highest label; the panel's rerun picks another on the same model run.
    const last = done(await vscode.commands.executeCommand('causalLens.explainSelection'));
    assert.equal(last.result.explained?.labelIndex, argmax(last.run.prediction.logits));
    const other = (last.result.explained!.labelIndex + 1) % EMOTIONS.length;
    await api.postFromWebview({ type: 'rerun', label: other });
    const rerun = api.getLastRun()!;
    assert.equal(rerun.result.explained?.label, EMOTIONS[other]);
    assert.equal(rerun.run, last.run, 'the same model run');
    assert.equal(rerun.params.label, other);
    // and the label stays when α changes
    await api.postFromWebview({ type: 'rerun', alpha: 0.05 });
    assert.equal(api.getLastRun()!.result.explained?.label, EMOTIONS[other]);
    // a label the model does not have: an error, the shown result kept
    const shown = api.getLastRun();
    await api.postFromWebview({ type: 'rerun', label: 99 });
    assert.equal(api.getLastRun(), shown);
    assert.ok(
      api.getLog().some((l) => /error: model ".*multiLabel" has no label "99"; its labels: anger, joy/.test(l)),
      'the error names the labels',
    );
  });
});
