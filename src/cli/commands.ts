// The registry of CLI sub-commands. Each lives in its own module under src/cli/.
import { demoCommand } from './demo';
import { explainMatrixCommand } from './explainMatrix';
import { pagCommand } from './pag';
import { evalCommand } from './eval';
import { explainCommand } from './explain';
import { experimentCommand } from './experiment';
import { mergeCommand } from './merge';

export interface CliCommand {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  pag: pagCommand,
  'explain-matrix': explainMatrixCommand,
  demo: demoCommand,
  explain: explainCommand,
  eval: evalCommand,
  experiment: experimentCommand,
  merge: mergeCommand,
};
