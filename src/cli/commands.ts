// The registry of CLI sub-commands. Each lives in its own module under src/cli/.
export interface CliCommand {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export const commands: Record<string, CliCommand> = {};
