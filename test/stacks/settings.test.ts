import { loadSettings, SettingsError, validateEnvironment } from '../../stacks/settings';
import { DEV, ENVIRONMENTS, PROD } from '../../stacks/environments';
import { EnvironmentSettings } from '../../stacks/environment';

const prodOf = (env: Record<string, string>) => {
  const settings = loadSettings(env);
  const prod = settings.environments.find((e) => e.name === 'prod');
  if (!prod) throw new Error('no prod environment');
  return prod;
};

describe('settings loader', () => {
  test('GIVEN no environment variables WHEN loaded THEN the committed environments are returned unchanged and output goes to cdktf.out', () => {
    const settings = loadSettings({});
    expect(settings.environments).toEqual(ENVIRONMENTS);
    expect(settings.outdir).toBe('cdktf.out');
  });

  test('GIVEN CDKTF_OUTDIR WHEN loaded THEN synth writes there (the cdktf CLI sets it)', () => {
    expect(loadSettings({ CDKTF_OUTDIR: '/somewhere/out' }).outdir).toBe('/somewhere/out');
  });

  test('GIVEN production overrides WHEN loaded THEN they apply to prod only', () => {
    const env = {
      VAULT_BIND_ADDR: '10.0.0.5',
      HOODCLOUD_VAULT_ADDR: 'https://vault.internal:8200',
      VAULT_IMAGE: 'hashicorp/vault:1.21.3',
      VAULT_TLS_CERT_FILE: '/etc/tls/vault.crt',
      VAULT_TLS_KEY_FILE: '/etc/tls/vault.key',
      HOODCLOUD_CONTROL_PLANE_CIDRS: '10.0.1.10/32, 10.0.1.11/32',
      HOODCLOUD_ADMIN_CIDRS: '10.0.9.0/28',
    };
    const settings = loadSettings(env);
    const prod = prodOf(env);
    expect(prod.server).toMatchObject({ bindAddress: '10.0.0.5', image: 'hashicorp/vault:1.21.3', tls: { certHostFile: '/etc/tls/vault.crt', keyHostFile: '/etc/tls/vault.key' } });
    expect(prod.vaultAddress).toBe('https://vault.internal:8200');
    expect(prod.roles['hoodcloud-control-plane']).toEqual({ secretIdBoundCidrs: ['10.0.1.10/32', '10.0.1.11/32'], tokenBoundCidrs: ['10.0.1.10/32', '10.0.1.11/32'] });
    expect(prod.roles['hoodcloud-admin'].secretIdBoundCidrs).toEqual(['10.0.9.0/28']);
    expect(prod.roles['hoodcloud-auth-server']).toEqual(PROD.roles['hoodcloud-auth-server']);
    expect(settings.environments.find((e) => e.name === 'dev')).toEqual(DEV);
  });

  test('GIVEN VAULT_ADDR and VAULT_TOKEN (every Vault client\'s connection settings) WHEN loaded THEN nothing synthesized changes', () => {
    const settings = loadSettings({ VAULT_ADDR: 'http://127.0.0.1:8201', VAULT_TOKEN: 'dev-token', VAULT_CACERT: '/nope/ca.crt' });
    expect(settings.environments).toEqual(ENVIRONMENTS);
  });

  test('GIVEN VAULT_BIND_ADDR is a host name WHEN loaded THEN the error names the variable, the value and what is expected', () => {
    expect(() => loadSettings({ VAULT_BIND_ADDR: 'vault.local' })).toThrow(
      'prod.server.bindAddress (from VAULT_BIND_ADDR) = "vault.local": expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)',
    );
  });

  test('GIVEN a role CIDR variable with a bad CIDR WHEN loaded THEN the error names the field and the value', () => {
    expect(() => loadSettings({ HOODCLOUD_PAYMENT_SERVICE_CIDRS: '10.0.0.300/32' })).toThrow(
      'prod.roles.hoodcloud-payment-service.secretIdBoundCidrs[0] (from HOODCLOUD_PAYMENT_SERVICE_CIDRS) = "10.0.0.300/32": expected a CIDR such as 10.0.1.5/32 or 2001:db8::/64',
    );
  });

  test('GIVEN a role CIDR variable with only commas WHEN loaded THEN the error asks for at least one CIDR', () => {
    expect(() => loadSettings({ HOODCLOUD_AUTH_SERVER_CIDRS: ' , ' })).toThrow('HOODCLOUD_AUTH_SERVER_CIDRS = " , ": expected at least one CIDR');
  });

  test('GIVEN an http HOODCLOUD_VAULT_ADDR for production WHEN loaded THEN it is refused', () => {
    expect(() => loadSettings({ HOODCLOUD_VAULT_ADDR: 'http://127.0.0.1:8200' })).toThrow('prod.vaultAddress (from HOODCLOUD_VAULT_ADDR) = "http://127.0.0.1:8200": expected an https:// URL in production');
  });

  test('GIVEN a floating image tag WHEN loaded THEN it is refused', () => {
    expect(() => loadSettings({ VAULT_IMAGE: 'hashicorp/vault:latest' })).toThrow('prod.server.image (from VAULT_IMAGE) = "hashicorp/vault:latest": expected a pinned image reference');
  });

  test('GIVEN a relative TLS path WHEN loaded THEN it is refused', () => {
    expect(() => loadSettings({ VAULT_TLS_KEY_FILE: 'tls/key.pem' })).toThrow('prod.server.tls.keyHostFile (from VAULT_TLS_KEY_FILE) = "tls/key.pem": expected an absolute host path');
  });

  test('GIVEN several bad values WHEN loaded THEN every problem is reported in one error', () => {
    let error: unknown;
    try {
      loadSettings({ VAULT_BIND_ADDR: 'nope', HOODCLOUD_VAULT_ADDR: 'ftp://x', VAULT_IMAGE: 'vault' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      'prod.server.bindAddress (from VAULT_BIND_ADDR) = "nope": expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)',
      'prod.server.image (from VAULT_IMAGE) = "vault": expected a pinned image reference such as hashicorp/vault:1.21.4 or name@sha256:<digest> (no :latest)',
      'prod.vaultAddress (from HOODCLOUD_VAULT_ADDR) = "ftp://x": expected an http:// or https:// URL',
    ]);
    expect((error as SettingsError).message).toMatch(/^Invalid settings \(3 problems\):/);
  });
});

describe('environment validation', () => {
  const withChange = (change: Partial<EnvironmentSettings>): EnvironmentSettings => ({ ...DEV, ...change });

  test.each(ENVIRONMENTS)('GIVEN the committed $name environment WHEN validated THEN it has no problems', (env) => {
    expect(validateEnvironment(env)).toEqual([]);
  });

  test('GIVEN a token TTL under 5 minutes WHEN validated THEN it is refused (renewal at 75% leaves too little margin)', () => {
    expect(validateEnvironment(withChange({ ttl: { tokenTtlSeconds: 120, tokenMaxTtlSeconds: 3600 } }))).toEqual(['dev.ttl.tokenTtlSeconds = 120: expected whole seconds >= 300']);
  });

  test('GIVEN a max TTL below the TTL WHEN validated THEN it is refused', () => {
    expect(validateEnvironment(withChange({ ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 600 } }))).toEqual(['dev.ttl.tokenMaxTtlSeconds = 600: expected whole seconds >= tokenTtlSeconds (3600)']);
  });

  test('GIVEN a master-key rotation of 30 minutes WHEN validated THEN it is refused (Vault minimum is one hour)', () => {
    expect(validateEnvironment(withChange({ masterKey: { autoRotatePeriodSeconds: 1800 } }))).toEqual([
      'dev.masterKey.autoRotatePeriodSeconds = 1800: expected 0 (off) or whole seconds >= 3600',
    ]);
  });

  test('GIVEN zero KV versions WHEN validated THEN it is refused', () => {
    expect(validateEnvironment(withChange({ kv: { maxVersions: 0, casRequired: false } }))).toEqual(['dev.kv.maxVersions = 0: expected a whole number >= 1']);
  });

  test('GIVEN a relative audit path WHEN validated THEN it is refused', () => {
    expect(validateEnvironment(withChange({ auditFilePath: 'audit.log' }))).toEqual(['dev.auditFilePath = "audit.log": expected an absolute path on the server such as /vault/logs/audit.log']);
  });

  test('GIVEN a port out of range WHEN validated THEN it is refused', () => {
    expect(validateEnvironment(withChange({ server: { ...DEV.server, port: 70000 } }))).toEqual(['dev.server.port = 70000: expected a TCP port 1-65535']);
  });

  test('GIVEN server mode without TLS files WHEN validated THEN it is refused', () => {
    expect(validateEnvironment({ ...PROD, server: { ...PROD.server, tls: undefined } })).toEqual(['prod.server.tls = undefined: expected TLS certificate and key host paths in server mode']);
  });

  test('GIVEN a root token outside dev mode WHEN validated THEN it is refused', () => {
    expect(validateEnvironment({ ...PROD, server: { ...PROD.server, devRootTokenId: 'x' } })).toEqual(['prod.server.devRootTokenId = "x": expected no root token outside dev mode']);
  });
});
