// `causal-lens merge results-*.jsonl`: joins the outputs of `explain --file --shard i/N` into one
// file in row order (by each record's "line"), the lines copied byte for byte. Streaming: one line
// per input is held at a time. Overlapping shards (the same line twice) and files that are not
// explain --file output are errors, so a wrong glob never yields a silently wrong merge.
import { createReadStream } from 'node:fs';
import { OversizedLine, readLines } from '../datasets/lines';
import { parseArgs, stringOption, UsageError } from './args';
import type { CliCommand } from './commands';
import { processIo, type CliIo } from './eval';
import { openResultsSink } from './resultsSink';

const USAGE = `usage: causal-lens merge FILE... [--out OUT.jsonl] [--force]

Joins the JSON-lines outputs of "causal-lens explain --file … --shard i/N" into one, in the
dataset's row order (each record's "line"). The same line in two files is an error (overlapping
shards).

options:
  --out OUT.jsonl     write there (default: standard output); an existing file is replaced only
                      with --force, an input never
  --force             replace an existing --out`;

const SPEC = { out: {}, force: { flag: true } };

interface Head {
  file: string;
  lineNo: number;
  line: number;
  text: string;
}

async function* records(file: string): AsyncGenerator<Head> {
  let lineNo = 0,
    last = -Infinity;
  let stream;
  try {
    stream = createReadStream(file);
    for await (const text of readLines(stream)) {
      lineNo++;
      if (text instanceof OversizedLine) throw new Error(`${file}:${lineNo}: ${text.reason}`);
      if (text.trim() === '') continue;
      let line: unknown;
      try {
        line = (JSON.parse(text) as { line?: unknown }).line;
      } catch {
        line = undefined;
      }
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1)
        throw new Error(`${file}:${lineNo}: not a causal-lens explain --file record (no "line" number)`);
      if (line <= last)
        throw new Error(`${file}:${lineNo}: line ${line} after line ${last}: the file is not in row order`);
      last = line;
      yield { file, lineNo, line, text };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code ? new Error(`cannot read ${file}: ${code}`) : e;
  }
}

export async function runMerge(argv: string[], io: CliIo = processIo): Promise<number> {
  const p = parseArgs(argv, SPEC);
  const files = p.positionals;
  if (!files.length) throw new UsageError('merge needs the shard files (e.g. results-*.jsonl)');
  if (new Set(files).size !== files.length) throw new UsageError('merge: a file is named twice');
  const sink = await openResultsSink(stringOption(p, 'out'), {
    force: Boolean(p.options.force),
    inputs: files,
    stdout: io.out,
  });
  try {
    const gens = files.map(records);
    const heads = await Promise.all(gens.map(async (g) => (await g.next()).value ?? null));
    let n = 0;
    for (;;) {
      let k = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (!h) continue;
        if (k >= 0 && h.line === heads[k]!.line)
          throw new Error(`line ${h.line} is in both ${heads[k]!.file} and ${h.file}: overlapping shards`);
        if (k < 0 || h.line < heads[k]!.line) k = i;
      }
      if (k < 0) break;
      await sink.write(`${heads[k]!.text}\n`);
      n++;
      heads[k] = (await gens[k].next()).value ?? null;
    }
    await sink.commit();
    io.err(`${n} record(s) from ${files.length} file(s)${sink.path ? ` → ${sink.path}` : ''}\n`);
    return 0;
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

export const mergeCommand: CliCommand = {
  summary: 'join the shard outputs of explain --file --shard into one file in row order',
  usage: USAGE,
  run: (argv) => runMerge(argv),
};
