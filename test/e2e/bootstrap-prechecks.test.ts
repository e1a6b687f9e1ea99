// Every way the ceremony could fail after sys/init that can be known before it is refused before
// it, on a real production-like server (TLS from a test CA, raft): after each refusal the server is
// still uninitialized and the out-dir untouched. Then the same server is bootstrapped for real.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ceremonyLayout } from '../../cli/bootstrap/ceremony-files';
import { readBootstrapObjects } from '../../cli/bootstrap/declared-objects';
import { CliRunner } from '../cli/support/run-cli';
import { serverJsonAt, serverJsonBeside } from '../cli/support/prod-config';
import { CeremonyScene, CeremonyServer, startCeremonyScene } from './support/ceremony-server';
import { inspectHandedOver } from './support/ceremony-checks';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let scene: CeremonyScene;
let base: string;
let server: CeremonyServer;
let cli: CliRunner;
let configJsonFile: string;
let serverJsonFile: string;
const mounts: string[] = [];

const isRoot = process.getuid!() === 0;

async function expectUninitialized(): Promise<void> {
  expect(await server.client().get('sys/seal-status')).toMatchObject({ initialized: false, sealed: true });
}

/** Runs bootstrap; expects a refusal with `message` (exit 2), the server still fresh. */
async function expectRefused(outDir: string, message: string, extra: string[] = []): Promise<void> {
  const run = await cli.run(['bootstrap', '--out-dir', outDir, '--config-json', configJsonFile, '--server-json', serverJsonFile, ...extra]);
  expect(run.stderr).toContain(message);
  expect(run.code).toBe(2);
  expect(run.stderr).not.toContain('[2/11]');
  await expectUninitialized();
}

