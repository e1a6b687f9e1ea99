// Produces a real audit log: starts an OpenBao dev server, enables a file audit device (the same
// options the stacks declare), creates two AppRole roles with small policies, logs them in from
// 127.0.0.1 and makes allowed, denied and failing requests. Each step records what it did and
// what the log must therefore say, so the audit command is judged against the server's own
// format, not an invented one. The committed fixture (fixtures/) was written by write-fixture.ts.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../../../vault-api/client';
import { serverBinaryVersion, startDevServer } from '../../../support/vault-server';

export const FIXTURE_DEVICE = 'file';
export const APP_ROLE = 'fixture-app';
export const OPS_ROLE = 'fixture-ops';

/** What one step did, and so what its record in the log must show. */
export interface RecordedStep {
  readonly label: string;
  /** AppRole role name of the token that made the request ('-' for none, 'token' for the root token). */
  readonly role: string;
  readonly operation: string;
  readonly path: string;
  readonly outcome: 'denied' | 'error' | 'ok';
  /** Before or after `boundary` (for --since / --until). */
  readonly phase: 'A' | 'B';
}

export interface RecordingManifest {
  /** `bao version` of the server that wrote the log. */
  readonly server: string;
  readonly device: string;
  /** An instant between phase A and phase B (RFC 3339). */
  readonly boundary: string;
  /** The device's HMACs of values written in the steps (the values themselves are gone). */
  readonly hashes: { readonly dbPassword: string; readonly apiKeyV2: string };
  /** Steps that wrote or read each value: what a value search must find. */
  readonly touching: { readonly dbPassword: readonly string[]; readonly apiKeyV2: readonly string[] };
  readonly steps: readonly RecordedStep[];
}

