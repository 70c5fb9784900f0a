// The registry of CLI sub-commands. Each lives in its own module under src/cli/.
import { evalCommand } from './eval';

export interface CliCommand {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export const commands: Record<string, CliCommand> = {
  eval: evalCommand,
};
