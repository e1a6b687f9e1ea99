// What a finished bootstrap ceremony leaves, checked on the real server: exactly the declared audit
// device, AppRole mount, admin policy and role; exactly one admin secret ID (the one in the file);
// five distinct share files and the admin files, mode 0600, no staged copy; and no token at all but
// the root token this check regenerates from 3 shares (and revokes again).
import * as fs from 'node:fs';
import { VaultClient } from '../../../vault-api/client';
import { CeremonyLayout } from '../../../cli/bootstrap/ceremony-files';
import { BootstrapObjects } from '../../../cli/bootstrap/declared-objects';
import { generateRootToken } from '../../../cli/bootstrap/generate-root';
import { approleLogin, listSecretIds } from '../../../cli/credentials/approle-api';
import { toCidrNotation } from '../../../model/cidr';

const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const mode = (f: string) => fs.statSync(f).mode & 0o777;

export interface HandedOver {
  /** Every secret seen (shares, role and secret ID, the check's root token), for leak checks. */
  readonly secrets: string[];
  /** The accessors of every token alive before the check revoked its own (besides its own). */
  readonly otherTokens: string[];
}

/** Regenerates a root token with the clear shares, inspects everything, revokes the token; returns what it saw. */
export async function inspectHandedOver(anon: VaultClient, layout: CeremonyLayout, objects: BootstrapObjects, opts: { pgp?: boolean; shares?: string[] } = {}): Promise<HandedOver> {
  const shareFiles = opts.pgp ? layout.pgpShares : layout.clearShares;
  const shares = shareFiles.map(read);
  expect(new Set(shares).size).toBe(5);
  expect(shareFiles.map(mode)).toEqual([0o600, 0o600, 0o600, 0o600, 0o600]);
  expect(fs.existsSync(layout.stagedShares)).toBe(false);
  for (const f of [layout.roleId, layout.secretId, layout.secretIdAccessor]) expect(mode(f)).toBe(0o600);
  expect(await anon.get('sys/seal-status')).toMatchObject({ initialized: true, sealed: false, t: 3, n: 5 });

  const token = await generateRootToken(anon, (opts.shares ?? shares).slice(0, 3), () => undefined);
  const root = anon.withToken(token);
  try {
    const own = ((await root.get('auth/token/lookup-self')).data as { accessor: string }).accessor;
    const accessors = ((await root.list('auth/token/accessors')).data as { keys: string[] }).keys;
    // A token revoked a moment ago can still have its accessor listed while the server finishes the
    // revocation (its lookup already fails): alive means the lookup still answers.
    const alive = async (accessor: string) => (await root.raw('POST', 'auth/token/lookup-accessor', { body: { accessor } })).status === 200;
    const otherTokens: string[] = [];
    for (const a of accessors) if (a !== own && (await alive(a))) otherTokens.push(a);

    const audits = (await root.get('sys/audit')).data as Record<string, { type: string; options: Record<string, string> }>;
    expect(Object.keys(audits).sort()).toEqual(objects.audits.map((a) => `${a.path}/`).sort());
    for (const a of objects.audits) expect(audits[`${a.path}/`]).toMatchObject({ type: a.body.type, options: { file_path: a.body.options.file_path } });

    const auths = (await root.get('sys/auth')).data as Record<string, { type: string }>;
    expect(auths[`${objects.approle.path}/`]?.type).toBe('approle');

    const policy = (await root.get(`sys/policies/acl/${objects.adminPolicy.name}`)).data as { policy: string };
    expect(policy.policy).toBe(objects.adminPolicy.policy);

    const { adminRole } = objects;
    const role = (await root.get(`auth/${adminRole.backend}/role/${adminRole.roleName}`)).data as Record<string, unknown>;
    // the server writes a single host without /32 in token_bound_cidrs: compare as the one CIDR parser reads them
    const cidrs = (v: unknown) => (v as string[]).map(toCidrNotation);
    for (const key of ['secret_id_bound_cidrs', 'token_bound_cidrs']) expect([key, cidrs(role[key])]).toEqual([key, cidrs(adminRole.body[key])]);
    for (const key of ['token_policies', 'secret_id_ttl', 'token_ttl', 'token_max_ttl']) {
      if (adminRole.body[key] !== undefined) expect([key, role[key]]).toEqual([key, adminRole.body[key]]);
    }

    const roleId = read(layout.roleId);
    const secretId = read(layout.secretId);
    expect(((await root.get(`auth/${adminRole.backend}/role/${adminRole.roleName}/role-id`)).data as { role_id: string }).role_id).toBe(roleId);
    expect((await listSecretIds(root, adminRole.roleName)).map((s) => s.accessor)).toEqual([read(layout.secretIdAccessor)]);
    const adminToken = await approleLogin(anon, roleId, secretId);
    await anon.withToken(adminToken).post('auth/token/revoke-self');
    return { secrets: [...shares, roleId, secretId, token, adminToken], otherTokens };
  } finally {
    await root.post('auth/token/revoke-self');
  }
}