export interface Recording {
  readonly log: string;
  readonly manifest: RecordingManifest;
  /** Every secret value the steps used (test values, never committed): none may be in the log. */
  readonly values: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fresh = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** Runs the scenario on a fresh dev server and returns the audit log it wrote. */
export async function recordAuditLog(): Promise<Recording> {
  const server = await startDevServer({ rootToken: 'fixture-root' });
  try {
    const root = server.client();
    const logFile = path.join(server.workDir, 'audit.log');
    await root.put(`sys/audit/${FIXTURE_DEVICE}`, {
      type: 'file',
      options: { file_path: logFile, mode: '0600', format: 'json', log_raw: 'false', hmac_accessor: 'true' },
    });
    await root.post('sys/auth/approle', { type: 'approle' });
    await root.put(`sys/policies/acl/${APP_ROLE}`, {
      policy: 'path "secret/data/app/*" { capabilities = ["create", "read", "update"] }\npath "secret/metadata/app/*" { capabilities = ["list"] }\n',
    });
    await root.put(`sys/policies/acl/${OPS_ROLE}`, { policy: 'path "secret/data/app/*" { capabilities = ["read"] }\n' });
    for (const role of [APP_ROLE, OPS_ROLE]) {
      await root.post(`auth/approle/role/${role}`, { token_policies: [role], secret_id_bound_cidrs: ['127.0.0.1/32'], token_bound_cidrs: ['127.0.0.1/32'] });
    }

    const values: string[] = [];
    const steps: RecordedStep[] = [];
    let phase: 'A' | 'B' = 'A';
    const anonymous = new VaultClient({ address: server.address, localAddress: '127.0.0.1' });
    /** Sends one request and checks the server answered as the step claims. */
    const step = async (s: Omit<RecordedStep, 'phase'>, client: VaultClient, method: string, body?: unknown) => {
      const res = await client.raw(method, s.path, { body });
      const status = { ok: [200, 204], denied: [403], error: [400] }[s.outcome];
      if (!status.includes(res.status)) throw new Error(`recording step ${s.label}: ${method} ${s.path} -> HTTP ${res.status}, expected ${s.outcome}`);
      steps.push({ ...s, phase });
      return res.body;
    };
    const login = async (role: string) => {
      const roleId = String((await root.get(`auth/approle/role/${role}/role-id`)).data?.role_id);
      const secretId = String((await root.post(`auth/approle/role/${role}/secret-id`, {})).data?.secret_id);
      values.push(roleId, secretId);
      const body = await step({ label: `login-${role}`, role, operation: 'update', path: 'auth/approle/login', outcome: 'ok' }, anonymous, 'POST', { role_id: roleId, secret_id: secretId });
      const token = String((body as { auth?: { client_token?: string } }).auth?.client_token);
      values.push(token);
      return { roleId, client: new VaultClient({ address: server.address, token, localAddress: '127.0.0.1' }) };
    };

    // Phase A
    const app = await login(APP_ROLE);
    const ops = await login(OPS_ROLE);
    const dbPassword = fresh('db-password');
    const apiKeyV1 = fresh('api-key-v1');
    const apiKeyV2 = fresh('api-key-v2');
    values.push(dbPassword, apiKeyV1, apiKeyV2);
    await step({ label: 'write-db', role: APP_ROLE, operation: 'create', path: 'secret/data/app/db', outcome: 'ok' }, app.client, 'POST', { data: { password: dbPassword } });
    await step({ label: 'write-api-v1', role: APP_ROLE, operation: 'create', path: 'secret/data/app/api', outcome: 'ok' }, app.client, 'POST', { data: { key: apiKeyV1 } });
    await step({ label: 'write-api-v2', role: APP_ROLE, operation: 'update', path: 'secret/data/app/api', outcome: 'ok' }, app.client, 'POST', { data: { key: apiKeyV2 } });
    await step({ label: 'read-db', role: OPS_ROLE, operation: 'read', path: 'secret/data/app/db', outcome: 'ok' }, ops.client, 'GET');
    await step({ label: 'read-other', role: APP_ROLE, operation: 'read', path: 'secret/data/other/x', outcome: 'denied' }, app.client, 'GET');

    // A clear instant between the phases (same machine, same clock as the server).
    await sleep(50);
    const boundary = new Date().toISOString();
    await sleep(50);
    phase = 'B';

    await step({ label: 'list-app', role: APP_ROLE, operation: 'list', path: 'secret/metadata/app/', outcome: 'ok' }, app.client, 'LIST');
    await step({ label: 'ops-write', role: OPS_ROLE, operation: 'create', path: 'secret/data/app/ops-note', outcome: 'denied' }, ops.client, 'POST', { data: { note: fresh('note') } });
    await step({ label: 'delete-db', role: APP_ROLE, operation: 'delete', path: 'secret/data/app/db', outcome: 'denied' }, app.client, 'DELETE');
    await step({ label: 'cas-mismatch', role: APP_ROLE, operation: 'update', path: 'secret/data/app/api', outcome: 'error' }, app.client, 'POST', { options: { cas: 1 }, data: { key: fresh('stale') } });
    await step({ label: 'login-bad-secret', role: '-', operation: 'update', path: 'auth/approle/login', outcome: 'error' }, anonymous, 'POST', { role_id: app.roleId, secret_id: fresh('wrong') });
    const secretId = String((await root.post(`auth/approle/role/${APP_ROLE}/secret-id`, {})).data?.secret_id);
    values.push(secretId);
    const outside = new VaultClient({ address: server.address, localAddress: '127.0.0.2' });
    await step({ label: 'login-outside-cidr', role: '-', operation: 'update', path: 'auth/approle/login', outcome: 'error' }, outside, 'POST', { role_id: app.roleId, secret_id: secretId });
    const hash = async (label: string, input: string) => String(((await step({ label, role: 'token', operation: 'update', path: `sys/audit-hash/${FIXTURE_DEVICE}`, outcome: 'ok' }, root, 'POST', { input })) as { data?: { hash?: string } }).data?.hash);
    const hashes = { dbPassword: await hash('hash-db-password', dbPassword), apiKeyV2: await hash('hash-api-key-v2', apiKeyV2) };

    const log = fs.readFileSync(logFile, 'utf8');
    return {
      log,
      values,
      manifest: {
        server: serverBinaryVersion(server.binary),
        device: FIXTURE_DEVICE,
        boundary,
        hashes,
        touching: { dbPassword: ['write-db', 'read-db'], apiKeyV2: ['write-api-v2'] },
        steps,
      },
    };
  } finally {
    await server.stop();
  }
}

/**
 * The log's format without its values: per entry, its type, operation and path with the sorted
 * names of every field outside request.data / response.data. Two recordings by the same server
 * version have the same shape; a server that writes another format does not.
 */
export function logShape(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const e = JSON.parse(l) as { type: string; request: { operation?: string; path?: string } };
      const names: string[] = [];
      const walk = (v: unknown, name: string): void => {
        if (name === 'request.data' || name === 'response.data') names.push(`${name}{}`);
        else if (typeof v !== 'object' || v === null || Array.isArray(v)) names.push(name);
        else for (const [k, child] of Object.entries(v)) walk(child, name ? `${name}.${k}` : k);
      };
      walk(e, '');
      return `${e.type} ${e.request.operation} ${e.request.path}: ${names.sort().join(' ')}`;
    });
}
