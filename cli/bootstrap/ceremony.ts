// The bootstrap ceremony of a fresh production server: initialize (5 shares, threshold 3), unseal,
// enable the audit device before anything else, set up what Terraform needs to authenticate
// (AppRole auth, the admin policy and role, exactly as the prod-config stack declares them),
// issue the admin credentials, hand over, revoke root.
// The root token lives only in this process's memory; shares and credentials go to files once.
import * as path from 'node:path';
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { approleLogin, createSecretId, readRoleId } from '../credentials/approle-api';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { SecretInput } from '../prompt';
import { ensurePrivateDir, refuseExisting, writeOnce } from '../secret-files';
import { readSealStatus, submitShare, waitUntilActive } from '../unseal/seal-status';
import { BootstrapObjects, DeclaredAudit } from './declared-objects';

export const KEY_SHARES = 5;
export const KEY_THRESHOLD = 3;

export interface BootstrapOptions {
  /** Directory for the shares and the admin credentials (created 0700; must not hold them already). */
  readonly outDir: string;
  /** One custodian public key (base64 binary) per share; empty = shares in clear, one file each. */
  readonly pgpKeys: readonly string[];
  /** The audit device(s), AppRole mount, admin policy and admin role as the prod-config stack declares them. */
  readonly objects: BootstrapObjects;
}

export interface BootstrapResult {
  readonly shareFiles: string[];
  readonly adminDir: string;
  readonly auditDevices: string[];
}

const shareFile = (dir: string, i: number, pgp: boolean) => path.join(dir, pgp ? `unseal-share-${i}.pgp.b64` : `unseal-share-${i}`);

