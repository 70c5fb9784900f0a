// `causal-lens pag`: learn a PAG from a correlation matrix (or an attention matrix) in a JSON file.
import {
  attentionToCorrelation,
  averageHeads,
  ciTestDescriptions,
  ciTestNames,
  DEFAULT_ALPHA,
  DEFAULT_CI_TEST,
  DEFAULT_SAMPLES,
  edgeText,
  learnPag,
  MAX_PAG_NODES,
  type CiTestSpec,
  type IcdProgress,
  type LearnResult,
  type PagJson,
} from '../engine';
import { fisherBand } from '../engine/fisherBand';
import { numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import type { CliCommand } from './commands';
import { readInputText } from './input';
import {
  BUDGET_SPEC,
  BUDGET_USAGE,
  budgetFor,
  budgetNumbers,
  truncationPhrase,
  truncationWarning,
  type IcdBudgetNumbers,
} from './pagBudget';

export interface EngineCliIo {
  out(s: string): void;
  err?(s: string): void;
  /** stderr is a terminal: a progress line is drawn there while the PAG is learned. */
  isTTY?: boolean;
}
export const stdoutIo: EngineCliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
};

/**
 * learnPag options that draw "learning the PAG: ICD r = 2, 45% of pairs, 1,234,567 CI tests, 3 s" in place on
 * stderr (a terminal only, like the dataset progress bar: a log or a pipe gets no control characters), and
 * `done()` to erase it before the result is printed.
 */
