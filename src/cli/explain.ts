// `causal-lens explain "TEXT"`: the whole pipeline on one text, printed for people or as one JSON object.
import { edgeText } from '../engine';
import { loadModel } from '../model';
import { DEFAULT_MAX_TESTS, DEFAULT_TIME_BUDGET_MS, explainText, type ExplainResult } from '../pipeline';
import { partialText } from '../pipeline/searchText';
import { resolveModelSpec } from '../pipeline/modelChoice';
import { numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import type { CliCommand } from './commands';
import { readInputText } from './input';
import { processIo, type CliIo } from './eval';
import { DATASET_OPTIONS, runExplainDataset, type DatasetRunDeps } from './explainDataset';
import { ciTestOption } from './pag';
import { budgetNumbers } from './pagBudget';

const USAGE = `usage: causal-lens explain "TEXT" [options]     (TEXT "-" reads standard input)
       causal-lens explain --file DATA [--column C | --field F] [--pair-column C | --pair-field F] [--out OUT.jsonl] [options]

Runs the model on TEXT, learns a PAG over its tokens from one layer's attention and prints the
CLEANN explanation of the prediction: the smallest token sets whose removal ([PAD]) flips the label.

options:
  --model ID|PATH     hub id or model folder (default: the shipped models/causal-lens-imdb/)
  --offline           read hub ids from the local cache only
  --layer L|deepest   attention layer, 0 = first (default: deepest)
  --head H|mean|each  attention head, the mean over heads, or each (default): one PAG per head,
                      explanations over all of them, each tagged with its head(s)
  --samples N         Fisher-z sample size (default: the model's hidden size)
  --alpha A           CI-test threshold (default 0.01)
  --ci-test NAME      conditional-independence test (default fisher-z; see causal-lens pag --help)
  --max-r R           stop ICD after conditioning sets of size R (default: until it converges)
  --max-ci-tests N    ICD's CI-test budget (default n(n − 1)²/2 + 5,000,000 for n tokens); when it runs out the
                      last completed round's PAG is used, with a warning
  --icd-time-limit S  stop ICD after S seconds, likewise (default: none)
  --max-tokens N      truncate longer texts (default: the model's maximum length)
  --max-set-size K    largest explanation tried (default: no cap; sizes 1, 2, 3, … until the budget is spent)
  --max-tests N       most model runs of the explanation search (default ${DEFAULT_MAX_TESTS})
  --time-budget S     most seconds of the explanation search (default ${DEFAULT_TIME_BUDGET_MS / 1000})
  --exact-only        the reference's smallest-first search only (default: when it spends half the
                      budget without an explanation, the other half grows one set greedily and prunes
                      it to an irreducible explanation, reported as such)
  --specials-in-graph learn the PAG over [SEP]/[PAD] too (default: without them, as the reference's
                      nodes_set; [CLS] is always kept)
  --replacement pad|mask  the token a tested set is replaced with (default pad, the reference's tester)
  --label L           multi-label models: the label to explain, by name or index (default: the
                      highest-scoring); the flip is its sigmoid crossing 0.5
  --pair TEXT2        a sentence pair (NLI premise TEXT + hypothesis TEXT2, paraphrase…): tokens of
                      both texts, token types set; ranges of TEXT2's tokens index into TEXT2
  --mask WORD         masked-LM models (*ForMaskedLM): the word of TEXT to predict (its first
                      occurrence) is masked; the explanation is of the predicted token
  --no-baselines      skip the raw-attention and rollout baselines
  --json              print one JSON object

dataset mode (one JSON line per good row, in file order; malformed rows on stderr by line):
  --file DATA         a .txt (one text per line), .csv, .tsv or .jsonl file; "-": standard input lines
  --column C          .csv/.tsv: the text column, by header name or 0-based index (default: the column
                      named text, sentence, content, review, body or document)
  --field F           .jsonl: the text field (default: as --column)
  --pair-column C     .csv/.tsv sentence pairs: the column with each row's second text (NLI hypothesis…);
                      its tokens are marked "segment": 1 and their ranges index into it ("pair")
  --pair-field F      .jsonl sentence pairs: the field with each row's second text
  --out OUT.jsonl     write the lines there (default: standard output); "{shard}" in the name becomes
                      the shard index. An existing file is never replaced without --force, the
                      dataset never, and OUT appears only when the run completes
  --force             replace an existing --out
  --workers N         rows explained in parallel, each worker thread with its own model session
                      (default: all cores)
  --shard i/N         only records i, i+N, i+2N, … (0 ≤ i < N); auto/N takes i from
                      JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array;
                      auto alone also takes N from SLURM_ARRAY_TASK_COUNT). Join with causal-lens merge`;

const SPEC = {
  model: {},
  offline: { flag: true },
  layer: {},
  head: {},
  samples: {},
  alpha: {},
  'ci-test': {},
  'max-r': {},
  'max-ci-tests': {},
  'icd-time-limit': {},
  'max-tokens': {},
  'max-set-size': {},
  'max-tests': {},
  'time-budget': {},
  'exact-only': { flag: true },
  'specials-in-graph': { flag: true },
  replacement: {},
  'no-baselines': { flag: true },
  json: { flag: true },
  label: {},
  pair: {},
  mask: {},
  ...DATASET_OPTIONS,
};

function choice(v: string | undefined, word: string, name: string): number | undefined | string {
  if (v === undefined || v === word) return v;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a non-negative integer or "${word}", got ${JSON.stringify(v)}`);
  return n;
}

/** --label: an index when it is a non-negative integer, else a label name. */
function labelOption(v: string | undefined): string | number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : v;
}

function tokenLabel(r: ExplainResult, i: number): string {
  const t = r.tokens[i];
  return `${i}:${t.text}`;
}

function describeSet(r: ExplainResult, text: string, set: number[], pair?: string): string {
  return set
    .map((i) => {
      const t = r.tokens[i];
      const second = t.segment === 1 && pair !== undefined;
      return `#${i} ${JSON.stringify((second ? pair : text).slice(t.start, t.end))} ${second ? 'pair' : ''}[${t.start},${t.end})`;
    })
    .join(', ');
}

