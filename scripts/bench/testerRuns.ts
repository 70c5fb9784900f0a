// Counterfactual model runs per second (what the explanation search spends its budget on): the
// tester's logits-only session one run at a time and batched as the search sends them (runIdsMany,
// batches of about 512 tokens), and the attention-exposing session of the first version: each run
// pads a different subset of tokens, so the run cache never answers. Median of 5 rounds, the three alternating.
import { loadModel } from '../../src/model';
import { testBatchSize } from '../../src/pipeline/explain';
import { median } from './stats';
import { benchText } from './texts';

export interface TesterRate {
  tokens: number;
  attentionRunsPerSec: number;
  logitsOnlyRunsPerSec: number;
  batch: number;
  batchedRunsPerSec: number;
}

/** Both sessions loaded side by side and timed in alternating rounds, so load swings hit both alike. */
async function rates(dir: string, tokens: number, runs: number, rounds = 5): Promise<TesterRate> {
  const models = await Promise.all(
    (['attention', 'logits-only'] as const).map((session) => loadModel({ model: dir, testerSession: session })),
  );
  try {
    const run = await models[0].run(benchText(0, tokens), { maxTokens: tokens });
    // run k pads the tokens at the set bits of k + 1 (positions 1…): every run a different input
    const pad = (k: number): number[] =>
      run.inputIds.map((id, j) =>
        j >= 1 && j < run.seq - 1 && j <= 30 && ((k + 1) & (1 << (j - 1))) !== 0 ? models[0].padTokenId : id,
      );
    for (const m of models) await m.runIds(pad(2 ** 20)); // warm-up
    const batch = testBatchSize(run.seq);
    const perSec: number[][] = [[], [], []];
    for (let r = 0; r < rounds; r++) {
      for (const [i, m] of models.entries()) {
        const t0 = performance.now();
        for (let k = 0; k < runs; k++) await m.runIds(pad((2 * r + i) * runs + k));
        perSec[i].push((1000 * runs) / (performance.now() - t0));
      }
      // batched, on the logits-only session; inputs not seen before (the cache must not answer)
      const t0 = performance.now();
      for (let k = 0; k < runs; k += batch) {
        await models[1].runIdsMany(
          Array.from({ length: Math.min(batch, runs - k) }, (_, b) => pad((2 * rounds + r) * runs + k + b)),
        );
      }
      perSec[2].push((1000 * runs) / (performance.now() - t0));
    }
    return {
      tokens,
      attentionRunsPerSec: median(perSec[0]),
      logitsOnlyRunsPerSec: median(perSec[1]),
      batch,
      batchedRunsPerSec: median(perSec[2]),
    };
  } finally {
    for (const m of models) await m.dispose();
  }
}

export async function testerRates(dir: string, sizes: number[], log: (l: string) => void): Promise<TesterRate[]> {
  const out: TesterRate[] = [];
  for (const tokens of sizes) {
    log(`bench: tester runs at ${tokens} tokens`);
    out.push(await rates(dir, tokens, tokens <= 64 ? 200 : tokens <= 128 ? 100 : 50));
  }
  return out;
}

export function testerTable(rows: TesterRate[]): string[] {
  return [
    'Tester model runs per second (each run the text with a different subset of its first tokens replaced by [PAD], so the run cache never answers; median of 5 alternating rounds):',
    '',
    '| tokens | attention session, one by one (first version) | logits-only, one by one | logits-only, batched (the search now) | speed-up |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.tokens} | ${r.attentionRunsPerSec.toFixed(0)} runs/s | ${r.logitsOnlyRunsPerSec.toFixed(0)} runs/s | ${r.batchedRunsPerSec.toFixed(0)} runs/s (batches of ${r.batch}) | ×${(r.batchedRunsPerSec / r.attentionRunsPerSec).toFixed(2)} |`,
    ),
  ];
}

// Standalone: node --import tsx scripts/bench/testerRuns.ts [--model DIR] [--sizes 16,64,128,256]
if (require.main === module) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dir = arg('model') ?? (require('../../src/model') as typeof import('../../src/model')).defaultModelPath();
  const sizes = (arg('sizes') ?? '16,64,128,256').split(',').map(Number);
  testerRates(dir, sizes, (l) => process.stderr.write(`${l}\n`)).then(
    (rows) => console.log(testerTable(rows).join('\n')),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
