// Checks the access matrix (test/e2e/access-matrix.ts) against a real server: for every role and
// row, (a) sys/capabilities-self on the row's path, from the role's token, and (b) the actual
// request. A row is "allowed" for a role when capabilities-self grants every capability the row
// needs (and no deny), and the request is not refused with 403. Any disagreement with the intent
// (or between the two answers) is a mismatch naming role, path and capability.
import type { VaultClient } from '../../../vault-api/client';
import { CIPHERTEXT, MASTER_KEY, type MatrixRow } from '../access-matrix';
import { loginAs } from './approle-login';
import { seedCatalog } from './seed';

export interface MatrixMismatch {
  readonly role: string;
  readonly row: MatrixRow;
  readonly intended: 'allow' | 'deny';
  readonly capabilitiesSelf: readonly string[];
  readonly status: number;
  readonly message: string;
}

export interface MatrixRun {
  readonly checks: number;
  readonly mismatches: readonly MatrixMismatch[];
}

function fill(body: Record<string, unknown> | undefined, ciphertext: string): Record<string, unknown> | undefined {
  if (!body) return undefined;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === CIPHERTEXT ? ciphertext : v]));
}

export async function checkMatrix(
  sessions: ReadonlyMap<string, VaultClient>, rows: readonly MatrixRow[], ciphertext: string,
): Promise<MatrixRun> {
  const mismatches: MatrixMismatch[] = [];
  let checks = 0;
  for (const row of rows) {
    for (const [role, client] of sessions) {
      checks++;
      const intended = (row.allowed as readonly string[]).includes(role) ? 'allow' : 'deny';
      const capsRes = await client.post<{ capabilities?: string[] }>('sys/capabilities-self', { paths: [row.path] });
      const caps = ((capsRes.data as Record<string, string[]> | undefined)?.[row.path] ?? capsRes.capabilities ?? []) as string[];
      const capsAllow = !caps.includes('deny') && (caps.includes('root') || row.capabilities.every((c) => caps.includes(c)));
      const res = await client.raw(row.method, row.path, { body: fill(row.body, ciphertext) });
      const requestAllow = res.status !== 403;
      const missing = row.capabilities.filter((c) => !caps.includes(c));
      const capability = row.capabilities.join('+');
      const answers = `sys/capabilities-self says [${caps.join(', ')}], ${row.method} -> HTTP ${res.status}`;
      let problem: string | undefined;
      if (intended === 'deny' && (capsAllow || requestAllow)) {
        problem = `role ${role} is ALLOWED ${capability} on ${row.path} (${row.operation}) but is meant to be denied: ${answers}`;
      } else if (intended === 'allow' && (!capsAllow || !requestAllow)) {
        problem = `role ${role} is DENIED ${capability} on ${row.path} (${row.operation}${missing.length ? `; missing ${missing.join(', ')}` : ''}) but is meant to be allowed: ${answers}`;
      }
      if (problem) mismatches.push({ role, row, intended, capabilitiesSelf: caps, status: res.status, message: problem });
    }
  }
  return { checks, mismatches };
}

/**
 * The whole matrix run against a configured server: seeds every catalog path (root), logs in as
 * every role from inside its bindings, makes one real ciphertext with the master key (root), then
 * checks every row for every role.
 */
export async function runAccessMatrix(root: VaultClient, rows: readonly MatrixRow[], roles: readonly string[]): Promise<MatrixRun> {
  await seedCatalog(root);
  const sessions = new Map<string, VaultClient>();
  for (const role of roles) sessions.set(role, (await loginAs(root, role)).client);
  const enc = await root.post(`transit/encrypt/${MASTER_KEY}`, { plaintext: Buffer.from('matrix ciphertext').toString('base64') });
  return checkMatrix(sessions, rows, String((enc.data as Record<string, unknown>).ciphertext));
}
