// Causal Lens: Explain File — every row of an open .txt / .csv / .jsonl, streamed: progress and
// cancel, each row's explanation highlighted inline, malformed rows listed with their line numbers,
// a summary (labels, mean explanation size, slowest rows), and results written as JSONL next to the
// file only when the user asks. The dataset itself is only ever read.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as vscode from 'vscode';
import {
  BINARY_SAMPLE_BYTES,
  csvHeader,
  tsvHeader,
  formatOf,
  jsonlStringFields,
  looksBinary,
  readDataset,
  resultsPathFor,
  summarize,
  summaryMarkdown,
  writeResults,
  type DatasetFormat,
  type DatasetRow,
  type DatasetSource,
  type MalformedRow,
  type RowLocation,
  type RowResult,
} from '../../datasets/index';
import type { ExplainResultPayload, FileRowPayload, FileSummaryMessage } from '../../protocol';
import { requireClassifier } from '../modelKinds';
import { preview } from '../log';
import { toPayload } from '../payload';
import { engineParams, type Outcome } from '../runner';
import type { FileRun, Services } from '../services';

export interface ExplainFileArgs {
  /** The dataset to explain (a file URI string); default: the active editor's document. */
  uri?: string;
  /** CSV column (header name or 0-based index); skips the quick pick. */
  column?: string;
  /** JSONL field; skips the quick pick. */
  field?: string;
  /** Sentence pairs: the CSV/TSV column or JSONL field with each row's second text (default: the causalLens.pairColumn setting). */
  pairColumn?: string;
  /** true: write results without asking (still never overwrites unless `overwrite`); false: do not offer. */
  writeResults?: boolean;
  overwrite?: boolean;
}

export const SUMMARY_SCHEME = 'causal-lens-summary';

/** A cancelled file run still reports the rows finished before the cancel. */
export type FileOutcome = Outcome<FileRun> | { status: 'cancelled'; value: FileRun };

