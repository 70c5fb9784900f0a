// Issue 16's sentence pairs in a real VS Code, on a tiny BERT built in code (../modelKinds.ts): two
// selections, a typed second text, a tab-separated line, and Explain File on CSV/JSONL pair columns.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { FileRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import { ws } from '../support';
import { done, errorOf, LINES, modelKindsFixture, ROW } from '../modelKinds';

describe('Causal Lens on sentence-pair models', function () {
  const kinds = modelKindsFixture();
  const { config, useModel, select, wholeLine, checkHighlights, checkSetsFlip, panelResult } = kinds;
  let api: CausalLensApi;
  /** The premise/hypothesis pair's explanation sets (Explain Causally on two selections). */
  let pairSets: number[][] | null = null;

  before(async function () {
    await kinds.setUp();
    api = kinds.api;
  });

  after(() => kinds.tearDown());

  it('sentence pair from two selections (multi-cursor): tokens of both texts highlighted in place, token types fed, panel text spans both', async () => {
    await useModel('pair');
    const editor = await select(wholeLine(ROW.hypothesis), wholeLine(ROW.premise)); // any order: the first in the document is text A
    const before = api.getPanelMessageCount();
    const last = done(await vscode.commands.executeCommand('causalLens.explainSelection'));
    assert.deepEqual(
      last.run.tokens.map((t) => t.text),
      ['[CLS]', 'the', 'movie', 'was', 'good', '[SEP]', 'the', 'film', 'was', 'not', 'bad', '[SEP]'],
    );
    assert.deepEqual(last.run.typeIds, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    assert.equal(last.text, LINES.premise);
    const decos = checkHighlights(editor, last);
    for (const d of decos) {
      const t = last.result.tokens[d.tokenIndex];
      assert.equal(d.start[0], t.segment === 1 ? ROW.hypothesis : ROW.premise, `${t.text} on its text's line`);
      assert.deepEqual([d.start[1], d.end[1]], [t.start, t.end]);
      assert.equal(d.text, t.text);
    }
    await checkSetsFlip(last);
    pairSets = last.result.explanation.sets;
    const msg = await panelResult(before, 'the pair');
    assert.equal(msg.text, `${LINES.premise}\n${LINES.hypothesis}`);
    assert.equal(msg.pairStart, LINES.premise.length + 1);
    for (const t of msg.result.tokens.filter((x) => !x.special)) assert.equal(msg.text!.slice(t.start, t.end), t.text);
    // revealToken selects a second-text token in the document
    const k = last.result.tokens.findIndex((t) => t.text === 'film');
    await api.postFromWebview({ type: 'revealToken', index: k });
    const ed = vscode.window.activeTextEditor!;
    assert.equal(ed.selection.start.line, ROW.hypothesis);
    assert.equal(ed.document.getText(ed.selection), 'film');

    // The same pair typed (Explain Sentence Pair on one selection) and on one tab-separated line: the same model input, the same explanation.
    await select(wholeLine(ROW.premise));
    const typed = done(await vscode.commands.executeCommand('causalLens.explainPair', { pair: LINES.hypothesis }));
    assert.deepEqual(typed.run.inputIds, last.run.inputIds);
    assert.deepEqual(typed.result.explanation.sets, last.result.explanation.sets);
    const typedDecos = api.getDecorationRanges(vscode.window.activeTextEditor!);
    assert.ok(
      typedDecos.every((d) => d.start[0] === ROW.premise),
      'a typed text has no place in the document',
    );
    await select(wholeLine(ROW.tabbed));
    const tabbed = done(await vscode.commands.executeCommand('causalLens.explainPair'));
    assert.deepEqual(tabbed.run.inputIds, last.run.inputIds);
    assert.deepEqual(tabbed.result.explanation.sets, last.result.explanation.sets);
    for (const d of checkHighlights(vscode.window.activeTextEditor!, tabbed)) {
      const t = tabbed.result.tokens[d.tokenIndex];
      assert.equal(d.start[1], t.start + (t.segment === 1 ? LINES.premise.length + 1 : 0));
    }
    // a pair longer than causalLens.maxTokens is cut, and the user is told
    await config().update('maxTokens', 8, vscode.ConfigurationTarget.Global);
    try {
      await select(wholeLine(ROW.premise), wholeLine(ROW.hypothesis));
      const cut = done(await vscode.commands.executeCommand('causalLens.explainSelection'));
      assert.ok(cut.run.truncated && cut.run.tokens.length === 8, `${cut.run.tokens.length} tokens`);
      assert.ok(
        cut.run.tokens.some((t) => t.segment === 1),
        'both texts keep tokens',
      );
      assert.ok(
        api
          .getLog()
          .some((l) =>
            /the pair is longer than causalLens\.maxTokens \(8 tokens\): text truncated to 8 tokens \(of 12\)/.test(l),
          ),
        api.getLog().slice(-3).join('\n'),
      );
    } finally {
      await config().update('maxTokens', undefined, vscode.ConfigurationTarget.Global);
    }
    // three selections are not a pair
    await select(wholeLine(ROW.premise), wholeLine(ROW.hypothesis), wholeLine(ROW.masked));
    assert.match(
      errorOf(await vscode.commands.executeCommand('causalLens.explainSelection')),
      /3 ranges are selected: select one text, or two/,
    );
  });

  it('Explain File on sentence pairs: the pair column (argument or causalLens.pairColumn) read per row, both texts highlighted, a row without its second text reported by line', async () => {
    await useModel('pair');
    const csvFile = path.join(ws(), 'kinds', 'nli.csv');
    writeFileSync(
      csvFile,
      [
        'premise,hypothesis',
        `${LINES.premise},${LINES.hypothesis}`,
        'no second text,',
        `"the plot was thin","the acting was wonderful"`,
        '',
      ].join('\n'),
    );
    const bytes = readFileSync(csvFile);
    const csvDoc = await vscode.workspace.openTextDocument(csvFile);
    const editor = await vscode.window.showTextDocument(csvDoc, { viewColumn: vscode.ViewColumn.One });
    const out = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: csvDoc.uri.toString(),
      column: 'premise',
      pairColumn: 'hypothesis',
      writeResults: false,
    })) as Outcome<FileRun>;
    assert.equal(out.status, 'done', JSON.stringify(out).slice(0, 300));
    const run = (out as { value: FileRun }).value;
    assert.deepEqual(
      run.malformed.map((m) => [m.lineNumber, m.reason]),
      [[3, 'pair column "hypothesis" is empty']],
    );
    assert.deepEqual(
      run.records.map((r) => [r.line, r.text, r.pair]),
      [
        [2, LINES.premise, LINES.hypothesis],
        [4, 'the plot was thin', 'the acting was wonderful'],
      ],
    );
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0);
    for (const d of decos) assert.equal(d.text, d.expected);
    const line2 = csvDoc.lineAt(1).text;
    const second = decos.filter((d) => d.start[0] === 1 && d.start[1] > LINES.premise.length);
    const first = decos.filter((d) => d.start[0] === 1 && d.start[1] < LINES.premise.length);
    assert.ok(second.every((d) => line2.slice(d.start[1], d.end[1]) === d.expected));
    console.log(
      `[integration] pair file: ${first.length} highlights in the premise, ${second.length} in the hypothesis of line 2`,
    );
    assert.ok(readFileSync(csvFile).equals(bytes), 'the file is unchanged');
    // JSONL with the field from the setting
    const jsonlFile = path.join(ws(), 'kinds', 'nli.jsonl');
    writeFileSync(
      jsonlFile,
      `${JSON.stringify({ p: LINES.premise, h: LINES.hypothesis })}\n${JSON.stringify({ p: 'alone' })}\n`,
    );
    await config().update('pairColumn', 'h', vscode.ConfigurationTarget.Global);
    const jsonlDoc = await vscode.workspace.openTextDocument(jsonlFile);
    await vscode.window.showTextDocument(jsonlDoc, { viewColumn: vscode.ViewColumn.One });
    const j = (await vscode.commands.executeCommand('causalLens.explainFile', {
      uri: jsonlDoc.uri.toString(),
      field: 'p',
      writeResults: false,
    })) as Outcome<FileRun>;
    assert.equal(j.status, 'done', JSON.stringify(j).slice(0, 300));
    const jr = (j as { value: FileRun }).value;
    assert.deepEqual(
      jr.malformed.map((m) => [m.lineNumber, m.reason]),
      [[2, 'no pair field "h"']],
    );
    assert.equal(jr.records[0].pair, LINES.hypothesis);
    // the record's explanation is the same as Explain Causally's on the same pair
    assert.ok(pairSets, 'the two-selection pair ran first');
    assert.deepEqual(
      (jr.records[0].explanation as { index: number }[][]).map((s) => s.map((t) => t.index)),
      pairSets,
    );
    await config().update('pairColumn', undefined, vscode.ConfigurationTarget.Global);
  });
});
