import { CliError } from '../errors';
import { CliIo } from '../io';
import { MintedTokens } from '../minted-tokens';

/** What every command gets: the process boundary and a way to fail with a usage error. */
export interface CliContext {
  readonly io: CliIo;
  /** Tokens this run logged in for (pass to `authenticatedClient`); the runner revokes them when the command ends. */
  readonly minted: MintedTokens;
  /** Sets the exit code without throwing (e.g. warnings found). */
  setExitCode(code: number): void;
  /** Throws a usage error (exit code 2). */
  usage(message: string): never;
}

export function makeContext(io: CliIo, setExitCode: (code: number) => void, minted: MintedTokens): CliContext {
  return {
    io,
    minted,
    setExitCode,
    usage: (message: string): never => {
      throw new CliError(message, 2);
    },
  };
}
