// What `secrets rotate` and `secrets rollback` share: the check-and-set write of a planned next
// version (a conflict means someone wrote meanwhile: reported, nothing written) and the summary.
import { VaultClient } from '../../vault-api/client';
import { SecretEntry } from '../../secrets-catalog/secret-entry';
import { previousKeyFields } from '../../secrets-catalog/previous-key';
import { SecretChangePlan } from '../../secrets-catalog/rotation-plan';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { isCasMismatch, readMetadata, readMountMaxVersions, SecretMetadata, writeSecret } from './kv';
import { printVersions } from './versions';

/** A planned next version and the version it replaces (the write is check-and-set on it). */
export interface PreparedChange {
  readonly entry: SecretEntry;
  readonly mount: string;
  readonly readVersion: number;
  readonly plan: SecretChangePlan;
}

export interface ChangeResult extends PreparedChange {
  readonly writtenVersion: number;
  readonly metadata: SecretMetadata;
  /** The mount's max_versions, when readable. */
  readonly mountMaxVersions?: number;
}

/** Refuses a plan with problems: nothing is written. */
export function refuseProblems(plan: SecretChangePlan): void {
  if (plan.problems.length > 0) throw new CliError(`nothing written: ${plan.problems.length} problem(s):\n${plan.problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** Writes the planned version with cas = the version read; a conflict is a CliError and nothing is written. */
export async function writeChange(client: VaultClient, prepared: PreparedChange, doing: string): Promise<ChangeResult> {
  const { entry, mount, readVersion } = prepared;
  let writtenVersion: number;
  try {
    writtenVersion = await writeSecret(client, mount, entry.path, prepared.plan.data, readVersion);
  } catch (e) {
    if (isCasMismatch(e)) {
      throw new CliError(
        `${entry.path} changed while ${doing} it: version ${readVersion} was read, and the server now holds a newer version (someone wrote meanwhile); ` +
          `nothing was written. See \`secrets versions ${entry.path}\`, then run again.`,
      );
    }
    throw new CliError(`writing ${entry.path} failed: ${describeError(e)}; nothing was written`);
  }
  const metadata = (await readMetadata(client, mount, entry.path)) ?? { currentVersion: writtenVersion, maxVersions: 0, versions: [] };
  return { ...prepared, writtenVersion, metadata, mountMaxVersions: await readMountMaxVersions(client, mount) };
}

const names = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : '-');

/** The summary on stdout: fields by origin (names only), the key handover, the versions kept. */
export function printChange(io: CliIo, result: ChangeResult, headline: string): void {
  const { plan, entry } = result;
  io.out(`${headline}: version ${result.writtenVersion} written (check-and-set on version ${result.readVersion})`);
  if (plan.restored.length > 0) {
    io.out(`  restored:  ${names(plan.restored)}`);
  } else {
    io.out(`  generated: ${names(plan.generated)}`);
    io.out(`  supplied:  ${names(plan.supplied)}`);
    io.out(`  kept:      ${names(plan.kept)}`);
  }
  const fields = previousKeyFields(entry);
  if (fields) {
    if (plan.handover.previous) {
      io.out(`  previous public key (${fields.previousKey}) verifies until ${plan.handover.previous.expiresAt}${plan.handover.previous.carried ? ' (carried over with its own expiry)' : ''}`);
    } else if (plan.handover.dropped > 0) {
      io.out(`  no previous public key (--grace 0): ${plan.handover.dropped} earlier key(s) stop verifying; only ${fields.publicKey} verifies`);
    } else {
      io.out(`  no previous public key: ${fields.publicKey} is unchanged`);
    }
  }
  printVersions(io, entry.path, result.metadata, result.mountMaxVersions);
}
