// Renders a review as Markdown for a pull-request comment. The first line is a marker the
// workflow uses to find and update its own comment.
import { BindingChange, EnvironmentReview, PathAccessChange, ProfileChange, ResourceChange, ReviewResult } from './report-model';

export const COMMENT_MARKER = '<!-- hoodcloud-vault-review -->';

const AREA_TITLES: Record<PathAccessChange['area'], string> = {
  kv: 'Secrets (KV v2 mounts)',
  transit: 'Transit operations on the keys',
  control: 'Control paths (credentials, policies, audit, mounts)',
  'policy-rule': 'Other paths named in the policies',
};

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function caps(c: readonly string[]): string {
  return c.length ? c.join(', ') : '—';
}

function wrap(w: string | undefined): string {
  return w === undefined ? '' : ` (wrap ${w || 'none'})`;
}

function value(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return code(v);
  return code(JSON.stringify(v));
}

export function renderMarkdown(r: ReviewResult): string {
  const out: string[] = [COMMENT_MARKER, '## Vault access review'];
  if (r.blocking.length) {
    out.push('', `**Result: BLOCKING: ${r.blocking.length} destructive or opening change${r.blocking.length > 1 ? 's' : ''}.** Merging needs an explicit, reviewed opt-in.`, '');
    out.push('### Blocking changes', '');
    for (const f of r.blocking) out.push(`- :no_entry: **${f.environment}**: ${f.message} (${code(f.rule)})`);
  } else if (r.noChanges) {
    out.push('', '**Result: no access changes**, and no resource changes.');
  } else if (r.noAccessChanges) {
    out.push('', '**Result: no access changes** (no role gains or loses a capability, no binding moves). Other changes below; none blocks the merge.');
  } else {
    out.push('', '**Result: access changes below; none blocks the merge.**');
  }
  for (const env of r.environments) out.push('', ...renderEnvironment(env));
  out.push(
    '',
    '<sub>Computed from the synthesized Terraform JSON with Vault\'s own ACL rules (exact, `*`, `+`, priority, deny, union across policies). ' +
      'The built-in `default` policy is not modelled (it grants nothing on the KV and transit mounts). ' +
      'Replace or update comes from the real `terraform plan` where one was given (`--plan`), else from the provider\'s replacement rules.</sub>',
  );
  return out.join('\n') + '\n';
}

