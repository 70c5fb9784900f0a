// Issue 16's masked LM in a real VS Code, on a tiny BERT built in code (../modelKinds.ts): Explain Masked
// Prediction, and the clear errors of commands a model cannot answer.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { FileRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import { pieceAsWord } from '../../../src/shared/explainedText';
import { ws } from '../support';
import { done, errorOf, LINES, modelKindsFixture, ROW } from '../modelKinds';

describe('Causal Lens on masked-LM models', function () {
  const kinds = modelKindsFixture();
  const { useModel, select, wholeLine, checkHighlights, checkSetsFlip, assertStatus, panelResult } = kinds;
  let api: CausalLensApi;

  before(async function () {
    await kinds.setUp();
    api = kinds.api;
  });

  after(() => kinds.tearDown());

  it('Explain Masked Prediction: the selected word (or the word under the cursor) is masked and its prediction explained, highlighted like Explain Causally', async () => {
    await useModel('mlm');
    const row = ROW.masked;
    const at = LINES.masked.indexOf('wonderful');
    const editor = await select([row, at, row, at + 'wonderful'.length]);
    const before = api.getPanelMessageCount();
    const last = done(await vscode.commands.executeCommand('causalLens.explainMasked'));
    assert.equal(last.model.config.task, 'masked-lm');
    assert.equal(last.text, LINES.masked, 'the line is the context');
    const target = last.run.target;
    assert.equal(last.run.tokens[target].text, '[MASK]');
    assert.equal(last.run.inputIds[target], last.model.maskTokenId);
    assert.equal(last.result.explanation.target, target);
    const e = last.result.explained!;
    assert.deepEqual([e.kind, e.token], ['masked-token', target]);
    const decos = checkHighlights(editor, last);
    const targetDeco = decos.find((d) => d.role === 'target');
    assert.ok(targetDeco, 'the masked word is marked as the explained token');
    assert.deepEqual([targetDeco.start, targetDeco.end, targetDeco.text], [[row, at], [row, at + 9], 'wonderful']);
    assert.ok(
      last.result.explanation.sets.every((s) => !s.includes(target)),
      'the mask is never part of an explanation',
    );
    await checkSetsFlip(last);
    assertStatus(`[MASK] → ${pieceAsWord(e.label)}`);
    const msg = await panelResult(before, 'the masked prediction');
    assert.equal(msg.result.explained?.kind, 'masked-token');
    assert.equal(msg.result.explanation.target, target);
    assert.equal(msg.result.prediction.label, `[MASK] → ${pieceAsWord(e.label)}`);
    // the cursor inside the word: the same input
    await select([row, at + 3, row, at + 3]);
    const byCursor = done(await vscode.commands.executeCommand('causalLens.explainMasked'));
    assert.deepEqual(byCursor.run.inputIds, last.run.inputIds);
    // not a word, or nothing around it
    await select([row, 0, row, 12]);
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.explainMasked')),
      /select one word to predict, not "the plot was"/,
    );
    await select([ROW.alone, 2, ROW.alone, 2]);
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.explainMasked')),
      /needs context around the word/,
    );
  });

  it('a command the model cannot answer is a clear error naming the model and what to run instead', async () => {
    await useModel('mlm');
    await select(wholeLine(ROW.masked));
    const onMlm = errorOf(await vscode.commands.executeCommand('causalLens.explainSelection'));
    assert.match(
      onMlm,
      /^Explain Causally explains a classifier's label, but ".*mlm" is a masked-language model .*Explain Masked Prediction/,
    );
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.compareLayers', { layers: [0] })),
      /^Compare Layers explains a classifier's label.*masked-language model/,
    );
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.explainPair', { pair: 'x' })),
      /^Explain Sentence Pair explains a classifier's label/,
    );
    const txt = path.join(ws(), 'kinds', 'rows.txt');
    writeFileSync(txt, 'the plot was thin\n');
    const rows = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: vscode.Uri.file(txt).toString(),
      writeResults: false,
    })) as Outcome<FileRun>;
    assert.match(errorOf(rows), /^Explain File explains a classifier's label/);
    await useModel('roberta');
    const at = LINES.masked.indexOf('wonderful');
    await select([ROW.masked, at, ROW.masked, at + 9]);
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.explainMasked')),
      /^Explain Masked Prediction needs a masked-language model .*roberta" is a text classifier \(labels NEGATIVE, POSITIVE\)/,
    );
    assert.ok(
      api.getLog().some((l) => /Explain Masked Prediction: error: .*needs a masked-language model/.test(l)),
      'the output channel has it too',
    );
    assert.equal(api.getStatusText(), '$(symbol-event) Causal Lens: error', 'and the status bar');
  });
});
