// The pure agent-config renderer: what each stanza holds, and the inputs it refuses to render.
import { AgentConfigInput, renderAgentConfig, secretTemplate, serializeAgentConfig } from '../../../cli/agent/agent-config';

const input = (over: Partial<AgentConfigInput> = {}): AgentConfigInput => ({
  service: 'auth-server',
  vault: { address: 'https://127.0.0.1:8200', caCertFile: '/etc/hoodcloud/vault/tls/ca.crt' },
  approle: { mountPath: 'auth/approle', roleIdFile: '/creds/role_id', secretIdFile: '/creds/secret_id' },
  sinkFile: '/run/agent/token',
  kvMount: 'secret',
  secrets: [
    { path: 'hoodcloud/auth-server/database', fields: [{ name: 'username', required: true }, { name: 'password', required: true }], destination: '/run/agent/secrets/database.json' },
    { path: 'hoodcloud/auth-server/extra', fields: [{ name: 'channel', required: false }], destination: '/run/agent/secrets/extra.json' },
  ],
  fileMode: 0o400,
  staticSecretRenderIntervalSeconds: 300,
  ...over,
});

describe('renderAgentConfig', () => {
  test('GIVEN a service with plain credentials WHEN rendered THEN auto-auth reads both files and keeps the secret ID file', () => {
    const c = renderAgentConfig(input());
    expect(c.auto_auth.method).toEqual([
      { type: 'approle', mount_path: 'auth/approle', config: { role_id_file_path: '/creds/role_id', secret_id_file_path: '/creds/secret_id', remove_secret_id_file_after_reading: false } },
    ]);
    expect(c.auto_auth.sink).toEqual([{ type: 'file', config: { path: '/run/agent/token', mode: 0o400 } }]);
    expect(c.vault).toEqual({ address: 'https://127.0.0.1:8200', ca_cert: '/etc/hoodcloud/vault/tls/ca.crt' });
    expect(c.template_config).toEqual({ exit_on_retry_failure: true, static_secret_render_interval: '300s' });
    expect(c.exit_after_auth).toBe(false);
  });

  test('GIVEN a wrapped secret ID WHEN rendered THEN the agent checks the creation path and deletes the spent wrapping token', () => {
    const c = renderAgentConfig(input({ approle: { mountPath: 'auth/approle', roleIdFile: '/creds/role_id', secretIdFile: '/creds/secret_id', wrappedSecretIdCreationPath: 'auth/approle/role/hoodcloud-auth-server/secret-id' } }));
    expect(c.auto_auth.method[0].config).toEqual({
      role_id_file_path: '/creds/role_id',
      secret_id_file_path: '/creds/secret_id',
      remove_secret_id_file_after_reading: true,
      secret_id_response_wrapping_path: 'auth/approle/role/hoodcloud-auth-server/secret-id',
    });
  });

  test('GIVEN two secrets WHEN rendered THEN each has its own template, owner-only perms and a KV v2 data path', () => {
    const c = renderAgentConfig(input());
    expect(c.template.map((t) => [t.destination, t.perms, t.error_on_missing_key])).toEqual([
      ['/run/agent/secrets/database.json', '0400', true],
      ['/run/agent/secrets/extra.json', '0400', true],
    ]);
    expect(c.template[0].contents).toBe(
      '{{ with secret "secret/data/hoodcloud/auth-server/database" }}{\n  "username": {{ .Data.data.username | toJSON }},\n  "password": {{ .Data.data.password | toJSON }}\n}\n{{ end }}',
    );
  });

  test('GIVEN an optional field WHEN templated THEN it is read with index (null when absent) instead of a failing field access', () => {
    expect(secretTemplate('kv', { path: 'a/b', fields: [{ name: 'channel', required: false }], destination: '/x.json' })).toBe(
      '{{ with secret "kv/data/a/b" }}{\n  "channel": {{ index .Data.data "channel" | toJSON }}\n}\n{{ end }}',
    );
  });

  test('GIVEN no CA and a retry count WHEN rendered THEN vault has no ca_cert and carries the retries', () => {
    const c = renderAgentConfig(input({ vault: { address: 'http://127.0.0.1:8201', numRetries: 1 } }));
    expect(c.vault).toEqual({ address: 'http://127.0.0.1:8201', retry: { num_retries: 1 } });
  });

  test('GIVEN a config WHEN serialized THEN it is JSON that parses back to the same object', () => {
    const c = renderAgentConfig(input());
    const text = serializeAgentConfig(c);
    expect(text.startsWith('{')).toBe(true);
    expect(JSON.parse(text)).toEqual(c);
  });

  test.each([
    ['a relative sink file', { sinkFile: 'token' }, 'sink file "token" is not an absolute path'],
    ['a relative role ID file', { approle: { mountPath: 'auth/approle', roleIdFile: 'role_id', secretIdFile: '/s' } }, 'role ID file "role_id" is not an absolute path'],
    ['no secrets', { secrets: [] }, 'no secrets to render'],
    ['a field name that is not an identifier', { secrets: [{ path: 'a/b', fields: [{ name: 'api-key', required: true }], destination: '/a.json' }] }, 'field "api-key" of a/b is not a plain identifier'],
    ['a path with a quote', { secrets: [{ path: 'a/"b', fields: [{ name: 'k', required: true }], destination: '/a.json' }] }, 'secret path "a/"b" is not a plain KV path'],
    ['two secrets into one file', { secrets: [1, 2].map((n) => ({ path: `a/${n}`, fields: [{ name: 'k', required: true }], destination: '/same.json' })) }, 'destination "/same.json" is used twice'],
    ['a secret rendered onto the token', { secrets: [{ path: 'a/b', fields: [{ name: 'k', required: true }], destination: '/run/agent/token' }] }, 'destination "/run/agent/token" is used twice'],
    ['a zero render interval', { staticSecretRenderIntervalSeconds: 0 }, 'render interval 0 is not a positive number of seconds'],
    ['a file mode with type bits', { fileMode: 0o100400 }, 'file mode 100400 is not a readable file mode'],
  ])('GIVEN %s WHEN rendered THEN it is refused with a message naming it', (_what, over, message) => {
    expect(() => renderAgentConfig(input(over as Partial<AgentConfigInput>))).toThrow(`agent config for auth-server: ${message}`);
  });
});
