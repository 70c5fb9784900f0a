// Explain File in a real VS Code: CSV, JSONL with a malformed row, .txt, and a cancel mid-file — every
// row highlighted on its own characters, the file untouched, results written only on request.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { FileRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import { ws } from '../support';
import { extensionApi, openAt } from '../workbench';

describe('Causal Lens in a real VS Code: Explain File', function () {
  let api: CausalLensApi;

  before(async function () {
    api = await extensionApi();
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
});
