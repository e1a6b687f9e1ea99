// Can a service keep its token alive the way the agents do, renewing at 75 % of its TTL? That needs
// a TTL long enough to leave time to retry (at least 5 minutes: MIN_TOKEN_TTL_SECONDS, the
// constructs' own bound), a max TTL above the TTL (or there is nothing to renew into), and a mount
// whose max lease TTL does not cut the role's max TTL short.
import { MIN_TOKEN_TTL_SECONDS } from '../../constructs/approle';
import { formatSeconds } from '../../model/duration';
import { SERVICES } from '../../services/registry';
import { APPROLE_MOUNT_PATH, readMountLeaseTtls, findRoleSettings, RoleSettings } from '../credentials/approle-api';
import { CheckRow, DoctorCheck, REAPPLY, row, ServerContext } from './check';

const CHECK = 'token-ttl';
const RENEW_AT = 0.75;

export interface MountLeaseTtls {
  readonly defaultLeaseTtl: number;
  readonly maxLeaseTtl: number;
}

const SETTING = `the environment's ttl (tokenTtlSeconds, tokenMaxTtlSeconds in stacks/environments.ts), then ${REAPPLY}`;

/** The row of one role (a missing role is the role-binding check's to report). */
export function evaluateTokenTtls(role: string, settings: RoleSettings, mount: MountLeaseTtls): CheckRow {
  // What the server applies: 0 on the role means the mount's value; the mount's max caps everything.
  const ttl = settings.tokenTtlSeconds > 0 ? settings.tokenTtlSeconds : mount.defaultLeaseTtl;
  const roleMax = settings.tokenMaxTtlSeconds > 0 ? settings.tokenMaxTtlSeconds : mount.maxLeaseTtl;
  const max = Math.min(roleMax, mount.maxLeaseTtl);
  const f = formatSeconds;
  const described = `token_ttl ${f(ttl)}${settings.tokenTtlSeconds > 0 ? '' : ' (mount default)'}, token_max_ttl ${f(roleMax)}${settings.tokenMaxTtlSeconds > 0 ? '' : ' (mount max)'}, mount max_lease_ttl ${f(mount.maxLeaseTtl)}`;
  if (ttl < MIN_TOKEN_TTL_SECONDS) {
    return row.fail(CHECK, role, `${described}: renewing at 75 % (${f(ttl * RENEW_AT)}) leaves ${f(ttl * (1 - RENEW_AT))} to retry; expected token_ttl >= ${f(MIN_TOKEN_TTL_SECONDS)}`, `token_ttl >= ${f(MIN_TOKEN_TTL_SECONDS)}: ${SETTING}`);
  }
  if (settings.tokenMaxTtlSeconds > mount.maxLeaseTtl) {
    return row.fail(CHECK, role, `${described}: the mount cuts tokens at ${f(mount.maxLeaseTtl)}, below the role's max`, `token_max_ttl <= ${f(mount.maxLeaseTtl)} (${SETTING}), or raise max_lease_ttl of ${APPROLE_MOUNT_PATH}`);
  }
  if (max <= ttl) {
    return row.fail(CHECK, role, `${described}: the max TTL is not above the TTL, so a renewal at 75 % cannot extend the token`, `token_max_ttl > token_ttl: ${SETTING}`);
  }
  return row.ok(CHECK, role, `${described}: renews at ${f(ttl * RENEW_AT)}, lives at most ${f(max)}`);
}

export const tokenTtlsCheck: DoctorCheck = {
  id: CHECK,
  title: 'token TTLs fit for renewal at 75 %',
  needs: 'token',
  async run(ctx: ServerContext) {
    const mount = await readMountLeaseTtls(ctx.client);
    const rows: CheckRow[] = [];
    for (const service of SERVICES) {
      const settings = await findRoleSettings(ctx.client, service.roleName);
      if (settings) rows.push(evaluateTokenTtls(service.roleName, settings, mount));
    }
    return rows;
  },
};