export async function explainFile(
  s: Services,
  showSummary: (name: string, markdown: string) => Promise<void>,
  args: ExplainFileArgs = {},
): Promise<FileOutcome> {
  const doc = args.uri
    ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri))
    : vscode.window.activeTextEditor?.document;
  const fail = (message: string): Outcome<FileRun> => {
    void vscode.window.showErrorMessage(`Causal Lens: ${message}`);
    return { status: 'error', message };
  };
  if (!doc) return fail('open a .txt, .csv or .jsonl file first.');
  const format =
    formatOf(doc.fileName) ??
    (doc.languageId === 'jsonl'
      ? 'jsonl'
      : doc.languageId === 'csv'
        ? 'csv'
        : doc.languageId === 'plaintext'
          ? 'txt'
          : null);
  if (!format)
    return fail(
      `Explain File works on .txt (one text per line), .csv, .tsv and .jsonl files; ${shortName(doc)} is none of these.`,
    );
  if (await isBinary(doc)) return fail(`${shortName(doc)} looks like a binary file, not text.`);

  const source = (): DatasetSource =>
    doc.uri.scheme === 'file' && !doc.isDirty ? createReadStream(doc.uri.fsPath) : Readable.from([doc.getText()]);
  const choice = await chooseField(format, source, args);
  if (typeof choice !== 'object') return choice === null ? { status: 'cancelled' } : fail(choice);
  const pairName =
    format === 'txt'
      ? undefined
      : (args.pairColumn ??
        (vscode.workspace.getConfiguration('causalLens').get<string>('pairColumn', '').trim() || undefined));
  const pairChoice =
    pairName === undefined ? {} : format === 'jsonl' ? { pairField: pairName } : { pairColumn: pairName };

  const results: RowResult[] = [];
  const panelRows: FileRowPayload[] = [];
  const records: Record<string, unknown>[] = [];
  const malformed: MalformedRow[] = [];
  const docVersion = doc.version;
  const lines = Math.max(1, doc.lineCount);
  s.highlights.clear(doc);
  const name = shortName(doc);

  const outcome = await s.runner.run(`Explain File ${name}`, async (ctx) => {
    ctx.stage('loading model', 0);
    const model = await s.runner.models.get(ctx.settings);
    requireClassifier(model, 'Explain File');
    const params = engineParams(ctx.settings);
    for await (const item of readDataset(source(), { format, ...choice, ...pairChoice })) {
      if (ctx.signal.aborted) break;
      if (item.kind === 'malformed') {
        malformed.push(item.malformed);
        s.log.info(`${name}:${item.malformed.lineNumber}: skipped malformed row: ${item.malformed.reason}`);
        continue;
      }
      const row = item.row;
      ctx.stage(`row ${row.index + 1} (line ${row.lineNumber})`, row.lineNumber / lines);
      const t0 = performance.now();
      const run = await model.run(row.text, { maxTokens: ctx.settings.maxTokens, pair: row.pair?.text });
      const modelMs = performance.now() - t0;
      const r = await s.runner.engine(ctx, model, run, params, { baselines: false, modelMs, quiet: true });
      const totalMs = performance.now() - t0;
      const first = r.explanation.sets[0] ?? null;
      results.push({
        lineNumber: row.lineNumber,
        label: r.prediction.label,
        score: r.prediction.score,
        explanationSize: first ? first.length : null,
        explanation: (first ?? []).map((i) => r.tokens[i].text),
        totalMs,
      });
      panelRows.push({
        line: row.lineNumber,
        label: r.prediction.label,
        score: r.prediction.score,
        explanation: first ? first.map((i) => r.tokens[i].text) : null,
        ...(r.explanation.sets.length > 1 ? { alternatives: r.explanation.sets.length } : {}),
      });
      records.push({
        line: row.lineNumber,
        text: row.text,
        ...(row.pair ? { pair: row.pair.text } : {}),
        label: r.prediction.label,
        score: r.prediction.score,
        explanation: r.explanation.sets.map((set) =>
          set.map((i) => ({
            index: i,
            text: r.tokens[i].text,
            start: r.tokens[i].start,
            end: r.tokens[i].end,
            ...(r.tokens[i].segment === 1 ? { segment: 1 } : {}),
          })),
        ),
        candidates: r.explanation.candidates,
        layer: r.layer,
        head: r.head,
        pagEdges: r.pag.edges.length,
        truncated: run.truncated,
        timings: { ...r.timings, total: totalMs },
      });
      s.runner.logResult(`${name}:${row.lineNumber}`, row.text, r);
      // Each row's highlights are added whole, after its result is complete.
      if (doc.version === docVersion && !doc.isClosed && !ctx.signal.aborted) {
        for (const part of rowParts(toPayload(r, run), row))
          s.highlights.set(doc, part.payload, part.text, { kind: 'row', ...part.location }, { append: true });
      }
    }
    return results.length;
  });
  if (outcome.status === 'error') return outcome;

  const summary = summarize(name, results, malformed, { cancelled: outcome.status === 'cancelled' });
  const target = doc.uri.scheme === 'file' && records.length ? resultsPathFor(doc.uri.fsPath) : null;
  const panelSummary: FileSummaryMessage = {
    type: 'fileSummary',
    file: name,
    rows: panelRows,
    malformed: malformed.map((m) => ({ line: m.lineNumber, reason: m.reason })),
    labels: summary.labels.map((l) => ({ label: l.label, count: l.count })),
    cancelled: summary.cancelled,
    resultsPath: target,
    written: null,
  };
  const fileRun: FileRun = {
    file: doc.uri.fsPath || doc.uri.toString(),
    summary,
    malformed,
    records,
    resultsPath: null,
    uri: doc.uri.toString(),
    resultsTarget: target,
    panelSummary,
  };
  s.lastFile = fileRun;
  s.log.info(
    `${name}: ${results.length} row(s) explained, ${malformed.length} malformed (lines ${malformed.map((m) => m.lineNumber).join(', ') || 'none'})${summary.cancelled ? ', cancelled' : ''}`,
  );
  if (results.length) s.status.fileLabels(summary.labels, `${name}: ${results.length} rows explained`);
  await showSummary(
    name,
    summaryMarkdown(summary, { rowLink: (line) => doc.uri.with({ fragment: `L${line}` }).toString() }),
  );
  // The summary the user acts on: every row (click to reveal it) and "Write results", in the panel.
  s.panel.show();
  s.panel.post(panelSummary);
  if (malformed.length) {
    void vscode.window.showWarningMessage(
      `Causal Lens: ${malformed.length} malformed row(s) in ${name} skipped (line ${malformed
        .slice(0, 8)
        .map((m) => m.lineNumber)
        .join(', ')}${malformed.length > 8 ? ', …' : ''}); see the summary.`,
    );
  }
  if (target) {
    if (args.writeResults === true) await writeFileResults(s, args.overwrite === true);
    else if (args.writeResults === undefined) offerResults(s, fileRun, doc.uri.fsPath, target);
  }
  return { status: outcome.status === 'cancelled' ? 'cancelled' : 'done', value: fileRun };
}

/** Where a row's tokens are drawn: its text's tokens at its text, a pair's second-text tokens at that field. */
function rowParts(
  payload: ExplainResultPayload,
  row: DatasetRow,
): { payload: ExplainResultPayload; text: string; location: RowLocation }[] {
  const only = (segment: 0 | 1) => ({
    ...payload,
    tokens: payload.tokens.map((t) => ((t.segment ?? 0) === segment ? t : { ...t, end: t.start })),
  });
  const parts: { payload: ExplainResultPayload; text: string; location: RowLocation }[] = [];
  if (row.location) parts.push({ payload: row.pair ? only(0) : payload, text: row.text, location: row.location });
  if (row.pair?.location) parts.push({ payload: only(1), text: row.pair.text, location: row.pair.location });
  return parts;
}

