// The AppRole credentials a service mounts (a directory `credentials issue` wrote): are the three
// files there, with modes nobody else can read, does role_id belong to a role of the registry, and
// is the recorded secret ID still live on the server and far enough from expiry? The secret ID and
// role ID are read to compare, never shown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSeconds } from '../../model/duration';
import { SERVICES } from '../../services/registry';
import { lookupSecretIdAccessor, roleIdOf, SecretIdInfo } from '../credentials/approle-api';
import { ACCESSOR_FILE, ROLE_ID_FILE, SECRET_ID_FILE } from '../credentials/credential-files';
import { CheckRow, DoctorCheck, OPS, row, ServerContext } from './check';

const CHECK = 'credentials';
const FILES = [ROLE_ID_FILE, SECRET_ID_FILE, ACCESSOR_FILE] as const;

/** What doctor found of one file: absent, unreadable, or present with its permission bits. */
export type CredentialFileState = { readonly name: string; readonly exists: false } | { readonly name: string; readonly exists: true; readonly mode: number; readonly readError?: string };

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
/** Owner read (and write), group read at most, nothing for others: what `credentials issue --file-mode` allows. */
const isSafeMode = (mode: number) => (mode & 0o037) === 0;

const issue = (role: string, dir: string) => `${OPS} credentials issue --role ${role} --out-dir ${dir}`;
const rotate = (role: string, dir: string) => `${OPS} credentials rotate --role ${role} --out-dir ${dir}`;

const subjectOf = (dir: string, role?: string) => (role ? `${role} (${dir})` : dir);

/** The row about the files of a directory; `role` is known only once role_id was matched. */
export function evaluateCredentialFiles(dir: string, files: readonly CredentialFileState[], role?: string): CheckRow {
  const subject = subjectOf(dir, role);
  const missing = files.filter((f) => !f.exists).map((f) => f.name);
  if (missing.length > 0) return row.fail(CHECK, subject, `missing ${missing.join(', ')}`, issue(role ?? '<role>', dir));
  const present = files.filter((f): f is Extract<CredentialFileState, { exists: true }> => f.exists);
  const unreadable = present.filter((f) => f.readError);
  if (unreadable.length > 0) return row.fail(CHECK, subject, `cannot read ${unreadable.map((f) => `${f.name} (${f.readError})`).join(', ')}`, 'run doctor as the user that owns the credentials (or root)');
  const unsafe = present.filter((f) => !isSafeMode(f.mode));
  if (unsafe.length > 0) {
    return row.fail(CHECK, subject, `${unsafe.map((f) => `${f.name} is mode ${octal(f.mode)}`).join(', ')}: others may read or change the credentials`, `chmod 0400 ${unsafe.map((f) => path.join(dir, f.name)).join(' ')}`);
  }
  return row.ok(CHECK, subject, present.map((f) => `${f.name} ${octal(f.mode)}`).join(', '));
}

/** The row about the recorded secret ID: live, and how long it has left. */
export function evaluateSecretId(role: string, dir: string, accessor: string, info: SecretIdInfo | undefined, now: Date, warnBeforeSeconds: number): CheckRow {
  const subject = subjectOf(dir, role);
  if (!info) return row.fail(CHECK, subject, `secret ID accessor ${accessor} is not live on the server (destroyed or expired): logins fail`, issue(role, dir));
  if (info.expirationTime === '' || info.expirationTime.startsWith('0001-01-01')) {
    return row.warn(CHECK, subject, `secret ID accessor ${accessor} never expires (phase 1 expects a 7-day TTL)`, rotate(role, dir));
  }
  const left = Math.floor((Date.parse(info.expirationTime) - now.getTime()) / 1000);
  if (left <= 0) return row.fail(CHECK, subject, `secret ID accessor ${accessor} expired ${info.expirationTime}`, issue(role, dir));
  if (left <= warnBeforeSeconds) return row.warn(CHECK, subject, `secret ID accessor ${accessor} expires ${info.expirationTime}, in ${formatSeconds(left)} (warning window ${formatSeconds(warnBeforeSeconds)})`, rotate(role, dir));
  return row.ok(CHECK, subject, `secret ID accessor ${accessor} live, expires ${info.expirationTime}, in ${formatSeconds(left)}`);
}

function fileState(dir: string, name: string): CredentialFileState {
  const file = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { name, exists: false };
  }
  if (!stat.isFile()) return { name, exists: true, mode: stat.mode, readError: 'not a regular file' };
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return { name, exists: true, mode: stat.mode };
  } catch (e) {
    return { name, exists: true, mode: stat.mode, readError: (e as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
}

const readTrimmed = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8').trim();

/** The rows of one credentials directory. */
async function checkDirectory(ctx: ServerContext, dir: string, roleIds: ReadonlyMap<string, string>): Promise<CheckRow[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [row.fail(CHECK, dir, '--credentials-dir does not exist or is not a directory', issue('<role>', dir))];
  const files = FILES.map((name) => fileState(dir, name));
  const readable = files.every((f) => f.exists && !f.readError);
  const roleId = readable ? readTrimmed(dir, ROLE_ID_FILE) : undefined;
  const role = roleId ? roleIds.get(roleId) : undefined;
  const filesRow = evaluateCredentialFiles(dir, files, role);
  if (!readable) return [filesRow];
  if (!role) return [filesRow, row.fail(CHECK, dir, `role_id belongs to no role of the service registry (${SERVICES.map((s) => s.roleName).join(', ')})`, issue('<role>', dir))];
  const accessor = readTrimmed(dir, ACCESSOR_FILE);
  const info = await lookupSecretIdAccessor(ctx.client, role, accessor);
  return [filesRow, evaluateSecretId(role, dir, accessor, info, ctx.now, ctx.options.credentialsWarnBeforeSeconds)];
}

export const serviceCredentialsCheck: DoctorCheck = {
  id: CHECK,
  title: 'service credentials (--credentials-dir)',
  needs: 'token',
  async run(ctx: ServerContext) {
    if (ctx.options.credentialsDirs.length === 0) return [];
    const roleIds = new Map<string, string>();
    for (const s of SERVICES) {
      const id = await roleIdOf(ctx.client, s.roleName);
      if (id) roleIds.set(id, s.roleName);
    }
    const rows: CheckRow[] = [];
    for (const dir of ctx.options.credentialsDirs) rows.push(...(await checkDirectory(ctx, dir, roleIds)));
    return rows;
  },
};
