// `secrets rotate <path>`: writes the next version of one catalog secret with check-and-set on the
// version it read. Generated fields are generated anew (seed's generators), supplied ones take
// the --values given, the rest keep their current value; a keypair's replaced public key stays
// verifiable for --grace (secrets-catalog/previous-key.ts). Everything is read, generated and
// validated before the one write.
import { VaultClient } from '../../vault-api/client';
import { DEFAULT_RSA_BITS, MAX_RSA_BITS, MIN_RSA_BITS, parseRsaPrivateKeyPem } from '../../secrets-catalog/rsa-keypair';
import { planRotation } from '../../secrets-catalog/rotation-plan';
import { SecretEntry } from '../../secrets-catalog/secret-entry';
import { SuppliedValues } from '../../secrets-catalog/supplied-values';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { readSecret } from './kv';
import { ChangeResult, PreparedChange, refuseProblems, writeChange } from './secret-change';
import { catalogEntry, existingMetadata } from './versions';

export interface RotateOptions {
  readonly mount: string;
  readonly path: string;
  /** The --values file's content: it may name this secret only. */
  readonly supplied?: SuppliedValues;
  readonly graceSeconds: number;
  /** @default the size of the current key (else 4096) */
  readonly rsaBits?: number;
  /** @default the clock */
  readonly now?: Date;
}

/** This secret's member of the --values file; a usage error when the file names other secrets (a rotation changes one). */
export function valuesFor(supplied: SuppliedValues | undefined, logicalPath: string): Readonly<Record<string, unknown>> | undefined {
  if (!supplied) return undefined;
  const others = Object.keys(supplied).filter((p) => p !== logicalPath);
  if (others.length > 0) {
    throw new CliError(`--values: the file also holds values for ${others.join(', ')}; a rotation changes one secret: give a file with "${logicalPath}" only`, 2);
  }
  if (!(logicalPath in supplied)) throw new CliError(`--values: the file holds no values for "${logicalPath}"; expected {"${logicalPath}": {"<field>": value}}`, 2);
  return supplied[logicalPath];
}

/** The current key's size, so a rotation keeps it unless --rsa-bits says otherwise. */
function currentRsaBits(entry: SecretEntry, data: Readonly<Record<string, unknown>>): number {
  const field = entry.fields.find((f) => f.kind === 'rsa-private-key-pem');
  const pem = field ? data[field.name] : undefined;
  if (typeof pem !== 'string') return DEFAULT_RSA_BITS;
  try {
    const bits = parseRsaPrivateKeyPem(pem).asymmetricKeyDetails?.modulusLength ?? DEFAULT_RSA_BITS;
    return bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS ? bits : DEFAULT_RSA_BITS;
  } catch {
    return DEFAULT_RSA_BITS;
  }
}

/** Reads the current version and plans the next one; throws (nothing written) on any problem. */
export async function prepareRotation(client: VaultClient, io: CliIo, opts: RotateOptions, progress = new Progress(io, 3)): Promise<PreparedChange> {
  const entry = catalogEntry(opts.path);
  const given = valuesFor(opts.supplied, opts.path);
  progress.next(`Reading ${opts.mount}/${entry.path}`);
  const metadata = await existingMetadata(client, opts.mount, entry.path);
  const current = await readSecret(client, opts.mount, entry.path, metadata.currentVersion);
  if (current.kind === 'error') throw new CliError(`reading ${entry.path} version ${metadata.currentVersion} failed: ${current.reason}`);
  if (current.kind === 'absent') {
    throw new CliError(`${entry.path}: its current version ${metadata.currentVersion} is deleted or destroyed; restore a readable one with \`secrets rollback ${entry.path} --to <version>\` (see \`secrets versions ${entry.path}\`)`);
  }
  progress.detail(`version ${metadata.currentVersion}`);
  const rsaBits = opts.rsaBits ?? currentRsaBits(entry, current.data);
  progress.next(`Generating and validating the next version${entry.fields.some((f) => f.kind === 'rsa-private-key-pem') ? ` (RSA ${rsaBits} bits)` : ''}`);
  const plan = await planRotation({ entry, current: current.data, supplied: given, now: opts.now ?? new Date(), graceSeconds: opts.graceSeconds, rsaBits });
  refuseProblems(plan);
  return { entry, mount: opts.mount, readVersion: metadata.currentVersion, plan };
}

export async function runRotate(client: VaultClient, io: CliIo, opts: RotateOptions): Promise<ChangeResult> {
  const progress = new Progress(io, 3);
  const prepared = await prepareRotation(client, io, opts, progress);
  progress.next(`Writing the next version with check-and-set on version ${prepared.readVersion}`);
  return writeChange(client, prepared, 'rotating');
}