/** A copy of the synthesized stack with the admin role bound to `cidrs`. */
function configBoundTo(name: string, cidrs: string[]): string {
  const json = JSON.parse(fs.readFileSync(configJsonFile, 'utf8'));
  for (const r of Object.values(json.resource.vault_approle_auth_backend_role) as Array<Record<string, unknown>>) {
    if (r.role_name === 'hoodcloud-admin') {
      r.secret_id_bound_cidrs = cidrs;
      r.token_bound_cidrs = cidrs;
    }
  }
  const file = path.join(base, name);
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

beforeAll(async () => {
  scene = await startCeremonyScene('hoodcloud-prechecks-', { allowGenerateRoot: true });
  ({ base, server, configJsonFile, cli } = scene);
  serverJsonFile = serverJsonBeside(configJsonFile);
});

afterAll(async () => {
  for (const m of mounts) execFileSync('umount', [m]);
  await scene?.stop();
});

describe('bootstrap checks everything before sys/init', () => {
  test('GIVEN an out-dir this user cannot write WHEN bootstrap runs THEN it is refused before init (no share lost)', async () => {
    const dir = path.join(base, 'unwritable');
    fs.mkdirSync(dir, { mode: 0o700 });
    if (isRoot) {
      // root writes through any mode: a read-only mount is what stops it
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,mode=0700,size=64k', 'tmpfs', dir]);
      mounts.push(dir);
    } else {
      fs.chmodSync(dir, 0o500);
    }
    await expectRefused(dir, `--out-dir: the directory "${dir}" is not writable by this user (${isRoot ? 'the file system is read-only' : 'permission denied (for this user, or a directory on the path is not searchable)'}); choose a directory you can write to`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('GIVEN a dangling symbolic link named like share 4 WHEN bootstrap runs THEN it counts as existing and is refused before init', async () => {
    const dir = path.join(base, 'dangling');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.symlinkSync(path.join(base, 'nowhere'), path.join(dir, 'unseal-share-4'));
    await expectRefused(dir, `--out-dir: refusing to overwrite: ${path.join(dir, 'unseal-share-4')} already exist(s) (a symbolic link counts, a dangling one too)`);
    expect(fs.readdirSync(dir)).toEqual(['unseal-share-4']);
  });

  test('GIVEN a file named admin WHEN bootstrap runs THEN it is refused at step 1, not at step 8', async () => {
    const dir = path.join(base, 'admin-file');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'admin'), '');
    await expectRefused(dir, `--out-dir: "${path.join(dir, 'admin')}" exists and is a file, not a directory: the admin credentials go into that directory`);
  });

  test('GIVEN a group-writable or world-writable out-dir WHEN bootstrap runs THEN it is refused before init', async () => {
    const dir = path.join(base, 'shared');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o770);
    await expectRefused(dir, `--out-dir: "${dir}" has mode 0770: writable by group or others, who could replace the secrets; expected a private directory (mode 0700): chmod 700 "${dir}"`);
    fs.chmodSync(dir, 0o777);
    await expectRefused(dir, `"${dir}" has mode 0777: writable by group or others`);
  });

  test('GIVEN an out-dir owned by another user WHEN bootstrap runs THEN it is refused before init', async () => {
    let dir = '/';
    if (isRoot) {
      dir = path.join(base, 'foreign');
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.chownSync(dir, 65534, 65534);
    }
    await expectRefused(dir, `--out-dir: "${dir}" is owned by uid ${isRoot ? 65534 : 0}, not by this user (uid ${process.getuid!()})`);
  });

  test('GIVEN a symbolic link planted in the path, or the out-dir itself a link WHEN bootstrap runs THEN both are refused before init', async () => {
    const sticky = path.join(base, 'sticky');
    fs.mkdirSync(sticky);
    fs.chmodSync(sticky, 0o1777);
    const target = path.join(base, 'target');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.symlinkSync(target, path.join(sticky, 'planted'));
    await expectRefused(path.join(sticky, 'planted', 'ceremony'), `--out-dir: "${path.join(sticky, 'planted')}", part of "${path.join(sticky, 'planted', 'ceremony')}", is a symbolic link (to ${target})`);
    fs.symlinkSync(target, path.join(base, 'link'));
    await expectRefused(path.join(base, 'link'), `--out-dir: "${path.join(base, 'link')}" is a symbolic link (to ${target}); pass the directory itself`);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  test('GIVEN an admin binding that leaves out this host WHEN bootstrap runs THEN it is refused before init: the admin login would fail at step 9', async () => {
    const dir = path.join(base, 'binding');
    await expectRefused(dir, `--config-json: the hoodcloud-admin role's secret_id_bound_cidrs (10.0.9.0/28) does not admit 127.0.0.1, the address this host connects to ${server.address} from`, ['--config-json', configBoundTo('elsewhere.json', ['10.0.9.0/28'])]);
    await expectRefused(dir, 'the hoodcloud-admin role\'s secret_id_bound_cidrs[0] = "127.0.0.1/8" is not a CIDR block: it has host bits set', ['--config-json', configBoundTo('host-bits.json', ['127.0.0.1/8'])]);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('GIVEN a config JSON that does not parse or PGP keys that are not keys WHEN bootstrap runs THEN it is refused before init', async () => {
    const dir = path.join(base, 'inputs');
    const broken = path.join(base, 'broken.json');
    fs.writeFileSync(broken, '{ "resource": ');
    await expectRefused(dir, `--config-json: "${broken}" is not JSON; expected a synthesized cdk.tf.json`, ['--config-json', broken]);
    const notKey = path.join(base, 'not-a-key.asc');
    fs.writeFileSync(notKey, 'hello');
    await expectRefused(dir, `--pgp-key ${notKey}: not an OpenPGP public key`, Array(5).fill(['--pgp-key', notKey]).flat());
    await expectRefused(dir, `--pgp-key ${base}: not a file`, Array(5).fill(['--pgp-key', base]).flat());
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('GIVEN a server JSON that is missing, not JSON, or declares no node at the address being bootstrapped WHEN bootstrap runs THEN it is refused before init', async () => {
    const dir = path.join(base, 'server-json');
    const missing = path.join(base, 'no-such-server.json');
    await expectRefused(dir, `--server-json: "${missing}" does not exist; run \`npm run synth\` first`, ['--server-json', missing]);
    const broken = path.join(base, 'broken-server.json');
    fs.writeFileSync(broken, '{ "resource": ');
    await expectRefused(dir, `--server-json: "${broken}" is not JSON; expected a synthesized cdk.tf.json`, ['--server-json', broken]);
    const elsewhere = serverJsonAt(serverJsonFile, 'https://127.0.0.1:1', path.join(base, 'elsewhere-server.json'));
    await expectRefused(dir, `--server-json: "${elsewhere}" declares no node at ${server.address}, the server being bootstrapped (it declares hoodcloud-vault-1 at https://127.0.0.1:1)`, ['--server-json', elsewhere]);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('GIVEN the server refused nothing irreversible WHEN bootstrap runs with a good out-dir THEN it completes on that same server, the cluster step skipped (one node declared)', async () => {
    const dir = path.join(base, 'ceremony');
    const run = await cli.run(['bootstrap', '--out-dir', dir, '--config-json', configJsonFile, '--server-json', serverJsonFile]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`[1/11] Checking ${server.address} is fresh, ${dir} can take every file, and hoodcloud-admin may log in from this host`);
    expect(run.stderr).toContain(`[10/11] Cluster: ${serverJsonFile} declares hoodcloud-vault-1 alone; no other node to join`);
    expect(run.stdout).toContain('  cluster: hoodcloud-vault-1 alone (a single-node stack)');
    expect(run.stderr).toContain('hoodcloud-admin bound to 127.0.0.1/32: admits 127.0.0.1, this host\'s address towards the server');
    const seen = await inspectHandedOver(server.client(), ceremonyLayout(dir), readBootstrapObjects(configJsonFile));
    expect(seen.otherTokens).toEqual([]);
    const transcript = cli.transcript.join('\n');
    expect(seen.secrets.filter((s) => transcript.includes(s))).toEqual([]);
  });
});
