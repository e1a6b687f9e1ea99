// The operations CLI: one commander program, run in-process by tests and by main.ts.
import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent';
import { registerAudit } from './commands/audit';
import { registerBootstrap } from './commands/bootstrap';
import { makeContext } from './commands/context';
import { registerDrift } from './commands/drift';
import { registerDev } from './commands/dev';
import { registerCredentials } from './commands/credentials';
import { registerDoctor } from './commands/doctor';
import { registerLogin } from './commands/login';
import { registerSecrets } from './commands/secrets';
import { registerSnapshot } from './commands/snapshot';
import { registerStatus } from './commands/status';
import { registerTls } from './commands/tls';
import { registerUnseal } from './commands/unseal';
import { CliError, describeError } from './errors';
import { HELP_CONFIGURATION } from './help-format';
import { CliIo } from './io';
import { MintedTokens } from './minted-tokens';

/** Exit codes: 0 ok, 1 operation failed (or problems found), 2 usage error, 3 warnings (credentials status, doctor). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('hoodcloud-ops')
    .description('HoodCloud Vault operations beyond Terraform: bootstrap ceremony, unseal, cluster status, login, secrets, AppRole credentials, TLS certificates, raft snapshots, audit log, Vault Agent configs, diagnostics (doctor), drift, local dev setup (dev)')
    .exitOverride()
    .configureHelp(HELP_CONFIGURATION)
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError('(add --help for usage)');
  const minted = new MintedTokens();
  const ctx = makeContext(io, (code) => {
    exitCode = Math.max(exitCode, code);
  }, minted);
  registerBootstrap(program, ctx);
  registerUnseal(program, ctx);
  registerStatus(program, ctx);
  registerLogin(program, ctx);
  registerSecrets(program, ctx);
  registerCredentials(program, ctx);
  registerTls(program, ctx);
  registerSnapshot(program, ctx);
  registerAudit(program, ctx);
  registerAgent(program, ctx);
  registerDoctor(program, ctx);
  registerDrift(program, ctx);
  registerDev(program, ctx);
  program.commands.forEach(function inherit(c: Command) {
    c.exitOverride().configureHelp(HELP_CONFIGURATION).configureOutput(program.configureOutput());
    c.commands.forEach(inherit);
  });
  const code = await parseAndRun(program, argv, io, () => exitCode);
  return withMintedTokensRevoked(code, minted, io);
}

async function parseAndRun(program: Command, argv: readonly string[], io: CliIo, exitCode: () => number): Promise<number> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.executeSubCommandAsync') return 0;
      return e.exitCode === 0 ? 0 : 2; // commander already printed the message
    }
    io.err(`error: ${describeError(e)}`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

/**
 * Revokes the tokens the command logged in for, after it succeeded or failed. A token that may still
 * be valid is an error of its own, and turns a success (0) or warnings (3) into a failure (1).
 */
async function withMintedTokensRevoked(code: number, minted: MintedTokens, io: CliIo): Promise<number> {
  const left = await minted.revokeAll();
  for (const message of left) io.err(`error: ${message}`);
  return left.length > 0 && (code === 0 || code === 3) ? 1 : code;
}
