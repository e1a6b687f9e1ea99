// `agent config` in-process (no server): what it writes for each service of the catalog, where,
// with which modes, and how it refuses bad input. The real agent runs it in test/e2e/vault-agent.test.ts.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentConfig } from '../../../cli/agent/agent-config';
import { secretsOf } from '../../../services/catalog';
import { cliRunner } from '../support/run-cli';
import { PUBLIC_TEST_CA_FILE } from '../support/tls';

const ADDRESS = 'http://127.0.0.1:8201';

describe('agent config', () => {
  let dir: string;
  let creds: string;
  let secretValues: string[];
  const cli = cliRunner({ VAULT_ADDR: ADDRESS });
  const readConfig = (outDir: string): AgentConfig => JSON.parse(fs.readFileSync(path.join(outDir, 'agent.json'), 'utf8')) as AgentConfig;
  const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-agent-cmd-'));
    creds = path.join(dir, 'creds');
    fs.mkdirSync(creds, { mode: 0o700 });
    secretValues = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
    fs.writeFileSync(path.join(creds, 'role_id'), `${secretValues[0]}\n`, { mode: 0o400 });
    fs.writeFileSync(path.join(creds, 'secret_id'), `${secretValues[1]}\n`, { mode: 0o400 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN --help WHEN run for agent and agent config THEN each prints its usage and exits 0', async () => {
    for (const cmd of [['agent'], ['agent', 'config']]) {
      const run = await cli.run([...cmd, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: hoodcloud-ops ${cmd.join(' ')}`);
    }
  });

  test('GIVEN the payment service by its role name WHEN configured THEN one template per owned secret renders into <out-dir>/secrets with every field', async () => {
    const out = path.join(dir, 'payment');
    const run = await cli.run(['agent', 'config', '--service', 'hoodcloud-payment-service', '--credentials-dir', creds, '--out-dir', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`wrote ${out}/agent.json: hoodcloud-payment-service, 3 secret(s) -> ${out}/secrets, token -> ${out}/token\nrun: bao agent -config=${out}/agent.json`);
    const c = readConfig(out);
    expect(c.vault).toEqual({ address: ADDRESS });
    expect(c.auto_auth.method[0].config).toEqual({ role_id_file_path: `${creds}/role_id`, secret_id_file_path: `${creds}/secret_id`, remove_secret_id_file_after_reading: false });
    expect(c.auto_auth.sink[0].config).toEqual({ path: `${out}/token`, mode: 0o400 });
    expect(c.template_config).toEqual({ exit_on_retry_failure: true, static_secret_render_interval: '300s' });
    const owned = secretsOf('payment-service');
    expect(c.template.map((t) => t.destination)).toEqual(owned.map((e) => `${out}/secrets/${path.basename(e.path)}.json`));
    owned.forEach((e, i) => {
      expect(c.template[i].contents).toContain(`{{ with secret "secret/data/${e.path}" }}`);
      for (const f of e.fields) expect(c.template[i].contents).toContain(`"${f.name}": {{ .Data.data.${f.name} | toJSON }}`);
    });
    expect([mode(out), mode(path.join(out, 'secrets')), mode(path.join(out, 'agent.json'))]).toEqual(['700', '700', '600']);
    expect(run.stderr).toContain('[1/2] Rendering the agent config of payment-service (role hoodcloud-payment-service) from the secrets catalog');
    expect(run.stderr).toContain(`secret/data/hoodcloud/payment-service/provider (api_key, webhook_secret) -> ${out}/secrets/provider.json`);
    expect(run.stderr).not.toContain('warning');
  });

  test('GIVEN the control plane WHEN configured without and with --include-optional THEN the optional secret is skipped (and said so) or rendered with its optional field as index', async () => {
    const without = await cli.run(['agent', 'config', '--service', 'control-plane', '--credentials-dir', creds, '--out-dir', path.join(dir, 'cp')]);
    expect(without.code).toBe(0);
    expect(readConfig(path.join(dir, 'cp')).template).toHaveLength(4);
    expect(without.stderr).toContain('skipped optional secret/data/hoodcloud/control-plane/incident-notification (add --include-optional once it is seeded)');

    const withOptional = await cli.run(['agent', 'config', '--service', 'control-plane', '--credentials-dir', creds, '--out-dir', path.join(dir, 'cp-all'), '--include-optional']);
    expect(withOptional.code).toBe(0);
    const t = readConfig(path.join(dir, 'cp-all')).template;
    expect(t).toHaveLength(5);
    expect(t[4].contents).toContain('"webhook_url": {{ .Data.data.webhook_url | toJSON }},\n  "channel": {{ index .Data.data "channel" | toJSON }}');
  });

  test('GIVEN --wrapped, an https address, a CA and explicit sink and secrets paths WHEN configured THEN the config names them and checks the wrapping token\'s creation path', async () => {
    const tls = { caFile: PUBLIC_TEST_CA_FILE };
    const out = path.join(dir, 'wrapped');
    const run = await cli.run([
      'agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', out, '--wrapped',
      '--address', 'https://127.0.0.1:8200', '--ca-cert', tls.caFile, '--secrets-dir', path.join(dir, 'run', 'secrets'), '--sink-file', path.join(dir, 'run', 'agent-token'),
      '--render-interval', '2m',
    ]);
    expect(run.code).toBe(0);
    const c = readConfig(out);
    expect(c.vault).toEqual({ address: 'https://127.0.0.1:8200', ca_cert: tls.caFile });
    expect(c.auto_auth.method[0].config).toEqual({
      role_id_file_path: `${creds}/role_id`,
      secret_id_file_path: `${creds}/secret_id`,
      remove_secret_id_file_after_reading: true,
      secret_id_response_wrapping_path: 'auth/approle/role/hoodcloud-auth-server/secret-id',
    });
    expect(c.auto_auth.sink[0].config.path).toBe(path.join(dir, 'run', 'agent-token'));
    expect(c.template.map((t) => t.destination)).toEqual([path.join(dir, 'run', 'secrets', 'database.json'), path.join(dir, 'run', 'secrets', 'jwt.json')]);
    expect(c.template_config.static_secret_render_interval).toBe('120s');
    expect(run.stderr).toContain('(a wrapping token, deleted after unwrapping)');
  });

  test('GIVEN VAULT_ADDR and VAULT_CACERT only WHEN configured THEN the config carries that address and CA file', async () => {
    const tls = { caFile: PUBLIC_TEST_CA_FILE };
    const out = path.join(dir, 'from-env');
    const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', out], { env: { VAULT_ADDR: 'https://127.0.0.1:8443', VAULT_CACERT: tls.caFile } });
    expect(run.code).toBe(0);
    expect(readConfig(out).vault).toEqual({ address: 'https://127.0.0.1:8443', ca_cert: tls.caFile });
  });

  test('GIVEN relative paths WHEN configured THEN the config holds them as absolute paths (the agent resolves against its own working directory)', async () => {
    const out = path.relative(process.cwd(), path.join(dir, 'relative'));
    const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', path.relative(process.cwd(), creds), '--out-dir', out]);
    expect(run.code).toBe(0);
    const c = readConfig(out);
    expect(c.auto_auth.method[0].config.role_id_file_path).toBe(`${creds}/role_id`);
    expect(c.auto_auth.sink[0].config.path).toBe(path.join(dir, 'relative', 'token'));
  });

  test('GIVEN credentials not issued yet WHEN configured THEN it writes the config and warns with the command that issues them', async () => {
    const missing = path.join(dir, 'not-issued');
    const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', missing, '--out-dir', path.join(dir, 'early')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${missing}/role_id and ${missing}/secret_id missing; run \`credentials issue --role hoodcloud-auth-server --out-dir ${missing}\` before starting the agent`);
  });

  test('GIVEN a secrets directory others can enter WHEN configured THEN it warns', async () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared, { mode: 0o755 });
    fs.chmodSync(shared, 0o755);
    const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', path.join(dir, 'sh'), '--secrets-dir', shared]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${shared} has mode 0755; the rendered secrets should live in a directory only the agent's user can enter (chmod 700)`);
  });

  test.each([
    [['--service', 'billing'], 2, '--service: "billing" is not a HoodCloud service; expected one of control-plane, auth-server, payment-service (or its role, e.g. hoodcloud-control-plane)'],
    [['--service', 'hoodcloud-admin'], 2, '--service: "hoodcloud-admin" is the operators\' role and owns no service secrets; expected one of control-plane, auth-server, payment-service'],
    [['--service', 'auth-server', '--render-interval', 'soon'], 2, '--render-interval: "soon" is not a duration; expected seconds or a number with a unit'],
    [['--service', 'auth-server', '--render-interval', '0s'], 2, '--render-interval: "0s" is zero; expected a positive duration such as 5m'],
    [['--service', 'auth-server', '--address', 'https://127.0.0.1:8200', '--ca-cert', '/nope/ca.crt'], 2, '--ca-cert: "/nope/ca.crt" does not exist; expected a PEM CA certificate file'],
  ])('GIVEN %j WHEN configured THEN it exits %i naming the flag, the value and what is expected', async (args, code, message) => {
    const out = path.join(dir, `bad-${randomBytes(4).toString('hex')}`);
    const run = await cli.run(['agent', 'config', '--credentials-dir', creds, '--out-dir', out, ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN no address anywhere WHEN configured THEN it names --address and VAULT_ADDR', async () => {
    const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', path.join(dir, 'noaddr')], { env: { VAULT_ADDR: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: no server address: pass --address https://<host>:<port> or set VAULT_ADDR');
  });

  test('GIVEN a --secrets-dir that is a file or a --sink-file that is a directory WHEN configured THEN it refuses and names the flag', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const asFile = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', path.join(dir, 'f1'), '--secrets-dir', file]);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain(`error: --secrets-dir: "${file}" exists and is not a directory; expected a directory (created 0700 when missing)`);
    const asDir = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', creds, '--out-dir', path.join(dir, 'f2'), '--sink-file', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toContain(`error: --sink-file: "${dir}" is a directory; expected the path of the token file`);
    expect([fs.existsSync(path.join(dir, 'f1')), fs.existsSync(path.join(dir, 'f2'))]).toEqual([false, false]);
  });

  test('GIVEN every run WHEN the configs and the transcript are read THEN neither holds the role ID or the secret ID', () => {
    const configs = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'agent.json'))).map((d) => fs.readFileSync(path.join(dir, d, 'agent.json'), 'utf8'));
    expect(configs.length).toBeGreaterThanOrEqual(5);
    const everything = [...configs, ...cli.transcript].join('\n');
    for (const v of secretValues) expect(everything).not.toContain(v);
  });
});
