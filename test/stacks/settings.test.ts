import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSettings, prodOverrides, SettingsError } from '../../stacks/settings';
import { DEV, ENVIRONMENTS, PROD } from '../../stacks/environments';
import { synthesizeApp, SynthError } from '../../stacks/hoodcloud-app';
import { SERVICES } from '../../services/registry';
import { EnvironmentSettings } from '../../stacks/environment';

const prodOf = (env: Record<string, string>) => {
  const prod = loadSettings(env).environments.find((e) => e.name === 'prod');
  if (!prod) throw new Error('no prod environment');
  return prod;
};

/** The problems of a refused load. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (e) {
    if (e instanceof SettingsError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('settings loader', () => {
  test('GIVEN no environment variables WHEN loaded THEN the committed environments are returned unchanged and output goes to cdktf.out', () => {
    const settings = loadSettings({});
    expect(settings.environments).toEqual(ENVIRONMENTS);
    expect(settings.outdir).toBe('cdktf.out');
  });

  test('GIVEN CDKTF_OUTDIR WHEN loaded THEN synth writes there (the cdktf CLI sets it)', () => {
    expect(loadSettings({ CDKTF_OUTDIR: '/somewhere/out' }).outdir).toBe('/somewhere/out');
  });

  test('GIVEN VAULT_ADDR, VAULT_TOKEN and VAULT_CACERT (every Vault client\'s connection settings) WHEN loaded THEN nothing synthesized changes', () => {
    expect(loadSettings({ VAULT_ADDR: 'http://127.0.0.1:8201', VAULT_TOKEN: 'dev-token', VAULT_CACERT: '/nope/ca.crt' }).environments).toEqual(ENVIRONMENTS);
  });

  test('GIVEN the service registry WHEN the override variables are listed THEN every role has its CIDR variable', () => {
    const vars = Object.keys(prodOverrides());
    for (const s of SERVICES) expect(vars).toContain(s.cidrVariable);
    expect(vars).toContain('HOODCLOUD_VAULT_ADDR');
  });

  test('GIVEN production overrides WHEN loaded THEN they apply to prod only, CIDRs written in CIDR notation', () => {
    const env = {
      HOODCLOUD_VAULT_NODES: 'hoodcloud-vault-1=10.0.0.5',
      HOODCLOUD_VAULT_ADDR: 'https://vault.internal:8200',
      VAULT_IMAGE: 'hashicorp/vault:1.21.3',
      VAULT_TLS_CERT_FILE: '/etc/tls/vault.crt',
      VAULT_TLS_KEY_FILE: '/etc/tls/vault.key',
      HOODCLOUD_CONTROL_PLANE_CIDRS: '10.0.1.10/32, 10.0.1.11',
      HOODCLOUD_ADMIN_CIDRS: '10.0.9.0/28',
    };
    const settings = loadSettings(env);
    const prod = prodOf(env);
    expect(prod.server).toMatchObject({ nodes: [{ id: 'hoodcloud-vault-1', address: '10.0.0.5', port: 8200 }], image: 'hashicorp/vault:1.21.3', tls: { certHostFile: '/etc/tls/vault.crt', keyHostFile: '/etc/tls/vault.key' } });
    expect(prod.vaultAddress).toBe('https://vault.internal:8200');
    expect(prod.roles['hoodcloud-control-plane']).toEqual({ secretIdBoundCidrs: ['10.0.1.10/32', '10.0.1.11/32'], tokenBoundCidrs: ['10.0.1.10/32', '10.0.1.11/32'] });
    expect(prod.roles['hoodcloud-admin'].secretIdBoundCidrs).toEqual(['10.0.9.0/28']);
    expect(prod.roles['hoodcloud-auth-server']).toEqual(PROD.roles['hoodcloud-auth-server']);
    expect(settings.environments.find((e) => e.name === 'dev')).toEqual(DEV);
  });

  test.each([
    [{ HOODCLOUD_VAULT_NODES: 'a=vault.local' }, 'prod.server.nodes[0] (from HOODCLOUD_VAULT_NODES) = "a=vault.local": the entry has the address "vault.local": expected an IPv4 or IPv6 address such as 10.0.0.5 (not a host name or CIDR)'],
    [{ HOODCLOUD_VAULT_NODES: 'a=0.0.0.0' }, 'prod.server.nodes[0].address (from HOODCLOUD_VAULT_NODES) = "0.0.0.0": listens on every interface'],
    [{ HOODCLOUD_VAULT_NODES: 'a=::' }, 'prod.server.nodes[0].address (from HOODCLOUD_VAULT_NODES) = "::": listens on every interface'],
    [{ HOODCLOUD_VAULT_ADDR: 'http://127.0.0.1:8200' }, 'prod.vaultAddress (from HOODCLOUD_VAULT_ADDR) = "http://127.0.0.1:8200": expected an https:// URL in production'],
    [{ HOODCLOUD_VAULT_ADDR: 'https://admin:s3cret@127.0.0.1:8200' }, 'the value carries credentials'],
    [{ HOODCLOUD_VAULT_ADDR: 'https://127.0.0.1:8200/v1' }, 'the value has a path, query or fragment'],
    [{ VAULT_IMAGE: 'hashicorp/vault:latest' }, 'prod.server.image (from VAULT_IMAGE) = "hashicorp/vault:latest": expected a pinned image reference'],
    [{ VAULT_IMAGE: 'hashicorp/vault:Latest' }, 'has the floating tag "Latest"'],
    [{ VAULT_IMAGE: 'hashicorp/vault:1' }, 'which is not a full release'],
    [{ VAULT_TLS_KEY_FILE: 'tls/key.pem' }, 'prod.server.tls.keyHostFile (from VAULT_TLS_KEY_FILE) = "tls/key.pem": expected an absolute, normalized path of a PEM file; this one is not an absolute path'],
    [{ VAULT_TLS_CERT_FILE: '/' }, 'prod.server.tls.certHostFile (from VAULT_TLS_CERT_FILE) = "/": expected an absolute, normalized path of a PEM file; this one is the root of the host filesystem'],
    [{ VAULT_TLS_KEY_FILE: '/var/run/docker.sock' }, 'this one is under /var/run'],
    [{ VAULT_TLS_KEY_FILE: '/etc/hoodcloud/vault/tls/../../../shadow' }, 'this one is not normalized'],
    [{ VAULT_TLS_CERT_FILE: '/etc/x.crt', VAULT_TLS_KEY_FILE: '/etc/x.crt' }, 'is the same file as the certificate'],
    [{ VAULT_TLS_CERT_FILE: '/etc/a/x.crt', VAULT_TLS_KEY_FILE: '/etc/b/x.key' }, "is not in the certificate's directory (/etc/a)"],
    [{ HOODCLOUD_PAYMENT_SERVICE_CIDRS: '10.0.0.300/32' }, 'prod.roles.hoodcloud-payment-service.secretIdBoundCidrs[0] (from HOODCLOUD_PAYMENT_SERVICE_CIDRS) = "10.0.0.300/32": the value is not an IPv4 or IPv6 address'],
    [{ HOODCLOUD_PAYMENT_SERVICE_CIDRS: '10.0.0.5/8' }, 'the value has host bits set: it admits all of 10.0.0.0/8'],
    [{ HOODCLOUD_PAYMENT_SERVICE_CIDRS: 'fe80::1%eth0/64' }, 'the value has a zone index'],
    [{ HOODCLOUD_ADMIN_CIDRS: '0.0.0.0/1,128.0.0.0/1' }, 'prod.roles.hoodcloud-admin (from HOODCLOUD_ADMIN_CIDRS) = "0.0.0.0/1,128.0.0.0/1": admits every IPv4 address together'],
    [{ HOODCLOUD_ADMIN_CIDRS: '::/1, 8000::/1' }, 'admits every IPv6 address together'],
    [{ HOODCLOUD_AUTH_SERVER_CIDRS: ' , ' }, 'prod.roles.hoodcloud-auth-server (from HOODCLOUD_AUTH_SERVER_CIDRS) = " , ": expected at least one CIDR'],
  ])('GIVEN %j WHEN loaded THEN the error names the variable and the value: %s', (env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringContaining(message)]);
  });

  test('GIVEN a bare address for a role WHEN loaded THEN it is one host, written /32 (near miss of the host-bits error)', () => {
    expect(prodOf({ HOODCLOUD_ADMIN_CIDRS: '127.0.0.1' }).roles['hoodcloud-admin'].secretIdBoundCidrs).toEqual(['127.0.0.1/32']);
  });

  test('GIVEN a listener on every interface acknowledged in the committed settings WHEN loaded THEN it is accepted', () => {
    const acked = { ...PROD, server: { ...PROD.server, listenEverywhere: { reason: 'behind the host firewall, reviewed in SEC-7' } } };
    expect(loadSettings({ HOODCLOUD_VAULT_NODES: 'hoodcloud-vault-1=0.0.0.0' }, [acked]).environments[0].server.nodes).toEqual([{ id: 'hoodcloud-vault-1', address: '0.0.0.0', port: 8200 }]);
  });

  test('GIVEN several bad values WHEN loaded THEN every problem is reported in one error', () => {
    const problems = problemsOf({ HOODCLOUD_VAULT_NODES: 'a=nope', HOODCLOUD_VAULT_ADDR: 'ftp://x', VAULT_IMAGE: 'vault' });
    expect(problems).toEqual([
      expect.stringContaining('prod.server.nodes[0] (from HOODCLOUD_VAULT_NODES) = "a=nope"'),
      expect.stringContaining('prod.server.image (from VAULT_IMAGE) = "vault": expected a pinned image reference'),
      expect.stringContaining('prod.vaultAddress (from HOODCLOUD_VAULT_ADDR) = "ftp://x": the value uses ftp:'),
    ]);
  });
});

describe('committed values are validated by the constructs they configure, at synth', () => {
  const CASES: ReadonlyArray<readonly [EnvironmentSettings, string]> = [
    [{ ...DEV, ttl: { tokenTtlSeconds: 120, tokenMaxTtlSeconds: 3600 } }, 'ttl.tokenTtlSeconds = 120: expected whole seconds >= 300'],
    [{ ...DEV, ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 600 } }, 'ttl.tokenMaxTtlSeconds = 600: expected whole seconds >= tokenTtlSeconds (3600)'],
    [{ ...DEV, kv: { maxVersions: 0, casRequired: false } }, 'maxVersions = 0: expected a whole number >= 1'],
    [{ ...DEV, auditFilePath: 'audit.log' }, 'filePath = "audit.log": expected an absolute path on the server'],
    [{ ...DEV, server: { ...DEV.server, nodes: [{ ...DEV.server.nodes[0], port: 70000 }] } }, 'port = 70000: expected a TCP port 1-65534'],
    [{ ...PROD, server: { ...PROD.server, tls: undefined } }, '.server.tls = undefined: expected TLS certificate and key host paths in server mode'],
    [{ ...PROD, server: { ...PROD.server, devRootTokenId: 'x' } }, '.server.devRootTokenId = "x": expected no root token outside dev mode'],
    [{ ...DEV, roles: { ...DEV.roles, 'hoodcloud-admin': { secretIdBoundCidrs: [], tokenBoundCidrs: ['127.0.0.1/32'] } } }, 'secretIdBoundCidrs = []: expected at least one CIDR'],
  ];
  // One synth of every bad environment at once (each under a name of its own), then each case reads its problems.
  let problems: string[] = [];
  beforeAll(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-settings-test-'));
    try {
      synthesizeApp({ outdir: path.join(root, 'out'), environments: CASES.map(([env], i) => ({ ...env, name: `case${i}` as EnvironmentSettings['name'] })) });
    } catch (e) {
      if (!(e instanceof SynthError)) throw e;
      problems = [...e.problems];
    } finally {
      expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test.each(CASES.map(([, message], i) => [i, message] as const))('GIVEN committed environment case%i with a bad value WHEN synthesized THEN the synth names it: %s', (i, message) => {
    expect(problems.filter((p) => p.includes(`case${i}`))).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });
});
