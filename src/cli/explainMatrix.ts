// `causal-lens explain-matrix`: the CLEANN candidate explanation of one node from an attention matrix
// (no model here, hence no counterfactual tester: the explanation is the PDS-tree candidate set).
import { explainCleann } from '../engine';
import { numberOption, parseArgs, UsageError } from './args';
import type { CliCommand } from './commands';
import {
  ENGINE_SPEC,
  engineNumbers,
  learnPagWithIo,
  pagLines,
  readMatrixInput,
  stdoutIo,
  summaryLine,
  type EngineCliIo,
} from './pag';

const USAGE = `usage: causal-lens explain-matrix (--attention FILE | --corr FILE) --target T [options]

Learns the PAG (as "causal-lens pag") and prints CLEANN's explanation of node T: the nodes of the
PDS-tree rooted at T, each with its tree distance and the PAG path behind it. Without a model there is
no counterfactual tester, so the explanation is the full candidate set (labelled "candidate-set").

options:
  --target T      the node to explain (0-based; for a classifier usually 0, the [CLS] token)
  --max-range D   PDS-tree depth limit (default: unlimited)
  --samples N, --alpha A, --ci-test NAME, --max-r R, --max-tests N, --time-limit S
                  as for "causal-lens pag"
  --json          print {"target","kind","candidates","distances","sets","evidence","testsRun","treeDepth","pag"}`;

export async function runExplainMatrix(argv: string[], io: EngineCliIo = stdoutIo): Promise<number> {
  const p = parseArgs(argv, { ...ENGINE_SPEC, target: {}, 'max-range': {} });
  if (p.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`);
  if (p.options.target === undefined) throw new UsageError('--target T is required');
  const nums = engineNumbers(p);
  const input = readMatrixInput(p);
  const target = numberOption(p, 'target', 0, 0, input.corr.length - 1, true);
  const maxRange = p.options['max-range'] === undefined ? undefined : numberOption(p, 'max-range', 0, 0, 1e6, true);
  const r = await learnPagWithIo(io, input.corr, nums);
  const ex = await explainCleann(r.pag, target, { maxRange });
  if (p.options.json) {
    io.out(`${JSON.stringify({ ...ex, pag: r.json })}\n`);
    return 0;
  }
  const name = (i: number): string => (input.labels ? `${i}:${input.labels[i]}` : String(i));
  const lines = [
    summaryLine(r, nums),
    `explanation of ${name(target)} (CLEANN, ${ex.kind === 'candidate-set' ? 'no tester: the full candidate set' : 'tested'}):`,
    ex.sets.length ? `  {${ex.sets[0].map(name).join(', ')}}` : '  (no candidates: the target has no neighbours)',
    'evidence (PDS-tree path from the target):',
    ...(ex.evidence[0]?.paths.map(
      (q) => `  ${name(q.node)}  distance ${q.distance}  via ${q.path.map(name).join(' → ')}`,
    ) ?? ['  (none)']),
    ...pagLines(r.json, input.labels),
  ];
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

export const explainMatrixCommand: CliCommand = {
  summary: 'CLEANN candidate explanation of one node of an attention/correlation matrix',
  usage: USAGE,
  run: (argv) => runExplainMatrix(argv),
};
