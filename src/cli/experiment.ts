// `causal-lens experiment <name>`: reproduce the paper's evidence with the project's own code.
// Each experiment (one module each under experiments/) writes results/<name>.md and results/<name>.json.
import { UsageError } from './args';
import type { CliCommand } from './commands';
import { printableLabel } from './pag';
import type { Experiment } from './experiments/common';
import { layersExperiment } from './experiments/layers';
import { mechanismExperiment } from './experiments/mechanism';
import { recommendExperiment } from './experiments/recommend';
import { sentimentExperiment } from './experiments/sentiment';
import { syntheticExperiment } from './experiments/synthetic';

/** In the order the usage lists them. */
const EXPERIMENTS: Record<string, Experiment> = {
  synthetic: syntheticExperiment,
  sentiment: sentimentExperiment,
  layers: layersExperiment,
  recommend: recommendExperiment,
  mechanism: mechanismExperiment,
};

const USAGE_HEAD = 'usage: causal-lens experiment <name> [options]\n\nexperiments:';

export const experimentCommand: CliCommand = {
  summary: "reproduce the paper's evidence (synthetic, sentiment, layers, recommend)",
  get usage() {
    return [
      USAGE_HEAD,
      ...Object.entries(EXPERIMENTS).map(([n, e]) => `  ${n.padEnd(12)}${e.summary}`),
      '',
      ...Object.values(EXPERIMENTS).map((e) => e.usage),
    ].join('\n');
  },
  async run(argv) {
    const [name, ...rest] = argv;
    const exp = name ? EXPERIMENTS[name] : undefined;
    if (!name) throw new UsageError(`experiment name required: ${Object.keys(EXPERIMENTS).join(', ')}`);
    if (!exp)
      throw new UsageError(
        `unknown experiment "${printableLabel(name)}" (try: ${Object.keys(EXPERIMENTS).join(', ')})`,
      );
    return exp.run(rest, `causal-lens experiment ${argv.join(' ')}`);
  },
};
