// ICD's progress in VS Code's progress notification (issue 9): Explain Causally and Compare Layers say
// "Learning the causal graph — round r, n% of pairs" while the PAG is learned (in the worker thread),
// from round 0 up, between the PAG stage and the explanation search; Cancel still ends the run.
// Observed through the extension's progress listener (the notification's messages), in order, no timing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import type { CompareMessage } from '../../../src/protocol';
import { extensionApi, lineSelection, openAt } from '../workbench';

const LEARNING = /^Learning the causal graph — round (\d+), (\d+)% of pairs$/;

/** Runs a command while collecting the notification's messages. */
async function withStages<T>(api: CausalLensApi, run: () => Thenable<T>): Promise<{ out: T; stages: string[] }> {
  const stages: string[] = [];
  const sub = api.onProgress((s) => stages.push(s));
  try {
    return { out: await run(), stages };
  } finally {
    sub.dispose();
  }
}

/** The rounds named by the learning messages: from 0, never going back, each round's start reported. */
function assertRounds(rounds: number[], stages: string[]): void {
  assert.ok(rounds.length > 0, `no learning message among: ${stages.join(' → ')}`);
  assert.equal(rounds[0], 0);
  for (let k = 1; k < rounds.length; k++) assert.ok(rounds[k] >= rounds[k - 1], `rounds ${rounds.join(',')}`);
  const max = rounds[rounds.length - 1];
  assert.deepEqual(
    [...new Set(rounds)],
    Array.from({ length: max + 1 }, (_, r) => r),
  );
}

describe('Causal Lens in a real VS Code: ICD progress in the notification', function () {
  let api: CausalLensApi;

  before(async function () {
    api = await extensionApi();
  });

  it('Explain Causally: the learning messages, round 0 up, after the PAG stage and before the search', async () => {
    await openAt('sample.txt', lineSelection(1));
    const { out, stages } = await withStages(
      api,
      () => vscode.commands.executeCommand('causalLens.explainSelection') as Thenable<Outcome<LastRun>>,
    );
    assert.equal(out.status, 'done', JSON.stringify(out));
    const at = stages.flatMap((s, k) => (LEARNING.test(s) ? [k] : []));
    assertRounds(
      at.map((k) => Number(LEARNING.exec(stages[k])?.[1])),
      stages,
    );
    for (const k of at) {
      const pct = Number(LEARNING.exec(stages[k])?.[2]);
      assert.ok(pct >= 0 && pct <= 100, stages[k]);
    }
    assert.ok(at[0] > stages.indexOf('learning the PAG (ICD)'), stages.join(' → '));
    const search = stages.indexOf('searching the minimal explanation (CLEANN)');
    assert.ok(search > at[at.length - 1], stages.join(' → '));
  });

  it('Compare Layers: each layer learns under its own label ("layer L (k/N): Learning the causal graph — round r, …")', async () => {
    await openAt('sample.txt', lineSelection(0));
    const { out, stages } = await withStages(
      api,
      () =>
        vscode.commands.executeCommand('causalLens.compareLayers', { layers: [0, 1] }) as Thenable<
          Outcome<CompareMessage>
        >,
    );
    assert.equal(out.status, 'done', JSON.stringify(out));
    const labels = stages.filter((s) => /^[^:]+ \(\d+\/2\)$/.test(s));
    assert.equal(labels.length, 2, stages.join(' → '));
    for (const label of labels) {
      const mine = stages.filter((s) => s.startsWith(`${label}: `)).map((s) => s.slice(label.length + 2));
      assert.ok(
        mine.every((s) => LEARNING.test(s)),
        mine.join(' | '),
      );
      assertRounds(
        mine.map((s) => Number(LEARNING.exec(s)?.[1])),
        stages,
      );
      // the layer's own messages come after its label and before the next layer's
      assert.ok(stages.indexOf(`${label}: ${mine[0]}`) > stages.indexOf(label));
    }
  });

  it('Cancel while the graph is learned: the run ends cancelled', async () => {
    await openAt('sample.txt', lineSelection(3));
    const { out, stages } = await withStages(api, () => {
      const sub = api.onProgress((s) => {
        if (LEARNING.test(s)) {
          sub.dispose();
          void api.postFromWebview({ type: 'cancel' });
        }
      });
      return vscode.commands.executeCommand('causalLens.explainSelection') as Thenable<Outcome<LastRun>>;
    });
    assert.equal(out.status, 'cancelled', `${JSON.stringify(out)}; stages: ${stages.join(' → ')}`);
    assert.equal(api.isBusy(), false);
  });
});