function renderEnvironment(env: EnvironmentReview): string[] {
  const out: string[] = [`### Environment ${code(env.environment)}`];
  const stacks = env.stacks.map((s) => (s.presence === 'both' ? code(s.stack) : `${code(s.stack)} (${s.presence === 'base-only' ? 'removed: only in base' : 'new: only in head'})`));
  out.push('', `Stacks: ${stacks.join(', ')}`);
  if (env.plannedStacks.length) out.push('', `Replace or update of ${env.plannedStacks.map(code).join(', ')} taken from the terraform plan itself.`);
  for (const n of env.notes) out.push('', `> ${n}`);
  const nothing = env.access.length === 0 && env.bindings.length === 0 && env.profile.length === 0 && env.resources.length === 0;
  if (nothing) {
    out.push('', 'No access changes. No resource changes.');
    return out;
  }
  if (env.blocking.length) {
    out.push('', ...env.blocking.map((f) => `- :no_entry: ${f.message}`));
  }
  out.push('', '#### Access');
  const accessChanged = env.access.filter((a) => a.changes.length > 0 || a.policiesBefore.join() !== a.policiesAfter.join());
  if (accessChanged.length === 0) out.push('', 'No access changes.');
  for (const role of accessChanged) {
    out.push('', `##### Role ${code(role.role)}`);
    if (role.policiesBefore.join() !== role.policiesAfter.join()) out.push('', `Policies: ${caps(role.policiesBefore)} → ${caps(role.policiesAfter)}`);
    if (role.changes.length === 0) out.push('', 'No capability changes.');
    for (const area of Object.keys(AREA_TITLES) as PathAccessChange['area'][]) {
      const rows = role.changes.filter((c) => c.area === area);
      if (rows.length === 0) continue;
      out.push('', `**${AREA_TITLES[area]}**`, '');
      if (area === 'transit') {
        out.push('| Operation | Path | Needs | Before | After |', '| --- | --- | --- | --- | --- |');
        for (const c of rows) {
          const op = c.operation!;
          const arrow = op.allowedAfter === op.allowedBefore ? '' : op.allowedAfter ? ' :arrow_up:' : ' :arrow_down:';
          out.push(`| ${cell(c.what)} | ${code(c.path)} | ${op.needs} | ${op.allowedBefore ? 'allowed' : 'denied'}${wrap(c.wrapping?.before)} | **${op.allowedAfter ? 'allowed' : 'denied'}**${wrap(c.wrapping?.after)}${arrow} |`);
        }
      } else {
        out.push('| Path | What | Gained | Lost | Now | Decided by |', '| --- | --- | --- | --- | --- | --- |');
        for (const c of rows) out.push(`| ${code(c.path)} | ${cell(c.what)} | ${c.gained.length ? `**+ ${c.gained.join(', ')}**` : '—'} | ${c.lost.length ? `− ${c.lost.join(', ')}` : '—'} | ${caps(c.after)}${c.wrapping ? ` (response wrapping ${c.wrapping.before || 'not required'} → ${c.wrapping.after || 'not required'})` : ''} | ${cell(c.decidedBy ?? '—')} |`);
      }
    }
  }
  if (env.bindings.length) out.push('', '#### CIDR bindings', '', ...renderBindings(env.bindings));
  if (env.profile.length) out.push('', '#### TTL and security profile', '', ...renderProfile(env.profile));
  if (env.resources.length) out.push('', '#### Resources', '', ...renderResources(env.resources));
  return out;
}

function renderBindings(rows: readonly BindingChange[]): string[] {
  const effect: Record<BindingChange['effect'], string> = { open: ':no_entry: **open to everyone**', widened: ':warning: widened', narrowed: 'narrowed', 'unchanged-scope': 'same scope' };
  return [
    '| Role | Field | Before | After | Effect |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((b) => `| ${code(b.role)} | ${b.field} | ${b.before ? caps(b.before.map(code)) : '—'} | ${b.after ? caps(b.after.map(code)) : '—'} | ${effect[b.effect]} |`),
  ];
}

function renderProfile(rows: readonly ProfileChange[]): string[] {
  const effect = { weaker: ':warning: weaker', stricter: 'stricter', changed: 'changed' };
  return ['| Role | Field | Before | After | Effect |', '| --- | --- | --- | --- | --- |', ...rows.map((p) => `| ${code(p.role)} | ${p.field} | ${value(p.before)} | ${value(p.after)} | ${effect[p.effect]} |`)];
}

function renderResources(rows: readonly ResourceChange[]): string[] {
  const action = { added: 'added', removed: ':x: removed', replaced: ':boom: replaced', updated: 'updated' };
  return [
    '| Stack | Resource | Change | Details |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => {
      const details = r.action === 'added' || r.action === 'removed' ? '' : r.changes.map((c) => (c.redacted ? (r.kind === 'policy' && c.attribute === 'policy' ? 'policy text changed (effects under Access)' : `${c.attribute} changed`) : `${c.attribute}: ${value(c.before)} → ${value(c.after)}`)).join('; ');
      const forced = r.forcedBy.length ? ` (forced by ${r.forcedBy.join(', ')})` : '';
      const moved = r.movedTo !== undefined ? ` (remounted to ${code(r.movedTo)})` : '';
      const planned = r.actionFrom === 'plan' ? ` (plan: ${r.planActions?.length ? r.planActions.join(', ') : 'not in the plan'})` : '';
      return `| ${r.stack} | ${r.type} ${code(r.key)} | ${action[r.action]}${forced}${moved}${planned} | ${cell(details) || '—'} |`;
    }),
  ];
}
