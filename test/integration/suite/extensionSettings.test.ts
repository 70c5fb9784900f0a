// The causalLens settings in a real VS Code: maxTokens cuts, maxModelRuns caps, a Cancel stops the
// search itself, a model change reloads once; and a long text keeps the extension host turning.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import { waitFor, ws } from '../support';
import { extensionApi, lineSelection, openAt } from '../workbench';

describe('Causal Lens in a real VS Code: settings, cancel in the search, a long text', function () {
  let api: CausalLensApi;

  before(async function () {
    api = await extensionApi();
  });

  /** Explain Causally on line 1 of `file` with one causalLens setting changed (restored afterwards). */
  async function explainWithSetting(
    setting: string,
    value: unknown,
    file: string,
    check: (last: LastRun) => Promise<void> | void,
  ): Promise<void> {
    const config = vscode.workspace.getConfiguration('causalLens');
    await config.update(setting, value, vscode.ConfigurationTarget.Global);
    try {
      await openAt(file, lineSelection(0));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'done', JSON.stringify(out));
      await check(api.getLastRun()!);
    } finally {
      await config.update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
  }

  it('a too long selection is cut at causalLens.maxTokens with a warning saying where', () =>
    explainWithSetting('maxTokens', 8, 'sample.txt', (last) => {
      assert.ok(last.run.truncated, 'the model run reports the cut');
      assert.ok(last.result.tokens.length <= 8);
      assert.ok(
        api.getLog().some((l) => /only the part up to line 1, column \d+ was explained/.test(l)),
        'the warning says where',
      );
    }));

  // Whether ICD is cut depends on how fast the machine is, so this checks the limit reaches the run;
  // the cut itself (last completed round, the warning) is unit-tested through the pipeline.
  it("causalLens.graphSeconds becomes the run's ICD time limit (0 = none)", async () => {
    await explainWithSetting('graphSeconds', 2.5, 'sample.txt', (last) => {
      assert.equal(last.params.graphTimeMs, 2500);
    });
    await explainWithSetting('graphSeconds', 0, 'sample.txt', (last) => {
      assert.equal(last.params.graphTimeMs, undefined);
    });
  });

  // The long review's search needs thousands of model runs (2,822 candidate sets by default).
  it('causalLens.maxModelRuns caps the explanation search, and the panel and the log say so', () =>
    explainWithSetting('maxModelRuns', 1, 'long.txt', async (last) => {
      assert.ok(last.result.warnings.some((w) => /stopped after 1 model runs/.test(w)));
      // The panel gets the warning with the setting to change.
      await waitFor(
        'the capped result in the panel',
        () =>
          api
            .getPanelMessages()
            .find(
              (m) =>
                m.type === 'result' &&
                m.result.warnings?.some((w) =>
                  /stopped after 1 model runs.*raise the causalLens\.maxModelRuns setting/.test(w),
                ),
            ),
        20_000,
      );
      assert.ok(
        api.getLog().some((l) => /stopped after 1 model runs/.test(l)),
        'the output channel says so',
      );
    }));

  // long.txt has no explanation within 3,522 model runs / 60 s (CLI, measured): with a budget of a
  // million runs and an hour the search would outlast this suite's 180 s timeout, so the command
  // returns only if the search itself stops at the Cancel (no wall-clock threshold is asserted).
  it('Cancel during the explanation search stops the search itself', async () => {
    const config = vscode.workspace.getConfiguration('causalLens');
    await config.update('maxModelRuns', 1_000_000, vscode.ConfigurationTarget.Global);
    await config.update('searchSeconds', 3600, vscode.ConfigurationTarget.Global);
    const stages: string[] = [];
    const sub = api.onProgress((stage) => {
      stages.push(stage);
      if (/searching the minimal explanation/.test(stage)) void vscode.commands.executeCommand('causalLens.cancel');
    });
    try {
      await openAt('long.txt', lineSelection(0));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'cancelled', `stages: ${stages.join(' → ')}`);
      assert.ok(
        stages.some((st) => /searching the minimal explanation/.test(st)),
        'the cancel landed in the search',
      );
      assert.equal(api.isBusy(), false);
    } finally {
      sub.dispose();
      await config.update('maxModelRuns', undefined, vscode.ConfigurationTarget.Global);
      await config.update('searchSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a model setting change reloads the model once; a missing model is a clear error', async () => {
    const config = vscode.workspace.getConfiguration('causalLens');
    const model = config.get<string>('model', '');
    await openAt('sample.txt', lineSelection(1));
    const loads = api.getModelLoads();
    await vscode.commands.executeCommand('causalLens.explainSelection');
    assert.equal(api.getModelLoads(), loads, 'reused while the settings stay');
    await config.update('offline', true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('causalLens.explainSelection');
      assert.equal(api.getModelLoads(), loads + 1, 'reloaded once after the change');
      await vscode.commands.executeCommand('causalLens.explainSelection');
      assert.equal(api.getModelLoads(), loads + 1);
      // Select Model (with an argument instead of its quick pick) writes causalLens.model.
      await vscode.commands.executeCommand('causalLens.selectModel', { model: path.join(ws(), 'no-such-model') });
      assert.equal(vscode.workspace.getConfiguration('causalLens').get('model'), path.join(ws(), 'no-such-model'));
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'error');
      assert.match((out as { message: string }).message, /no-such-model/);
    } finally {
      await config.update('offline', undefined, vscode.ConfigurationTarget.Global);
      await config.update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('model', model, vscode.ConfigurationTarget.Global);
    }
  });

  it('a long text: the extension host keeps turning through every stage (stalls logged, never gated)', async () => {
    // The previous test changed the model settings: load the model first (creating an ONNX Runtime
    // session blocks the host once per load), so that this looks at the explanation alone.
    await openAt('sample.txt', lineSelection(0));
    assert.equal(
      ((await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>).status,
      'done',
    );
    await openAt('long.txt', lineSelection(0));
    // Event-loop turns are counted (a setImmediate chain), milliseconds only printed: how long the
    // host stalls depends on the machine's load, so it is a benchmark figure (npm run bench,
    // "Host responsiveness"), not a pass/fail condition.
    let stage = 'start',
      running = true,
      turns = 0,
      last = Date.now(),
      worst = 0;
    const stages: string[] = [];
    const sub = api.onProgress((s) => {
      stage = s;
      if (stages.at(-1) !== s) stages.push(s);
    });
    const tick = (): void => {
      if (!running) return;
      turns++;
      const now = Date.now();
      worst = Math.max(worst, now - last);
      last = now;
      setImmediate(tick);
    };
    setImmediate(tick);
    const t0 = Date.now();
    try {
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
      assert.equal(out.status, 'done', JSON.stringify(out));
    } finally {
      running = false;
      sub.dispose();
    }
    const r = api.getLastRun()!.result;
    console.log(
      `[integration] long text: ${r.tokens.length} tokens in ${Date.now() - t0} ms (${JSON.stringify(r.timings)}); ${turns} event-loop turns, longest gap ${worst} ms (not gated); stages ${stages.join(' → ')}; last ${stage}`,
    );
    assert.ok(r.tokens.length >= 100, `long.txt gives ${r.tokens.length} tokens`);
    // Every engine stage was reported, in pipeline order, and the host's loop turned during the run
    // (ICD's reply arrives as a worker message: at least one turn whatever the load).
    const order = [
      'running the model',
      'attention → correlation',
      'learning the PAG (ICD)',
      'searching the minimal explanation (CLEANN)',
    ];
    const seen = order.map((o) => stages.indexOf(o));
    assert.ok(
      seen.every((i, k) => i >= 0 && (k === 0 || i > seen[k - 1])),
      `stages: ${stages.join(' → ')}`,
    );
    assert.ok(turns > 0, 'the event loop turned');
  });
});