function shortName(doc: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(doc.uri, false);
}

async function isBinary(doc: vscode.TextDocument): Promise<boolean> {
  if (doc.uri.scheme !== 'file') return doc.getText().includes('\u0000');
  const fh = await open(doc.uri.fsPath, 'r');
  try {
    const buf = Buffer.alloc(BINARY_SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return looksBinary(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** The CSV column / JSONL field to explain: from args, else a quick pick. null = the user dismissed it; a string = an error. */
async function chooseField(
  format: DatasetFormat,
  source: () => DatasetSource,
  args: ExplainFileArgs,
): Promise<{ column?: string; field?: string } | null | string> {
  if (format === 'txt') return {};
  if (format === 'csv' || format === 'tsv') {
    if (args.column !== undefined) return { column: args.column };
    const header = await (format === 'csv' ? csvHeader : tsvHeader)(source());
    if (!header.length) return `the ${format.toUpperCase()} file has no header row`;
    const guess = header.findIndex((h) => /^(text|review|sentence|content|body)$/i.test(h.trim()));
    const items = header.map((h, i) => ({
      label: h || `(column ${i})`,
      description: `column ${i}`,
      value: h || String(i),
    }));
    if (guess > 0) items.unshift(items.splice(guess, 1)[0]);
    const pick = await vscode.window.showQuickPick(items, { title: 'Causal Lens: which column holds the text?' });
    return pick ? { column: pick.value } : null;
  }
  if (args.field !== undefined) return { field: args.field };
  const fields = await jsonlStringFields(source());
  if (!fields.length) return 'no string field found in the first lines of the JSONL file';
  const pick = await vscode.window.showQuickPick(fields, { title: 'Causal Lens: which field holds the text?' });
  return pick ? { field: pick } : null;
}

async function saveResults(
  s: Services,
  dataset: string,
  target: string,
  records: Record<string, unknown>[],
  overwrite: boolean,
): Promise<string | null> {
  try {
    const n = await writeResults(target, records, { overwrite, datasetPath: dataset });
    s.log.info(`results: ${n} record(s) written to ${target}`);
    return target;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const ok = await vscode.window.showWarningMessage(`${target} exists. Overwrite it?`, { modal: true }, 'Overwrite');
    if (ok !== 'Overwrite') return null;
    return saveResults(s, dataset, target, records, true);
  }
}

/**
 * Writes the last file run's results next to its file (asks before replacing an existing results
 * file unless `overwrite`), then shows where in the panel's summary. The path, or null when not written.
 */
export async function writeFileResults(s: Services, overwrite = false): Promise<string | null> {
  const run = s.lastFile;
  if (!run?.resultsTarget || !run.records.length) return null;
  const dataset = run.uri ? vscode.Uri.parse(run.uri).fsPath : run.file;
  run.resultsPath = await saveResults(s, dataset, run.resultsTarget, run.records, overwrite);
  if (run.resultsPath && run.panelSummary) {
    run.panelSummary = { ...run.panelSummary, written: run.resultsPath };
    s.panel.post(run.panelSummary);
  }
  return run.resultsPath;
}

/** Reveals and selects a row's line (1-based) of the last explained file. */
export async function revealFileRow(s: Services, line: number): Promise<boolean> {
  const run = s.lastFile;
  if (!run?.uri) return false;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(run.uri));
  if (line < 1 || line > doc.lineCount) return false;
  const column = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
  const range = doc.lineAt(line - 1).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

/** A non-blocking offer (the panel's summary offers the same): results are written only if the user clicks. */
function offerResults(s: Services, fileRun: FileRun, dataset: string, target: string): void {
  const label = 'Write results (JSONL)';
  void vscode.window
    .showInformationMessage(
      `Causal Lens: ${fileRun.records.length} row(s) explained. Write the results next to the file as ${preview(target.split(/[\\/]/).pop() ?? target, 60)}?`,
      label,
    )
    .then(async (pick) => {
      if (pick !== label) return;
      try {
        fileRun.resultsPath =
          s.lastFile === fileRun
            ? await writeFileResults(s)
            : await saveResults(s, dataset, target, fileRun.records, false);
        if (fileRun.resultsPath)
          void vscode.window.showInformationMessage(`Causal Lens: results written to ${fileRun.resultsPath}.`);
      } catch (err) {
        void vscode.window.showErrorMessage(`Causal Lens: could not write results: ${(err as Error).message}`);
      }
    });
}