export function pagProgress(io: EngineCliIo, n: number): { onProgress?: (p: IcdProgress) => void; done(): void } {
  if (!io.isTTY || !io.err) return { done: () => undefined };
  const err = io.err.bind(io);
  const start = performance.now();
  let drawn = false;
  return {
    onProgress: (p) => {
      drawn = true;
      const secs = ((performance.now() - start) / 1000).toFixed(0);
      err(
        `\r\x1b[2Klearning the PAG over ${n.toLocaleString('en-US')} nodes: ICD r = ${p.r}, ${Math.round(p.pairs * 100)}% of pairs, ${p.ciTests.toLocaleString('en-US')} CI tests, ${secs} s`,
      );
    },
    done: () => {
      if (drawn) err('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** A label as one printable line: control characters (ANSI escapes, newlines) shown as \u escapes,
 * so a crafted label cannot rewrite the terminal or fake output lines. */
export function printableLabel(label: string): string {
  return label.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Too few samples for the Fisher z tests to keep a dependence: the PAG comes out (nearly) empty. Fewer
 * samples than nodes alone is normal (the reference passes the hidden size: 192 for the shipped model,
 * whatever the text's length); the warning needs the marginal test to be weak too, i.e. a correlation
 * must exceed WEAK_TEST_R to count as a dependence.
 */
export function samplesWarning(samples: number, nodes: number, alpha = DEFAULT_ALPHA): string | null {
  // past the learner's size limit the refusal is the only message
  if (!(samples < nodes && nodes <= MAX_PAG_NODES)) return null;
  const { lo } = fisherBand(samples, alpha, 0);
  if (lo <= WEAK_TEST_R) return null;
  const needed = Number.isFinite(lo) && lo > 0 ? `|r| > ${lo.toFixed(2)}` : 'more than the data can show';
  return `causal-lens: warning: --samples ${samples} is below the number of nodes (${nodes}) and a correlation must reach ${needed} to count as a dependence: the independence tests are too weak to keep edges, so the PAG will have few or none (pass the model's hidden size)\n`;
}

/** Above this marginal |r| threshold the tests are too weak to be useful (samples ≈ 27 at alpha 0.01). */
const WEAK_TEST_R = 0.5;

/** The registered CI tests, one usage line each. */
export const CI_TEST_LINES = ciTestDescriptions()
  .map((t) => `                  ${t.name.padEnd(10)}  ${t.description}`)
  .join('\n');

/** --ci-test NAME as the engine's spec (undefined when absent: the default); an unknown name is a usage error. */
export function ciTestOption(p: ParsedArgs): CiTestSpec | undefined {
  const name = stringOption(p, 'ci-test');
  if (name === undefined) return undefined;
  if (!ciTestNames().includes(name))
    throw new UsageError(`--ci-test ${JSON.stringify(name)}: unknown CI test (known: ${ciTestNames().join(', ')})`);
  return { name };
}

const USAGE = `usage: causal-lens pag (--corr FILE | --attention FILE) [options]

Learns a PAG with ICD (partial-correlation tests, Fisher z by default) and prints it.
FILE ("-" = standard input) holds JSON: a square array of arrays, or {"corr": [[...]]} for --corr,
{"attention": [[...]]} for --attention (an array of heads [[[...]]] is averaged); an optional
"labels": ["tok", ...] names the nodes in the readable output.

options:
  --samples N   effective sample size of the CI test (default ${DEFAULT_SAMPLES}, BERT-base's hidden size;
                pass the model's hidden size)
  --alpha A     p-value threshold, independent when p > A (default ${DEFAULT_ALPHA})
  --ci-test NAME
                conditional-independence test (default ${DEFAULT_CI_TEST}):
${CI_TEST_LINES}
  --max-r R     stop after ICD iteration r = R (default: until ICD concludes)
${BUDGET_USAGE}
  --json        print {"n","edges":[{"a","b","markA","markB"}],"sepsets":[{"a","b","set"}],"iterations"}`;

export const ENGINE_SPEC = {
  corr: {},
  attention: {},
  samples: {},
  alpha: {},
  'ci-test': {},
  'max-r': {},
  ...BUDGET_SPEC,
  json: { flag: true },
};

export interface MatrixInput {
  corr: number[][];
  labels?: string[];
  source: 'corr' | 'attention';
}

function readJson(file: string): unknown {
  const text = readInputText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

const is2d = (x: unknown): x is number[][] =>
  Array.isArray(x) && x.length > 0 && x.every((r) => Array.isArray(r) && r.every((v) => !Array.isArray(v)));
const is3d = (x: unknown): x is number[][][] => Array.isArray(x) && x.length > 0 && x.every((h) => is2d(h));

/** The correlation matrix for --corr FILE or --attention FILE (exactly one of them). */
export function readMatrixInput(p: ParsedArgs): MatrixInput {
  const corrFile = stringOption(p, 'corr');
  const attFile = stringOption(p, 'attention');
  if ((corrFile === undefined) === (attFile === undefined))
    throw new UsageError('give exactly one of --corr FILE or --attention FILE');
  const file = (corrFile ?? attFile) as string;
  const json = readJson(file);
  const key = corrFile !== undefined ? 'corr' : 'attention';
  const obj =
    json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const m = obj ? obj[key] : json;
  let labels: string[] | undefined;
  if (obj && obj.labels !== undefined) {
    if (!Array.isArray(obj.labels) || !obj.labels.every((l) => typeof l === 'string'))
      throw new Error(`${file}: "labels" must be an array of strings`);
    labels = (obj.labels as string[]).map(printableLabel);
  }
  let corr: number[][];
  if (key === 'corr') {
    if (!is2d(m))
      throw new Error(`${file}: expected a square array of arrays${obj ? ' under "corr"' : ' or {"corr": [[...]]}'}`);
    corr = m;
  } else if (is3d(m)) {
    corr = attentionToCorrelation(averageHeads(m));
  } else if (is2d(m)) {
    corr = attentionToCorrelation(m);
  } else {
    throw new Error(
      `${file}: expected a square array of arrays${obj ? ' under "attention"' : ' or {"attention": [[...]]}'}`,
    );
  }
  if (labels && labels.length !== corr.length)
    throw new Error(`${file}: ${labels.length} labels for a ${corr.length}×${corr.length} matrix`);
  return { corr, labels, source: key };
}

export interface EngineNumbers {
  samples: number;
  alpha: number;
  ciTest?: CiTestSpec;
  maxR?: number;
  budget: IcdBudgetNumbers;
}

export function engineNumbers(p: ParsedArgs): EngineNumbers {
  const samples = numberOption(p, 'samples', DEFAULT_SAMPLES, 4, 1e15);
  const alpha = numberOption(p, 'alpha', DEFAULT_ALPHA, Number.MIN_VALUE, 0.999999);
  const maxR = p.options['max-r'] === undefined ? undefined : numberOption(p, 'max-r', 0, 0, 1000, true);
  const ciTest = ciTestOption(p);
  return { samples, alpha, ...(ciTest ? { ciTest } : {}), maxR, budget: budgetNumbers(p) };
}

/** "0 o-> 1" lines, with labels when there are any ("0:the o-> 1:movie"). */
export function pagLines(json: PagJson, labels?: string[]): string[] {
  const name = (i: number): string => (labels ? `${i}:${labels[i]}` : String(i));
  const lines = json.edges.map((e) => `  ${edgeText(e, name)}`);
  const seps = json.sepsets.map((s) => `  ${name(s.a)} ⊥ ${name(s.b)} | {${s.set.map(name).join(', ')}}`);
  return [
    `edges (${json.edges.length}; o circle, > arrowhead, - tail):`,
    ...(lines.length ? lines : ['  (none)']),
    `separating sets (${json.sepsets.length}):`,
    ...(seps.length ? seps : ['  (none)']),
  ];
}

export function summaryLine(r: LearnResult, nums: EngineNumbers): string {
  return `PAG over ${r.json.n} nodes: ICD ${r.iterations} iteration${r.iterations === 1 ? '' : 's'} (${r.converged ? 'concluded' : r.truncated ? truncationPhrase(r.truncated) : `stopped at r = ${nums.maxR}`}), ${r.ciTests} CI tests; samples ${nums.samples}, alpha ${nums.alpha}${nums.ciTest && nums.ciTest.name !== DEFAULT_CI_TEST ? `, CI test ${nums.ciTest.name}` : ''}`;
}

/**
 * learnPag for the CLI: the samples warning, the progress line and the default budget, and on stderr
 * the warning when the budget ran out.
 */
export async function learnPagWithIo(io: EngineCliIo, corr: number[][], nums: EngineNumbers): Promise<LearnResult> {
  const warning = samplesWarning(nums.samples, corr.length, nums.alpha);
  if (warning) io.err?.(warning);
  const progress = pagProgress(io, corr.length);
  const budget = budgetFor(nums.budget, corr.length);
  let r: LearnResult;
  try {
    r = await learnPag(corr, { ...nums, ...budget, onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
  const spent = truncationWarning(r.truncated, budget);
  if (spent) io.err?.(spent);
  return r;
}

export async function runPag(argv: string[], io: EngineCliIo = stdoutIo): Promise<number> {
  const p = parseArgs(argv, ENGINE_SPEC);
  if (p.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`);
  const nums = engineNumbers(p);
  const input = readMatrixInput(p);
  const r = await learnPagWithIo(io, input.corr, nums);
  if (p.options.json) {
    io.out(`${JSON.stringify(r.json)}\n`);
  } else {
    io.out(`${[summaryLine(r, nums), ...pagLines(r.json, input.labels)].join('\n')}\n`);
  }
  return 0;
}

export const pagCommand: CliCommand = {
  summary: 'learn a PAG (ICD) from a correlation or attention matrix file',
  usage: USAGE,
  run: (argv) => runPag(argv),
};
