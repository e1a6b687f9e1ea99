// Differential test of the review's ACL evaluator against a real OpenBao server: the same policies
// are written to the server and parsed by the evaluator; for every token (a set of policies) and a
// few hundred generated paths, the evaluator's answer must equal the server's `sys/capabilities`.
// Any disagreement fails with the path, the policies and both answers.
import { parsePolicy, ParsedPolicy } from '../../model/policy-parser';
import { Acl } from '../../review/acl-evaluator';
import { RunningServer, startDevServer } from '../support/vault-server';
import { VaultClient } from '../../vault-api/client';
import { generatePolicies, GeneratedPolicy, pathsFor } from '../review/support/acl-cases';
import { rolePolicyTexts } from '../review/support/synth-fixture';
import { layoutProbes } from '../../review/probes';
import { LAYOUT } from '../../stacks/layout';

interface TokenCase {
  readonly label: string;
  readonly policies: readonly GeneratedPolicy[];
  readonly paths: readonly string[];
}

interface Disagreement {
  readonly token: string;
  readonly path: string;
  readonly evaluator: string[];
  readonly server: string[];
  readonly decidingRule: string;
}

const SEED = 20261128;

async function serverCapabilities(client: VaultClient, token: string, paths: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < paths.length; i += 100) {
    const chunk = paths.slice(i, i + 100);
    const body = await client.post<Record<string, unknown>>('sys/capabilities', { token, paths: chunk });
    const data = (body.data ?? body) as Record<string, unknown>;
    for (const p of chunk) {
      const caps = data[p];
      if (!Array.isArray(caps)) throw new Error(`sys/capabilities answered no list for path ${JSON.stringify(p)}: ${JSON.stringify(data).slice(0, 300)}`);
      out.set(p, [...(caps as string[])].sort());
    }
  }
  return out;
}

function describeDisagreements(tc: TokenCase, ds: readonly Disagreement[]): string {
  const lines = ds.slice(0, 20).map((d) => `  path ${JSON.stringify(d.path)}: evaluator ${JSON.stringify(d.evaluator)} vs server ${JSON.stringify(d.server)} (evaluator's deciding rule: ${d.decidingRule})`);
  const policies = tc.policies.map((p) => `--- policy ${p.name} ---\n${p.text}`).join('\n');
  return `${ds.length} disagreement(s) for token ${tc.label}:\n${lines.join('\n')}\n${policies}`;
}

describe('ACL evaluator vs a real OpenBao server (sys/capabilities)', () => {
  let server: RunningServer;
  let root: VaultClient;
  const cases: TokenCase[] = [];

  beforeAll(async () => {
    server = await startDevServer();
    root = server.client();

    // The project's real role policies, from a fresh synth of the app.
    const roles = await rolePolicyTexts();
    const rolePolicies: GeneratedPolicy[] = roles.map((r) => ({ name: r.name, text: r.policy, patterns: parsePolicy(r.name, r.policy).rules.map((x) => x.pattern) }));
    const roleSeeds = rolePolicies.flatMap((p) => p.patterns);
    // Every path the review's report asks about (layout, transit operations, control paths).
    const reportPaths = layoutProbes({ kvMounts: [LAYOUT.kvMount], transitKeys: [`${LAYOUT.transitMount}/${LAYOUT.masterKey}`], approleMounts: [LAYOUT.approleMount], auditDevices: [LAYOUT.auditDevice], roleNames: roles.map((r) => r.name), policyNames: roles.map((r) => r.name) }).map((p) => p.path);
    for (const [i, p] of rolePolicies.entries()) {
      cases.push({ label: `role ${p.name}`, policies: [p], paths: [...new Set([...reportPaths, ...pathsFor(SEED + i, p.patterns, 250), ...pathsFor(SEED + 50 + i, roleSeeds, 100)])] });
    }
    cases.push({ label: 'all four roles together', policies: rolePolicies, paths: [...new Set([...reportPaths, ...pathsFor(SEED + 99, roleSeeds, 300)])] });

    // Adversarial generated policies, alone and layered (shared patterns, deny, empty, legacy, JSON).
    for (let g = 0; g < 6; g++) {
      const policies = generatePolicies(SEED * 7 + g, `adv${g}`, 3, 10);
      cases.push({ label: `adv${g}-0 alone`, policies: [policies[0]], paths: pathsFor(SEED + 200 + g, policies[0].patterns, 250) });
      cases.push({ label: `adv${g}-* layered`, policies, paths: pathsFor(SEED + 300 + g, policies.flatMap((p) => p.patterns), 300) });
    }

    // Sparse policies (two rules each): few overlaps, so fallbacks and near misses decide more often.
    for (let g = 0; g < 12; g++) {
      const [sparse] = generatePolicies(SEED * 13 + g, `sparse${g}`, 1, 2);
      cases.push({ label: `sparse${g}-0`, policies: [sparse], paths: pathsFor(SEED + 400 + g, sparse.patterns, 60) });
    }

    const written = new Set<string>();
    for (const tc of cases) {
      for (const p of tc.policies) {
        if (written.has(p.name)) continue;
        await root.put(`sys/policies/acl/${p.name}`, { policy: p.text });
        written.add(p.name);
      }
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('GIVEN the real role policies and adversarial generated ones WHEN every token asks sys/capabilities on its generated paths THEN the evaluator gives the same answer every time', async () => {
    let compared = 0;
    const failures: string[] = [];
    for (const tc of cases) {
      const created = await root.post<{ auth: { client_token: string } }>('auth/token/create', {
        policies: tc.policies.map((p) => p.name),
        no_default_policy: true,
        ttl: '10m',
      });
      const token = created.auth.client_token;
      const docs: ParsedPolicy[] = tc.policies.map((p) => parsePolicy(p.name, p.text));
      const acl = new Acl(docs);
      const answers = await serverCapabilities(root, token, tc.paths);
      const ds: Disagreement[] = [];
      for (const path of tc.paths) {
        const mine = acl.serverCapabilities(path);
        const theirs = answers.get(path)!;
        compared++;
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
          const rule = acl.decide(path).rule;
          ds.push({ token: tc.label, path, evaluator: mine, server: theirs, decidingRule: rule ? `${rule.pattern} from ${rule.policies.join(', ')}` : 'none' });
        }
      }
      if (ds.length) failures.push(describeDisagreements(tc, ds));
    }
    console.log(`ACL differential: ${compared} (token, path) pairs over ${cases.length} tokens compared with ${server.binary.flavour} ${server.version}`);
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
  });

  test('GIVEN a policy the evaluator refuses WHEN the same text is written to the server THEN the server refuses it too', async () => {
    const bad = ['path "a/+*" { capabilities = ["read"] }', 'path "a" { capabilities = ["subscribe"] }', 'path "a" { policy = "admin" }', 'path "a" { capabilitys = ["read"] }'];
    for (const text of bad) {
      expect(() => parsePolicy('bad', text)).toThrow();
      const res = await root.raw('PUT', 'sys/policies/acl/bad', { body: { policy: text } });
      expect({ text, status: res.status }).toEqual({ text, status: 400 });
    }
  });
});
