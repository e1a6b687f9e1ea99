// HC-POLICY-4: rules under a KV v2 mount name the API prefix (data/, metadata/, ...).
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { KV_V2_API_PREFIXES } from '../kv-v2-engine';
import { VaultPolicy } from '../vault-policy';
import { trimSlashes } from './declared-mounts';
import { allNodes, Guardrail, Violation } from './guardrail';

/** Paths of KV version 2 mounts (`type = "kv"` with `options.version = "2"`, or `type = "kv-v2"`). */
export function kvV2MountPaths(nodes: ReturnType<typeof allNodes>): string[] {
  return nodes
    .filter((n): n is Mount => n instanceof Mount)
    .filter((m) => m.typeInput === 'kv-v2' || (m.typeInput === 'kv' && (m.optionsInput as Record<string, string> | undefined)?.version === '2'))
    .map((m) => trimSlashes(m.pathInput ?? ''));
}

export const kvV2ApiPrefix: Guardrail = {
  id: 'HC-POLICY-4',
  description: 'Rules under a KV v2 mount start with one of its API prefixes (data/, metadata/, delete/, undelete/, destroy/, subkeys/, config)',
  check({ stack }) {
    const nodes = allNodes(stack);
    const kvMounts = kvV2MountPaths(nodes);
    const out: Violation[] = [];
    for (const policy of nodes.filter(VaultPolicy.isVaultPolicy)) {
      for (const rule of policy.document.rules) {
        const mount = kvMounts.find((m) => rule.path.startsWith(`${m}/`));
        if (!mount) continue;
        const prefix = rule.path.slice(mount.length + 1).split('/')[0];
        if (!(KV_V2_API_PREFIXES as readonly string[]).includes(prefix)) {
          out.push({
            construct: policy,
            field: 'path',
            value: rule.path,
            message: `is under the KV v2 mount ${mount}/ but misses the data/ or metadata/ prefix, so it matches no secret; write ${mount}/data/<path> for values and ${mount}/metadata/<path> for listing (kv.grantRead does this)`,
          });
        }
      }
    }
    return out;
  },
};
