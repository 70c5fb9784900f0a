// Issue 16's model kinds in a real VS Code: a RoBERTa (byte-level BPE) and an XLM-R (Unigram)
// classifier, a multi-class and a multi-label head, sentence pairs (two selections, a typed second
// text, a tab-separated line, a CSV/JSONL file) and a masked LM — each a tiny random-weight model
// built here in code, loaded through causalLens.model. Every highlight is checked against the
// document's characters, the status bar and panel against the explained output, and every
// explanation set against the model itself (replacing it flips the explained output).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi, DecorationInfo } from '../../../src/extension/extension';
import type { FileRun, LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import type { ResultMessage } from '../../../src/protocol';
import { writeTinyBertFolder, type TinyFolderOptions } from '../../support/tinyBert';
import { pieceAsWord } from '../../../src/shared/explainedText';
import { EXT_ID, waitFor, ws } from '../support';

const EMOTIONS = ['anger', 'joy', 'sadness', 'fear', 'surprise'];

/** The lines of kinds.txt, by what each is explained with. */
const LINES = {
  roberta: 'The plot was thin, but the acting was wonderful café 😀.',
  xlmr: 'Le film était wonderful, cafe\u0301 中文 but the plot was thin',
  multiClass: 'I love this movie, it was great and very good',
  multiLabel: 'the acting was terrible but the film was great',
  premise: 'the movie was good',
  hypothesis: 'the film was not bad',
  tabbed: 'the movie was good\tthe film was not bad',
  masked: 'the plot was thin but the acting was wonderful',
  alone: 'wonderful',
};
const ROW = Object.fromEntries(Object.keys(LINES).map((k, i) => [k, i])) as Record<keyof typeof LINES, number>;

const argmax = (xs: number[]) => xs.reduce((b, x, i) => (x > xs[b] ? i : b), 0);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const done = (out: Outcome<LastRun>): LastRun => {
  assert.equal(out.status, 'done', JSON.stringify(out));
  return (out as { value: LastRun }).value;
};
const errorOf = (out: Outcome<unknown>): string => {
  assert.equal(out.status, 'error', JSON.stringify(out).slice(0, 300));
  return (out as { message: string }).message;
};

describe('Causal Lens on RoBERTa, XLM-R, multi-class, multi-label, sentence-pair and masked-LM models', function () {
  let api: CausalLensApi;
  let doc: vscode.TextDocument;
  const models: Record<string, string> = {};
  /** The premise/hypothesis pair's explanation sets (Explain Causally on two selections). */
  let pairSets: number[][] | null = null;
  const config = () => vscode.workspace.getConfiguration('causalLens');

  before(async function () {
    const ext = vscode.extensions.getExtension<CausalLensApi>(EXT_ID);
    assert.ok(ext);
    api = ext.isActive ? ext.exports : await ext.activate();
    // The seeds are ones whose tiny models have an explanation for their text (see test/unit/pipeline/modelKinds.test.ts).
    const base: TinyFolderOptions = { files: ['fp32'], hidden: 32, layers: 2, heads: 2 };
    const kinds: Record<string, TinyFolderOptions> = {
      roberta: { tokenizer: 'bpe', seed: 8 },
      xlmr: { tokenizer: 'unigram', seed: 5 },
      multiClass: { tokenizer: 'bpe', labels: EMOTIONS, seed: 11 },
      multiLabel: {
        tokenizer: 'unigram',
        labels: EMOTIONS,
        seed: 13,
        config: { problem_type: 'multi_label_classification' },
      },
      pair: { seed: 1 },
      mlm: { head: 'mlm', seed: 1 },
    };
    for (const [k, o] of Object.entries(kinds))
      models[k] = writeTinyBertFolder(path.join(ws(), 'tiny-models', k), { ...base, ...o });
    mkdirSync(path.join(ws(), 'kinds'), { recursive: true });
    const file = path.join(ws(), 'kinds', 'kinds.txt');
    writeFileSync(file, `${Object.values(LINES).join('\n')}\n`);
    doc = await vscode.workspace.openTextDocument(file);
    // Budgets in model runs only, so that the machine's load never cuts a search short.
    await config().update('searchSeconds', 600, vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await config().update('model', '', vscode.ConfigurationTarget.Global);
    await config().update('searchSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pairColumn', undefined, vscode.ConfigurationTarget.Global);
  });

  async function useModel(kind: string): Promise<void> {
    await config().update('model', models[kind], vscode.ConfigurationTarget.Global);
  }

  async function select(...ranges: [number, number, number, number][]): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    editor.selections = ranges.map(([l0, c0, l1, c1]) => new vscode.Selection(l0, c0, l1, c1));
    return editor;
  }
  const wholeLine = (row: number): [number, number, number, number] => [row, 0, row, doc.lineAt(row).text.length];

  /** The highlights of `last`, each on exactly its token's characters of the document. */
  function checkHighlights(editor: vscode.TextEditor, last: LastRun): DecorationInfo[] {
    const decos = api.getDecorationRanges(editor);
    assert.ok(decos.length > 0, 'the explanation is highlighted');
    for (const d of decos) {
      assert.equal(d.start[0], d.end[0], 'one line per token');
      assert.equal(d.text, d.expected, `highlight ${d.tokenIndex} shows its token's characters`);
      assert.ok(d.text.length > 0 && !/^\s|\s$/.test(d.text), `no spaces in a highlight: ${JSON.stringify(d.text)}`);
    }
    const explained = new Set(last.result.explanation.sets.flat());
    assert.deepEqual(
      decos
        .filter((d) => d.role === 'explanation')
        .map((d) => d.tokenIndex)
        .sort((a, b) => a - b),
      [...explained]
        .filter((i) => !last.result.tokens[i].special && last.result.tokens[i].end > last.result.tokens[i].start)
        .sort((a, b) => a - b),
    );
    return decos;
  }

  /** Every explanation set flips the explained output when replaced by the pad token (checked on the model). */
  async function checkSetsFlip(last: LastRun): Promise<void> {
    const { run, model, result: r } = last;
    assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
    for (const set of r.explanation.sets) {
      const ids = run.inputIds.map((id, i) => (set.includes(i) ? model.padTokenId : id));
      const after = await model.runIds(ids, { typeIds: run.typeIds, position: run.target });
      if (r.explained?.kind === 'multi-label') {
        const k = r.explained.labelIndex;
        assert.notEqual(
          after.logits[k] >= 0,
          run.prediction.logits[k] >= 0,
          `set ${set} does not move "${r.explained.label}" across 0.5`,
        );
      } else
        assert.notEqual(argmax(after.logits), run.prediction.labelIndex, `set ${set} does not change the prediction`);
    }
  }

  /** The status bar names `what` first, then its probability (formatted by the status bar: 0.83, 83%, …). */
  const assertStatus = (what: string) => {
    const text = api.getStatusText();
    assert.ok(
      text.startsWith(`$(symbol-event) ${what} `) && /\d/.test(text.slice(`$(symbol-event) ${what} `.length)),
      `status bar: ${text}, expected ${what} and a score`,
    );
  };
  const newResults = (from: number) =>
    api
      .getPanelMessages()
      .slice(from)
      .filter((m): m is ResultMessage => m.type === 'result');
  const panelResult = async (from: number, what: string) =>
    waitFor(`the panel to receive ${what}`, () => newResults(from).at(-1));

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
      const before = api.getPanelMessages().length;
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
      const before = api.getPanelMessages().length;
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

  it('sentence pair from two selections (multi-cursor): tokens of both texts highlighted in place, token types fed, panel text spans both', async () => {
    await useModel('pair');
    const editor = await select(wholeLine(ROW.hypothesis), wholeLine(ROW.premise)); // any order: the first in the document is text A
    const before = api.getPanelMessages().length;
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

  it('Explain Masked Prediction: the selected word (or the word under the cursor) is masked and its prediction explained, highlighted like Explain Causally', async () => {
    await useModel('mlm');
    const row = ROW.masked;
    const at = LINES.masked.indexOf('wonderful');
    const editor = await select([row, at, row, at + 'wonderful'.length]);
    const before = api.getPanelMessages().length;
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
