import { Command, Option } from 'commander';
import { AGENT_FILE_MODE, DEFAULT_SECRETS_DIR, DEFAULT_SINK_FILE, resolveService, writeServiceAgentConfig } from '../agent/service-agent';
import { resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { durationFlag } from '../duration-flag';
import { CliContext } from './context';

interface AgentConfigFlags extends ConnectionFlags {
  service: string;
  credentialsDir: string;
  outDir: string;
  secretsDir?: string;
  sinkFile?: string;
  wrapped?: boolean;
  includeOptional?: boolean;
  renderInterval: string;
}

export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program.command('agent').summary('Vault Agent (OpenBao agent) per service: log in with AppRole, keep the token renewed, render the service\'s secrets');

  const config = agent
    .command('config')
    .summary('write the agent config of one service (agent.json): AppRole auto-auth, token sink, a template per secret it owns')
    .description(
      'Writes <out-dir>/agent.json for `bao agent -config=<out-dir>/agent.json` (or `vault agent`): AppRole auto-auth with the ' +
        'role_id and secret_id files of --credentials-dir (as `credentials issue` writes them), a file sink for the token ' +
        `(mode 0${AGENT_FILE_MODE.toString(8)}), and one template per catalog secret the service owns, rendering its fields as a JSON ` +
        `file (mode 0${AGENT_FILE_MODE.toString(8)}) into --secrets-dir. The agent re-reads the secrets every --render-interval and ` +
        'exits when a secret cannot be read after its retries. Paths are written as given (made absolute): they are the paths the ' +
        'agent sees, so mount host directories at the same paths in its container. The config names files only, never a value.',
    )
    .requiredOption('--service <name>', 'service (control-plane, auth-server, payment-service) or its role, e.g. hoodcloud-auth-server')
    .requiredOption('--credentials-dir <dir>', 'directory with role_id and secret_id (the --out-dir of `credentials issue`)')
    .requiredOption('--out-dir <dir>', 'directory agent.json is written to (created 0700)')
    .option('--secrets-dir <dir>', `where the agent renders the secrets, one <name>.json per secret (default: <out-dir>/${DEFAULT_SECRETS_DIR}; created 0700)`)
    .option('--sink-file <file>', `the file the agent writes its token to (default: <out-dir>/${DEFAULT_SINK_FILE})`)
    .option('--wrapped', 'the secret_id file holds a response-wrapping token (`credentials issue --wrap-ttl`): the agent unwraps it once and deletes the file')
    .option('--include-optional', 'also render the secrets the catalog marks optional (the agent fails while one is missing)')
    .addOption(new Option('--render-interval <duration>', 'how often the agent re-reads the secrets (KV secrets have no lease)').default('5m'));
  withConnectionOptions(config, { auth: false });
  config.action((flags: AgentConfigFlags) => {
    const identity = resolveService(flags.service);
    const renderIntervalSeconds = durationFlag('--render-interval', flags.renderInterval);
    if (renderIntervalSeconds <= 0) ctx.usage(`--render-interval: "${flags.renderInterval}" is zero; expected a positive duration such as 5m`);
    const conn = resolveConnection(flags, ctx.io);
    const plan = writeServiceAgentConfig(ctx.io, {
      ...identity,
      credentialsDir: flags.credentialsDir,
      outDir: flags.outDir,
      secretsDir: flags.secretsDir,
      sinkFile: flags.sinkFile,
      address: conn.address,
      caCertFile: conn.caFile,
      wrapped: Boolean(flags.wrapped),
      includeOptional: Boolean(flags.includeOptional),
      renderIntervalSeconds,
    });
    ctx.io.out(`wrote ${plan.configFile}: ${identity.role}, ${plan.input.secrets.length} secret(s) -> ${plan.secretsDir}, token -> ${plan.input.sinkFile}`);
    ctx.io.out(`run: bao agent -config=${plan.configFile}`);
  });
}
