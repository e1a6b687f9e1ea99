import { Command, Option } from 'commander';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { durationFlag } from '../duration-flag';
import { describeSnapshot } from '../snapshot/snapshot-archive';
import { checkNewSnapshotPath, readSnapshotFile } from '../snapshot/snapshot-file';
import { printRestore, runSnapshotRestore } from '../snapshot/restore';
import { runSnapshotSave } from '../snapshot/save';
import { CliContext } from './context';

interface SaveFlags extends ConnectionFlags {
  out: string;
}

interface RestoreFlags extends ConnectionFlags {
  file: string;
  wait: string;
}

export function registerSnapshot(program: Command, ctx: CliContext): void {
  const snapshot = program.command('snapshot').summary('raft snapshots: save (backup), verify a copy, restore onto a fresh server');

  const save = snapshot
    .command('save')
    .summary('take a raft snapshot and write it once to a new file (mode 0600), checked; prints size and sha256')
    .description(
      'Takes a raft snapshot (GET sys/storage/raft/snapshot; the hoodcloud-admin policy allows it) into a private temp file ' +
        'beside --out, checks it (gzip, tar members meta.json, state.bin, SHA256SUMS, SHA256SUMS.sealed, every checksum, the ' +
        'storage entries and the seal configuration), then publishes it under --out, which must not exist (never overwritten; ' +
        'the file appears complete or not at all). Prints size, sha256 and how many original unseal shares a restore needs; ' +
        'never any content. The snapshot holds every secret, encrypted by the barrier: it is useless without the unseal ' +
        'shares, but keep it as carefully as them (mode 0600, encrypted off-host copies).',
    )
    .addOption(new Option('--out <file>', 'new file for the snapshot, outside this repository (e.g. /var/backups/hoodcloud-vault/vault-<date>.raft.tgz)').makeOptionMandatory());
  withConnectionOptions(save);
  save.action(async (flags: SaveFlags) => {
    checkNewSnapshotPath('--out', flags.out); // before logging in: a bad --out costs no token
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    const summary = await runSnapshotSave(client, ctx.io, flags.out);
    ctx.io.out(`snapshot saved to ${flags.out}: ${describeSnapshot(summary).join('; ')}`);
  });

  const verify = snapshot
    .command('verify')
    .summary('check a snapshot file offline (e.g. an off-host copy) and print its size and sha256')
    .description(
      'Runs the checks of `snapshot save` on an existing file without contacting a server: gzip, tar members, SHA256SUMS, ' +
        'meta.json, storage entries, seal configuration. Exits 1 when the file is not an intact snapshot. ' +
        'SHA256SUMS.sealed can only be checked by a server holding the original keys.',
    )
    .addOption(new Option('--file <file>', 'snapshot file').makeOptionMandatory());
  verify.action((flags: { file: string }) => {
    const summary = readSnapshotFile('--file', flags.file);
    ctx.io.out(`${flags.file}: intact raft snapshot: ${describeSnapshot(summary).join('; ')}`);
  });

  const restore = snapshot
    .command('restore')
    .summary("restore a snapshot onto a fresh server (its own root token); afterwards it is sealed with the ORIGINAL cluster's keys")
    .description(
      'For disaster recovery onto a NEW server: initialize it with throwaway shares, unseal it, and run restore with its root ' +
        'token (--token-file or VAULT_TOKEN). The file is checked first; the server must be unsealed, on raft storage and fresh ' +
        '(no mounts, auth methods or policies beyond the defaults), because the restore replaces all of its data. ' +
        'POST sys/storage/raft/snapshot-force is used: a snapshot of another cluster fails the sealed checksum check by design. ' +
        'The server then seals itself; unseal it with the ORIGINAL cluster\'s shares (`unseal`). If it still reports its own ' +
        'pre-restore seal configuration, restart the server process first (restore says so).',
    )
    .addOption(new Option('--file <file>', 'snapshot file written by `snapshot save`').makeOptionMandatory())
    .addOption(new Option('--wait <duration>', 'how long to wait for the server to seal itself after the restore').default('2m'));
  withConnectionOptions(restore);
  restore.action(async (flags: RestoreFlags) => {
    const waitSeconds = durationFlag('--wait', flags.wait);
    if (waitSeconds < 1) ctx.usage(`--wait: "${flags.wait}" is too short; expected at least 1s (the server seals itself a few seconds after the restore)`);
    const conn = resolveConnection(flags, ctx.io);
    const result = await runSnapshotRestore(() => authenticatedClient(conn, ctx.minted), ctx.io, { file: flags.file, waitSeconds });
    ctx.minted.dropAll(); // the snapshot's token store replaced the server's: a token logged in for here no longer exists
    printRestore(ctx.io, flags.file, conn.address, result);
  });
}
