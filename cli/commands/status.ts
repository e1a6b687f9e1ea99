import { Command } from 'commander';
import { anonymousClient, authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { clusterFindings, clusterRows, readClusterView } from '../cluster/autopilot-state';
import { readDeclaredNodes } from '../cluster/declared-nodes';
import { NodeHealth, readNodeHealth } from '../cluster/node-health';
import { renderStatus } from '../cluster/status-report';
import { CliContext } from './context';

interface StatusFlags extends ConnectionFlags {
  serverJson?: string;
}

/** Exit codes: 0 healthy, 3 degraded (a leader, but a node unhealthy or the failure tolerance below what the voters allow), 1 no leader. */
const EXIT = { healthy: 0, degraded: 3, unavailable: 1 } as const;

export function registerStatus(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('status')
    .summary('the raft cluster: leader, voters and non-voters, health and failure tolerance, one row per node')
    .description(
      'Asks one node (--address) for autopilot\'s state (sys/storage/raft/autopilot/state: leader, voters, each server\'s ' +
        'health and last contact, the failure tolerance) and the raft configuration (sys/storage/raft/configuration, as ' +
        '`list-peers`), and prints one row per member. With --server-json it also asks every declared node\'s sys/health ' +
        '(active, standby, sealed, unreachable) and names declared nodes that are not members and members no longer declared. ' +
        'Without an active node autopilot has no answer: the cluster refuses writes even though a survivor may still answer reads. ' +
        'Needs a token that may read both paths (hoodcloud-admin may). Exits 0 healthy, 3 degraded, 1 without a leader.',
    )
    .option('--server-json <file>', 'the synthesized server stack (cdktf.out/stacks/prod-server/cdk.tf.json): add each declared node\'s sys/health');
  withConnectionOptions(cmd);
  cmd.action(async (flags: StatusFlags) => {
    const declared = flags.serverJson ? readDeclaredNodes(flags.serverJson) : undefined;
    const conn = resolveConnection(flags, ctx.io);
    const client = await authenticatedClient(conn, ctx.minted);
    const view = await readClusterView(client);
    let health: Map<string, NodeHealth> | undefined;
    if (declared) {
      const answers = await Promise.all(declared.nodes.map(async (n) => [n.nodeId, await readNodeHealth(anonymousClient({ ...conn, address: n.apiAddr }))] as const));
      health = new Map(answers);
    }
    const { verdict, findings } = clusterFindings(view, declared?.declared);
    ctx.io.out(renderStatus({ view, rows: clusterRows(view, declared?.declared), verdict, findings, health }));
    ctx.setExitCode(EXIT[verdict]);
  });
}
