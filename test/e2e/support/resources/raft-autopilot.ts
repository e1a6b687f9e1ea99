// vault_raft_autopilot (TFP 5.6.0 vault/resource_raft_autopilot.go): Create and Update are the same
// call, a write (PUT) of sys/storage/raft/autopilot/configuration with each field that is set to a
// non-zero value (the provider uses d.GetOk, so false, 0 and "" are never sent); Read = GET of the
// same path, every field copied back as the server returns it (durations as Go strings such as
// "1h0m0s", compared as strings: a config "1h" would plan a change forever). Id = the path.
// Schema defaults: cleanup_dead_servers false, dead_server_last_contact_threshold 24h0m0s,
// last_contact_threshold 10s, max_trailing_logs 1000, min_quorum 3, server_stabilization_time 10s.
import { readOrUndefined, type Attributes, type ResourceHandler } from './types';
import type { VaultClient } from '../../../../vault-api/client';

const PATH = 'sys/storage/raft/autopilot/configuration';
const FIELDS = ['cleanup_dead_servers', 'last_contact_threshold', 'dead_server_last_contact_threshold', 'max_trailing_logs', 'min_quorum', 'server_stabilization_time'] as const;
const DEFAULTS: Readonly<Record<(typeof FIELDS)[number], unknown>> = {
  cleanup_dead_servers: false,
  dead_server_last_contact_threshold: '24h0m0s',
  last_contact_threshold: '10s',
  max_trailing_logs: 1000,
  min_quorum: 3,
  server_stabilization_time: '10s',
};

/** d.GetOk: the configured value, else the schema default, and only when it is not the zero value. */
async function write(client: VaultClient, d: Attributes): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = d[f] ?? DEFAULTS[f];
    if (v !== false && v !== 0 && v !== '' && v !== undefined && v !== null) body[f] = v;
  }
  await client.put(PATH, body);
}

export const raftAutopilotHandler: ResourceHandler = {
  type: 'vault_raft_autopilot',
  schema: {
    cleanup_dead_servers: { kind: 'bool', default: DEFAULTS.cleanup_dead_servers },
    dead_server_last_contact_threshold: { kind: 'string', default: DEFAULTS.dead_server_last_contact_threshold },
    last_contact_threshold: { kind: 'string', default: DEFAULTS.last_contact_threshold },
    max_trailing_logs: { kind: 'int', default: DEFAULTS.max_trailing_logs },
    min_quorum: { kind: 'int', default: DEFAULTS.min_quorum },
    server_stabilization_time: { kind: 'string', default: DEFAULTS.server_stabilization_time },
  },
  notMirrored: {
    namespace: 'namespaces are Vault Enterprise',
    disable_upgrade_migration: 'Vault Enterprise only (the provider refuses it elsewhere)',
  },
  id: () => PATH,
  async read(client, id) {
    const c = await readOrUndefined(client, id);
    if (!c) return undefined;
    return Object.fromEntries(FIELDS.filter((f) => f in c).map((f) => [f, c[f]]));
  },
  create: (client, d) => write(client, d),
  update: (client, _id, d) => write(client, d),
};