/** The first whole-word occurrence of `word` in `text` as a character range. */
export function maskRangeOf(text: string, word: string): [number, number] {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').exec(text);
  if (!m) throw new UsageError(`--mask ${JSON.stringify(word)}: the word is not in the text`);
  return [m.index, m.index + word.length];
}

export function formatExplanation(r: ExplainResult, text: string, onnxFile?: string, pair?: string): string {
  const ms = (x: number) => x.toFixed(1);
  const lines: string[] = [];
  lines.push(`model        ${r.model}${onnxFile ? ` (${onnxFile})` : ''}`);
  lines.push(`prediction   ${r.prediction.label} (score ${r.prediction.score.toFixed(4)})`);
  if (r.explained) {
    const e = r.explained;
    const what =
      e.kind === 'masked-token'
        ? `the token predicted at #${e.token}`
        : e.kind === 'multi-label'
          ? 'label (multi-label, sigmoid)'
          : 'class (single-label)';
    lines.push(`explained    ${what} ${JSON.stringify(e.label)} (${e.score.toFixed(4)}); flip = ${e.flip}`);
  }
  const seg = (t: ExplainResult['tokens'][number]) => (t.segment === 1 ? 'pair' : '');
  lines.push(
    `tokens       ${r.tokens.map((t, i) => (t.special ? `${i}:${t.text}` : `${i}:${t.text}${seg(t)}[${t.start},${t.end})`)).join(' ')}`,
  );
  lines.push(
    `attention    layer ${r.layer}, head ${r.head}; samples ${r.samples}, alpha ${r.alpha}${r.ciTest ? `, CI test ${r.ciTest}` : ''}`,
  );
  lines.push(
    `PAG          ${r.pag.n} nodes, ${r.pag.edges.length} edges, ${r.pag.iterations} iterations, ${r.ciTests} CI tests${r.converged ? '' : [r.pag, ...(r.headPags ?? []).map((h) => h.pag)].some((g) => g.truncated) ? " (ICD's budget ran out: see the warning)" : ' (stopped by --max-r)'}`,
  );
  for (const e of r.pag.edges) lines.push(`               ${edgeText(e, (i) => tokenLabel(r, i))}`);
  const ex = r.explanation;
  lines.push(
    `explanation  CLEANN for ${tokenLabel(r, ex.target)}: ${ex.candidates.length} candidates, ${ex.testsRun} tests (${ex.kind})`,
  );
  lines.push(`               ${r.search.summary}`);
  const heads = (origins: number[]) =>
    r.head === 'each' ? ` (head ${origins.map((o) => r.sources[o]).join(', ')})` : '';
  ex.sets.forEach((s, i) => lines.push(`               {${describeSet(r, text, s, pair)}}${heads(ex.origins[i])}`));
  const partial = partialText(ex, r.prediction.label, r.prediction.score, (i) =>
    JSON.stringify(r.tokens[i]?.text ?? i),
  );
  if (partial && ex.best) lines.push(`               ${partial}${heads(ex.best.origins)}`);
  if (r.baselines) {
    for (const [name, b] of [
      ['raw attention', r.baselines.rawAttention],
      ['rollout', r.baselines.rollout],
    ] as const) {
      lines.push(
        `baseline     ${name}: ${b.set ? `size ${b.size} {${describeSet(r, text, b.set, pair)}}` : `no flip within ${b.testsRun} tokens`}`,
      );
    }
  }
  const t = r.timings;
  lines.push(
    `timings ms   model ${ms(t.model)}, correlation ${ms(t.correlation)}, pag ${ms(t.pag)}, explanation ${ms(t.explanation)}, baselines ${ms(t.baselines)}, total ${ms(t.total)}`,
  );
  return lines.join('\n');
}

/** --max-ci-tests N and --icd-time-limit S: ICD's budget (--max-tests is the explanation search's). */
function icdBudget(p: ParsedArgs): { icdMaxTests: number | undefined; icdTimeLimitMs: number | undefined } {
  const b = budgetNumbers(p, { maxTests: 'max-ci-tests', timeLimit: 'icd-time-limit' });
  return { icdMaxTests: b.maxTests, icdTimeLimitMs: b.timeLimitMs };
}

