import { ConfigError, loadConfig, type Config } from '@server/plugins/config';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** One subcommand: `miroir <path…> [options]`. `run` returns the exit code. */
export interface CliCommand {
  path: string[];
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export class UsageError extends Error {}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The server's configuration from the command's environment; a bad value is a usage error. */
export function configFrom(io: CliIO): Config {
  try {
    return loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
