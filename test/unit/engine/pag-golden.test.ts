// Byte identity of the learner's output on seeded dense inputs, recorded from the engine before the
// PDS-summary rounds (main 6bc90c0: whole PDS-trees per root, cached p-values): the PAG JSON, the mark
// matrix, the CI-test count and every iteration's snapshot, hashed. The oracle property test covers small
// matrices; these are the dense synthetic attention sizes where rounds r ≥ 2 do most of the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionToCorrelation } from '../../../src/engine';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { learnedPagSha } from './support/pagText';

const CASES: { n: number; seed: number; temperature: number; samples: number; alpha?: number; sha: string }[] = [
  { n: 64, seed: 64, temperature: 1, samples: 768, sha: 'b90c6e09abc1241c' },
  { n: 96, seed: 7, temperature: 0.5, samples: 768, sha: '21e5940b875b41ac' },
  { n: 100, seed: 11, temperature: 1, samples: 128, alpha: 0.05, sha: '2e349c7efc18e6ef' },
  { n: 128, seed: 128, temperature: 1, samples: 768, sha: '3be73802c7dbc4f6' },
  { n: 90, seed: 3, temperature: 2, samples: 768, sha: '9eb869c877356997' },
];

test('learned PAGs on dense synthetic attention are byte-identical to the recorded engine output', async () => {
  for (const c of CASES) {
    const sha = await learnedPagSha(attentionToCorrelation(syntheticAttention(c.n, c.seed, c.temperature)), {
      samples: c.samples,
      alpha: c.alpha,
    });
    assert.equal(sha, c.sha, `n ${c.n} seed ${c.seed} T ${c.temperature}`);
  }
});
