import { Construct } from 'constructs';
import { RaftAutopilot } from '@cdktf/provider-vault/lib/raft-autopilot';
import { goDurationString } from '../model/duration';

/** The raft endpoints of a cluster, as the policies grant them and the operations CLI reads them. */
export const RAFT_PATHS = {
  /** Autopilot settings: one object per cluster (the config stack's vault_raft_autopilot). */
  autopilotConfiguration: 'sys/storage/raft/autopilot/configuration',
  /** Autopilot's view: leader, voters, per-server health, failure tolerance (served by the active node). */
  autopilotState: 'sys/storage/raft/autopilot/state',
  /** The raft configuration (`list-peers`): every member, voter or not, as this node knows it. */
  configuration: 'sys/storage/raft/configuration',
} as const;

export interface RaftAutopilotConfigProps {
  /** Prune dead servers; needs minQuorum >= 3 (the server refuses it otherwise). */
  readonly cleanupDeadServers: boolean;
  /** Autopilot never prunes the cluster below this many voters. */
  readonly minQuorum: number;
  /** Without leader contact this long a server counts as dead (the server's minimum is 60 s). */
  readonly deadServerLastContactThresholdSeconds: number;
  /** Without leader contact this long a server counts as unhealthy. */
  readonly lastContactThresholdSeconds: number;
  /** A joined server must be healthy this long before it becomes a voter. */
  readonly serverStabilizationTimeSeconds: number;
  readonly maxTrailingLogs: number;
}

/**
 * Autopilot of a raft cluster: how it judges node health and when it prunes a dead node.
 * Durations are written as Vault returns them (`1h0m0s`), so the provider reads back what it wrote.
 */
export class RaftAutopilotConfig extends Construct {
  readonly resource: RaftAutopilot;

  constructor(scope: Construct, id: string, props: RaftAutopilotConfigProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => autopilotProblems(props) });
    const seconds = (n: number) => (Number.isInteger(n) && n >= 0 ? goDurationString(n) : String(n));
    this.resource = new RaftAutopilot(this, 'config', {
      cleanupDeadServers: props.cleanupDeadServers,
      minQuorum: props.minQuorum,
      deadServerLastContactThreshold: seconds(props.deadServerLastContactThresholdSeconds),
      lastContactThreshold: seconds(props.lastContactThresholdSeconds),
      serverStabilizationTime: seconds(props.serverStabilizationTimeSeconds),
      maxTrailingLogs: props.maxTrailingLogs,
    });
  }
}

/** What the server would refuse, found at synth instead (each names the prop, the value and the rule). */
function autopilotProblems(p: RaftAutopilotConfigProps): string[] {
  const problems: string[] = [];
  const bad = (field: string, value: unknown, expected: string) => problems.push(`${field} = ${JSON.stringify(value)}: ${expected}`);
  const wholeSeconds = (field: keyof RaftAutopilotConfigProps, min: number) => {
    const v = p[field] as number;
    if (!Number.isInteger(v) || v < min) bad(field, v, `expected whole seconds >= ${min}`);
  };
  if (!Number.isInteger(p.minQuorum) || p.minQuorum < 1) bad('minQuorum', p.minQuorum, 'expected a whole number of voters >= 1');
  else if (p.cleanupDeadServers && p.minQuorum < 3) bad('minQuorum', p.minQuorum, 'expected at least 3 with cleanupDeadServers (the server refuses dead-server cleanup below a quorum of 3)');
  wholeSeconds('deadServerLastContactThresholdSeconds', 60);
  wholeSeconds('lastContactThresholdSeconds', 1);
  wholeSeconds('serverStabilizationTimeSeconds', 1);
  if (!Number.isInteger(p.maxTrailingLogs) || p.maxTrailingLogs < 1) bad('maxTrailingLogs', p.maxTrailingLogs, 'expected a whole number of log entries >= 1');
  return problems;
}