export async function runExplain(argv: string[], io: CliIo = processIo, deps: DatasetRunDeps = {}): Promise<number> {
  const p = parseArgs(argv, SPEC);
  const dataset = p.options.file !== undefined;
  const stray = Object.keys(DATASET_OPTIONS).find((o) => p.options[o] !== undefined);
  if (!dataset && stray) throw new UsageError(`--${stray} is for dataset mode: add --file DATA`);
  if (!dataset && p.positionals.length === 0)
    throw new UsageError('explain needs a TEXT argument (or "-" for standard input, or --file DATA)');
  const text = dataset
    ? ''
    : p.positionals.length === 1 && p.positionals[0] === '-'
      ? readInputText('-')
      : p.positionals.join(' ');
  if (!dataset && !text.trim()) throw new UsageError('the text is empty');
  const layer = choice(stringOption(p, 'layer'), 'deepest', 'layer') as number | 'deepest' | undefined;
  const headRaw = stringOption(p, 'head');
  // defaults from results/search.md: one PAG per head, special tokens out of the graph
  const head =
    headRaw === undefined || headRaw === 'each'
      ? ('each' as const)
      : (choice(headRaw, 'mean', 'head') as number | 'mean');
  const replacement = stringOption(p, 'replacement');
  if (replacement !== undefined && replacement !== 'pad' && replacement !== 'mask')
    throw new UsageError(`--replacement must be pad or mask, got ${JSON.stringify(replacement)}`);
  const opts = {
    layer,
    head,
    samples: p.options.samples === undefined ? undefined : numberOption(p, 'samples', 0, 4),
    alpha: p.options.alpha === undefined ? undefined : numberOption(p, 'alpha', 0.01, Number.MIN_VALUE, 0.999999),
    ciTest: ciTestOption(p),
    maxR: p.options['max-r'] === undefined ? undefined : numberOption(p, 'max-r', 0, 0, 1000, true),
    ...icdBudget(p),
    maxTokens: p.options['max-tokens'] === undefined ? undefined : numberOption(p, 'max-tokens', 0, 3, 100000, true),
    maxSetSize: p.options['max-set-size'] === undefined ? undefined : numberOption(p, 'max-set-size', 0, 1, 1000, true),
    maxTests: numberOption(p, 'max-tests', DEFAULT_MAX_TESTS, 1, 1e9, true),
    timeBudgetMs: 1000 * numberOption(p, 'time-budget', DEFAULT_TIME_BUDGET_MS / 1000, 0.001, 86400),
    fallback: p.options['exact-only'] ? ('none' as const) : ('greedy' as const),
    specialsInGraph: Boolean(p.options['specials-in-graph']),
    replacement: replacement as 'pad' | 'mask' | undefined,
    baselines: !p.options['no-baselines'],
    label: labelOption(stringOption(p, 'label')),
  };
  const pair = stringOption(p, 'pair');
  const maskWord = stringOption(p, 'mask');
  if (dataset && pair !== undefined)
    throw new UsageError(
      '--pair explains one text; in dataset mode the second texts come from a column: --pair-column C (.csv/.tsv) or --pair-field F (.jsonl)',
    );
  if (dataset && maskWord !== undefined)
    throw new UsageError("--mask explains one text; dataset mode explains classifiers' predictions");
  // --json is accepted and changes nothing: dataset mode always writes JSON lines.
  if (dataset) {
    return runExplainDataset(p, opts, resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)), io, deps);
  }
  const model = await loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
  try {
    if (typeof layer === 'number' && layer >= model.config.numLayers)
      throw new UsageError(`--layer ${layer}: the model has layers 0–${model.config.numLayers - 1}`);
    if (typeof head === 'number' && head >= model.config.numHeads)
      throw new UsageError(`--head ${head}: the model has heads 0–${model.config.numHeads - 1}`);
    if (model.config.task === 'masked-lm' && maskWord === undefined)
      throw new UsageError(`model "${model.id}" predicts masked tokens: say which word with --mask WORD`);
    if (model.config.task !== 'masked-lm' && maskWord !== undefined)
      throw new UsageError(`--mask is for masked-LM models; "${model.id}" is a classifier`);
    const maskRange = maskWord === undefined ? undefined : maskRangeOf(text, maskWord);
    const result = await explainText(model, text, { ...opts, pair, maskRange });
    for (const w of result.warnings) io.err(`causal-lens: warning: ${w}\n`);
    io.out(`${p.options.json ? JSON.stringify(result) : formatExplanation(result, text, model.onnxFile, pair)}\n`);
    return 0;
  } finally {
    await model.dispose();
  }
}

export const explainCommand: CliCommand = {
  summary: 'explain a model prediction on a text, or on every row of a dataset (--file) (PAG + CLEANN)',
  usage: USAGE,
  run: (argv) => runExplain(argv),
};
