import { RaftAutopilotConfig, RaftAutopilotConfigProps } from '../../constructs/raft-autopilot';
import { onlyResource, validationErrors, vaultStack } from './support';

const PROPS: RaftAutopilotConfigProps = {
  cleanupDeadServers: true,
  minQuorum: 3,
  deadServerLastContactThresholdSeconds: 3600,
  lastContactThresholdSeconds: 10,
  serverStabilizationTimeSeconds: 10,
  maxTrailingLogs: 1000,
};

function autopilot(overrides: Partial<RaftAutopilotConfigProps> = {}) {
  const stack = vaultStack();
  new RaftAutopilotConfig(stack, 'autopilot', { ...PROPS, ...overrides });
  return stack;
}

describe('RaftAutopilotConfig', () => {
  test('GIVEN durations in seconds WHEN synthesized THEN they are written as the server returns them (no perpetual plan diff)', () => {
    expect(onlyResource(autopilot({ deadServerLastContactThresholdSeconds: 5400 }), 'vault_raft_autopilot')).toMatchObject({
      cleanup_dead_servers: true,
      min_quorum: 3,
      dead_server_last_contact_threshold: '1h30m0s',
      last_contact_threshold: '10s',
      server_stabilization_time: '10s',
      max_trailing_logs: 1000,
    });
  });

  test.each([
    [{ minQuorum: 2 }, 'minQuorum = 2: expected at least 3 with cleanupDeadServers'],
    [{ deadServerLastContactThresholdSeconds: 30 }, 'deadServerLastContactThresholdSeconds = 30: expected whole seconds >= 60'],
    [{ lastContactThresholdSeconds: 0.5 }, 'lastContactThresholdSeconds = 0.5: expected whole seconds >= 1'],
    [{ maxTrailingLogs: 0 }, 'maxTrailingLogs = 0: expected a whole number of log entries >= 1'],
  ])('GIVEN %j WHEN synthesized THEN the synth refuses what the server would refuse', (overrides, message) => {
    expect(validationErrors(autopilot(overrides))).toEqual([expect.stringContaining(message)]);
  });

  test('GIVEN a quorum of 2 without cleanup WHEN synthesized THEN it passes (near miss: the minimum applies to cleanup only)', () => {
    expect(validationErrors(autopilot({ cleanupDeadServers: false, minQuorum: 2 }))).toEqual([]);
  });
});
