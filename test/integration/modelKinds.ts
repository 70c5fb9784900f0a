// What the model-kind suites (suite/modelKinds*.test.ts) share: issue 16's tiny random-weight models
// built in code and loaded through causalLens.model, the lines of kinds.txt they explain, and the checks:
// every highlight against the document's characters, the status bar and panel against the explained
// output, every explanation set against the model itself (replacing it flips the explained output).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi, DecorationInfo } from '../../src/extension/extension';
import type { LastRun } from '../../src/extension/services';
import type { Outcome } from '../../src/extension/runner';
import type { ResultMessage } from '../../src/protocol';
import { writeTinyBertFolder, type TinyFolderOptions } from '../support/tinyBert';
import { waitFor, ws } from './support';
import { extensionApi } from './workbench';

export const EMOTIONS = ['anger', 'joy', 'sadness', 'fear', 'surprise'];

/** The lines of kinds.txt, by what each is explained with. */
export const LINES = {
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
export const ROW = Object.fromEntries(Object.keys(LINES).map((k, i) => [k, i])) as Record<keyof typeof LINES, number>;

export const argmax = (xs: number[]) => xs.reduce((b, x, i) => (x > xs[b] ? i : b), 0);
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const done = (out: Outcome<LastRun>): LastRun => {
  assert.equal(out.status, 'done', JSON.stringify(out));
  return (out as { value: LastRun }).value;
};
export const errorOf = (out: Outcome<unknown>): string => {
  assert.equal(out.status, 'error', JSON.stringify(out).slice(0, 300));
  return (out as { message: string }).message;
};

/**
 * The six tiny models (built into the test workspace), the kinds.txt document, and the checks every
 * model-kind suite makes. Call setUp in the suite's before hook and tearDown in its after hook.
 */
export function modelKindsFixture() {
  let api: CausalLensApi;
  let doc: vscode.TextDocument;
  const models: Record<string, string> = {};
  const config = () => vscode.workspace.getConfiguration('causalLens');

  async function setUp(): Promise<void> {
    api = await extensionApi();
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
  }

  async function tearDown(): Promise<void> {
    await config().update('model', '', vscode.ConfigurationTarget.Global);
    await config().update('searchSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pairColumn', undefined, vscode.ConfigurationTarget.Global);
  }

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
    api.getPanelMessages(from).filter((m): m is ResultMessage => m.type === 'result');
  const panelResult = async (from: number, what: string) =>
    waitFor(`the panel to receive ${what}`, () => newResults(from).at(-1));

  return {
    get api() {
      return api;
    },
    get doc() {
      return doc;
    },
    config,
    setUp,
    tearDown,
    useModel,
    select,
    wholeLine,
    checkHighlights,
    checkSetsFlip,
    assertStatus,
    panelResult,
  };
}
