import { cacheTtlSeconds, effectiveTokenLifetime, renderServiceEnv } from '../../../cli/credentials/service-env';
import { serviceNamed } from '../../../services/catalog';
import { SERVICES } from '../../../services/registry';

const settings = { secretIdBoundCidrs: [], tokenBoundCidrs: [], secretIdTtlSeconds: 604800, tokenTtlSeconds: 0, tokenMaxTtlSeconds: 0, tokenPeriodSeconds: 0 };
const hour = { seconds: 3600, source: 'token_ttl of the role' };

describe('credentials env fragment', () => {
  test('GIVEN the payment service WHEN rendered THEN it uses its own address name VAULT_ADDRESS and absolute paths', () => {
    const lines = renderServiceEnv({ service: serviceNamed('payment-service'), address: 'https://10.0.0.5:8200', caFile: '/etc/hoodcloud/vault/tls/ca.crt', credentialsDir: '/etc/hoodcloud/hoodcloud-payment-service/vault', tokenLifetime: hour });
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      'VAULT_ADDRESS=https://10.0.0.5:8200',
      'VAULT_CACERT=/etc/hoodcloud/vault/tls/ca.crt',
      'VAULT_ROLE_ID_FILE=/etc/hoodcloud/hoodcloud-payment-service/vault/role_id',
      'VAULT_SECRET_ID_FILE=/etc/hoodcloud/hoodcloud-payment-service/vault/secret_id',
      'VAULT_TOKEN_CACHE_TTL=2700s',
    ]);
    expect(lines[0]).toBe('# hoodcloud-payment-service (the payment service): its Vault settings; paths and the address only, no secret');
  });

  test('GIVEN every registry service WHEN rendered THEN the names are those of its vaultEnv entry', () => {
    for (const service of SERVICES) {
      const lines = renderServiceEnv({ service, address: 'https://10.0.0.5:8200', caFile: '/ca.crt', credentialsDir: '/d', tokenLifetime: hour });
      const names = lines.filter((l) => !l.startsWith('#')).map((l) => l.split('=')[0]);
      expect(names).toEqual([service.vaultEnv.address, service.vaultEnv.caCert, service.vaultEnv.roleIdFile, service.vaultEnv.secretIdFile, service.vaultEnv.tokenCacheTtl]);
    }
    expect(serviceNamed('control-plane').vaultEnv.address).toBe('VAULT_ADDR');
  });

  test('GIVEN no CA file WHEN rendered THEN the CA line is a comment, not an empty value', () => {
    const lines = renderServiceEnv({ service: serviceNamed('auth-server'), address: 'http://127.0.0.1:8200', credentialsDir: '/d', tokenLifetime: hour });
    expect(lines).toContain('# VAULT_CACERT unset: no --ca-cert / VAULT_CACERT given, the service trusts the system CAs');
    expect(lines.some((l) => l.startsWith('VAULT_CACERT='))).toBe(false);
  });

  test('GIVEN a path with a space WHEN rendered THEN it is refused naming the flag', () => {
    expect(() => renderServiceEnv({ service: serviceNamed('auth-server'), address: 'http://127.0.0.1:8200', credentialsDir: '/my dir', tokenLifetime: hour })).toThrow('--out-dir: "/my dir/role_id" has characters a .env line cannot carry unquoted');
  });

  test('GIVEN role settings WHEN the token lifetime is derived THEN period, then token_ttl, then the mount default, capped by token_max_ttl', () => {
    expect(effectiveTokenLifetime({ ...settings, tokenPeriodSeconds: 600, tokenTtlSeconds: 60 }, 2764800)).toEqual({ seconds: 600, source: 'token_period of the role' });
    expect(effectiveTokenLifetime({ ...settings, tokenTtlSeconds: 1200 }, 2764800).seconds).toBe(1200);
    expect(effectiveTokenLifetime(settings, 2764800)).toEqual({ seconds: 2764800, source: "the AppRole mount's default TTL (the role sets no token_ttl)" });
    expect(effectiveTokenLifetime({ ...settings, tokenMaxTtlSeconds: 3600 }, 2764800).seconds).toBe(3600);
  });

  test('GIVEN a lifetime WHEN the cache TTL is derived THEN it is 75 %, whole seconds, at least 1', () => {
    expect(cacheTtlSeconds({ seconds: 3600, source: '' })).toBe(2700);
    expect(cacheTtlSeconds({ seconds: 1201, source: '' })).toBe(900);
    expect(cacheTtlSeconds({ seconds: 1, source: '' })).toBe(1);
  });
});
