import { CliError } from '../errors';
import { CliIo } from '../io';

/** What every command gets: the process boundary and a way to fail with a usage error. */
export interface CliContext {
  readonly io: CliIo;
  /** Sets the exit code without throwing (e.g. warnings found). */
  setExitCode(code: number): void;
  /** Throws a usage error (exit code 2). */
  usage(message: string): never;
}

export function makeContext(io: CliIo, setExitCode: (code: number) => void): CliContext {
  return {
    io,
    setExitCode,
    usage: (message: string): never => {
      throw new CliError(message, 2);
    },
  };
}
