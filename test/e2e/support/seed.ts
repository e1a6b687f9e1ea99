// Test secrets: every catalog path gets random values (no real secret anywhere), written by root
// with check-and-set on the current version (0 when new), so cas_required configs accept them and
// a shared server (terraform-applied mode) can be seeded by several test files in turn. The values are kept so
// the audit test can prove none of them reaches the audit log in plaintext.
import { randomBytes } from 'node:crypto';
import type { VaultClient } from '../../../vault-api/client';
import { SECRET_CATALOG } from '../../../services/catalog';

export interface SeededSecret {
  readonly path: string;
  readonly data: Record<string, string>;
}

export function randomSecretValue(label: string): string {
  return `e2e-${label}-${randomBytes(18).toString('hex')}`;
}

export async function seedCatalog(root: VaultClient, mount = 'secret'): Promise<SeededSecret[]> {
  const seeded: SeededSecret[] = [];
  for (const entry of SECRET_CATALOG) {
    const data = Object.fromEntries(entry.fields.map((f) => [f.name, randomSecretValue(f.name)]));
    const meta = await root.raw('GET', `${mount}/metadata/${entry.path}`);
    const cas = meta.status === 200 ? Number((meta.body.data as Record<string, unknown>).current_version) : 0;
    await root.post(`${mount}/data/${entry.path}`, { options: { cas }, data });
    seeded.push({ path: entry.path, data });
  }
  return seeded;
}