export async function runBootstrap(client: VaultClient, io: CliIo, opts: BootstrapOptions): Promise<BootstrapResult> {
  const pgp = opts.pgpKeys.length > 0;
  const progress = new Progress(io, 10);
  const adminDir = path.join(opts.outDir, 'admin');
  const shareFiles = Array.from({ length: KEY_SHARES }, (_, i) => shareFile(opts.outDir, i + 1, pgp));
  const adminFiles = [path.join(adminDir, 'role_id'), path.join(adminDir, 'secret_id')];

  progress.next(`Checking ${client.options.address} is fresh and ${opts.outDir} is free`);
  if (pgp && opts.pgpKeys.length !== KEY_SHARES) {
    throw new CliError(`--pgp-key: ${opts.pgpKeys.length} keys given, expected ${KEY_SHARES} (one per custodian, in share order)`, 2);
  }
  const status = await readSealStatus(client);
  if (status.initialized) {
    throw new CliError(`the server at ${client.options.address} is already initialized: bootstrap runs once on a fresh server. To unseal it after a restart use \`unseal\`.`);
  }
  ensurePrivateDir(opts.outDir);
  refuseExisting([...shareFiles, ...adminFiles]);

  progress.next(`Initializing: ${KEY_SHARES} key shares, threshold ${KEY_THRESHOLD}${pgp ? ', each share PGP-encrypted to its custodian' : ''}`);
  const init = await client.put<{ keys_base64: string[]; root_token: string }>('sys/init', {
    secret_shares: KEY_SHARES,
    secret_threshold: KEY_THRESHOLD,
    ...(pgp ? { pgp_keys: opts.pgpKeys } : {}),
  }, { token: null });
  let rootToken: string | undefined = init.root_token;

  try {
    progress.next('Writing each unseal share once (mode 0600)');
    init.keys_base64.forEach((share, i) => {
      writeOnce(shareFiles[i], share);
      progress.detail(`share ${i + 1} of ${KEY_SHARES} -> ${shareFiles[i]}`);
    });

    progress.next(`Unsealing with ${KEY_THRESHOLD} of ${KEY_SHARES} shares`);
    const input = pgp ? new SecretInput(io) : undefined;
    try {
      for (let i = 0; i < KEY_THRESHOLD; i++) {
        let share: string | undefined = init.keys_base64[i];
        if (input) {
          share = await input.read(`Custodian ${i + 1} of ${KEY_THRESHOLD}: enter your decrypted unseal share (not echoed):`);
          if (!share) throw new CliError(`input ended after ${i} of ${KEY_THRESHOLD} shares; the server stays sealed. Run \`unseal\` with ${KEY_THRESHOLD} decrypted shares, then finish with \`bao operator generate-root\` (see docs/runbook.md)`);
        }
        const s = await submitShare(client, share);
        progress.detail(`unseal progress ${s.sealed ? s.progress : KEY_THRESHOLD} of ${KEY_THRESHOLD}${s.sealed ? '' : ': unsealed'}`);
      }
    } finally {
      input?.close();
    }
    await waitUntilActive(client);

    const root = client.withToken(rootToken);
    progress.next('Enabling the audit device before anything else');
    const auditDevices = await ensureAuditDevice(root, opts);
    progress.detail(`audit devices: ${auditDevices.join(', ')}`);

    const { approle, adminPolicy, adminRole } = opts.objects;
    progress.next(`Enabling AppRole auth at ${approle.path}/`);
    const auths = await root.get<{ data?: Record<string, unknown> }>('sys/auth');
    if (!(`${approle.path}/` in (auths.data ?? auths))) {
      await root.post(`sys/auth/${approle.path}`, approle.body);
    } else {
      progress.detail(`${approle.path}/ already enabled`);
    }

    const cidrs = (adminRole.body.secret_id_bound_cidrs as string[]).join(', ');
    progress.next(`Writing policy ${adminPolicy.name} and role ${adminRole.roleName} (bound to ${cidrs})`);
    await root.put(`sys/policies/acl/${adminPolicy.name}`, { policy: adminPolicy.policy });
    await root.post(`auth/${adminRole.backend}/role/${adminRole.roleName}`, adminRole.body);

    progress.next(`Issuing the ${adminRole.roleName} credentials (each written once, mode 0600)`);
    ensurePrivateDir(adminDir);
    const roleId = await readRoleId(root, adminRole.roleName);
    const secretId = await createSecretId(root, adminRole.roleName);
    writeOnce(adminFiles[0], roleId);
    writeOnce(adminFiles[1], secretId.secret);
    writeOnce(path.join(adminDir, 'secret_id_accessor'), secretId.accessor);
    progress.detail(`${adminFiles.join(', ')} (secret ID accessor ${secretId.accessor})`);

    progress.next(`Checking the ${adminRole.roleName} credentials log in`);
    const adminToken = await approleLogin(client, roleId, secretId.secret);
    await client.withToken(adminToken).get('auth/token/lookup-self');
    await client.withToken(adminToken).post('auth/token/revoke-self');

    progress.next('Revoking the root token');
    await root.post('auth/token/revoke-self');
    rootToken = undefined;
    const check = await client.raw('GET', 'auth/token/lookup-self', { token: init.root_token });
    if (check.status !== 403) throw new CliError(`the root token still answers (HTTP ${check.status}) after revocation`);
    progress.detail('root token revoked (lookup-self with it is refused)');
    return { shareFiles, adminDir, auditDevices };
  } catch (e) {
    if (rootToken) {
      const revoked = await client.raw('POST', 'auth/token/revoke-self', { token: rootToken }).then((r) => r.status === 204 || r.status === 200).catch(() => false);
      io.err(revoked
        ? 'bootstrap failed after initialization; the root token was revoked. Regenerate one with 3 shares (`bao operator generate-root`) to finish by hand (docs/runbook.md).'
        : 'bootstrap failed after initialization; the root token could not be revoked (server sealed?). It was never written anywhere; regenerate one with 3 shares when needed.');
    }
    throw e instanceof CliError ? e : new CliError(describeError(e));
  }
}

async function ensureAuditDevice(root: VaultClient, opts: BootstrapOptions): Promise<string[]> {
  const listed = await root.get<{ data?: Record<string, unknown> }>('sys/audit');
  const existing = new Set(Object.keys(listed.data ?? {}));
  for (const audit of opts.objects.audits) {
    if (existing.has(`${audit.path}/`)) continue;
    await enableAudit(root, audit);
    existing.add(`${audit.path}/`);
  }
  return [...existing].sort();
}

async function enableAudit(root: VaultClient, audit: DeclaredAudit): Promise<void> {
  try {
    await root.put(`sys/audit/${audit.path}`, audit.body);
  } catch (e) {
    if (e instanceof VaultApiError && e.errors.some((m) => m.includes('cannot enable audit device via API'))) {
      throw new CliError('the server refuses to enable audit devices through the API (OpenBao): set `unsafe_allow_api_audit_creation = true` in the server config');
    }
    throw e;
  }
}
