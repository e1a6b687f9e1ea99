import { Command } from 'commander';
import { anonymousClient, resolveConnection, ConnectionFlags } from '../connection';
import { readDeclaredNodes } from '../cluster/declared-nodes';
import { UnsealTarget } from '../cluster/cluster-unseal';
import { renderOutcomes, runUnseal } from '../unseal/unseal-command';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface UnsealFlags extends Omit<ConnectionFlags, 'address'> {
  address: string[];
  serverJson?: string;
  shareFile: string[];
  reset?: boolean;
}

export function registerUnseal(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('unseal')
    .summary('enter unseal shares one at a time and report progress (n of 3), on one node or every node of the cluster')
    .description(
      'Unseals sealed servers (e.g. after every restart). Shares come from --share-file (in order) or, without it, are ' +
        'typed without echo (one per line when stdin is not a terminal). Progress is kept by each server, so custodians may ' +
        'come one by one: each runs `unseal` with their own share. Every node of a raft cluster needs the shares itself: ' +
        'give each node with --address (repeatable), or --server-json to take every node the synthesized server stack ' +
        'declares; each share is entered once and given to every node still sealed. A node counts as unsealed when its ' +
        'sys/health says so (a joining node may still reply sealed to its last share). Exits 0 when every node is unsealed ' +
        'or progress was made, 1 when a node could not be reached, was not initialized or stayed sealed.',
    )
    .option('--address <url>', 'a node, e.g. https://10.0.0.5:8200 (repeatable: every node of a cluster; default: $VAULT_ADDR)', collectRepeated, [])
    .option('--ca-cert <file>', 'PEM CA certificate that signed the servers\' certificates (default: $VAULT_CACERT)')
    .option('--server-json <file>', 'the synthesized server stack (cdktf.out/stacks/prod-server/cdk.tf.json): unseal every node it declares, at its api_addr')
    .option('--share-file <file>', 'file holding one decrypted unseal share (repeatable)', collectRepeated, [])
    .option('--reset', 'discard the shares entered so far before starting');
  cmd.action(async (flags: UnsealFlags) => {
    if (flags.serverJson && flags.address.length > 0) ctx.usage('pass either --address (repeatable) or --server-json, not both');
    const targets: UnsealTarget[] = [];
    if (flags.serverJson) {
      for (const node of readDeclaredNodes(flags.serverJson).nodes) {
        targets.push({ label: node.nodeId, client: anonymousClient(resolveConnection({ ...flags, address: node.apiAddr }, ctx.io)) });
      }
    } else if (flags.address.length > 0) {
      for (const address of flags.address) {
        const conn = resolveConnection({ ...flags, address }, ctx.io);
        targets.push({ label: conn.address, client: anonymousClient(conn) });
      }
    } else {
      const conn = resolveConnection({ ...flags, address: undefined }, ctx.io);
      targets.push({ label: conn.address, client: anonymousClient(conn) });
    }
    const duplicate = targets.find((t, i) => targets.findIndex((u) => u.client.options.address === t.client.options.address) !== i);
    if (duplicate) ctx.usage(`--address: ${duplicate.client.options.address} is given twice; name each node once`);
    const outcomes = await runUnseal(targets, ctx.io, { shareFiles: flags.shareFile, reset: Boolean(flags.reset) });
    ctx.io.out(renderOutcomes(outcomes));
  });
}
