// Issue 3, proof 6: the file audit device records the requests the tests make, and no secret
// value written or produced during the tests (KV values, transit plaintexts, data keys, secret
// IDs, tokens) appears in the audit log in plaintext: the device HMACs them.
import { MASTER_KEY } from './access-matrix';
import { credentials, loginAs, type RoleSession } from './support/approle-login';
import { randomSecretValue, seedCatalog, type SeededSecret } from './support/seed';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
let seeded: SeededSecret[];
let controlPlane: RoleSession;
const secrets: { label: string; value: string }[] = [];
let entries: Record<string, unknown>[];
let logText: string;

beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}; audit log ${target.auditLogPath}`);
  seeded = await seedCatalog(target.root);
  for (const s of seeded) for (const [field, value] of Object.entries(s.data)) secrets.push({ label: `${s.path}#${field}`, value });
  controlPlane = await loginAs(target.root, 'hoodcloud-control-plane');
  secrets.push({ label: 'control-plane client token', value: controlPlane.token });
  const extra = await credentials(target.root, 'hoodcloud-auth-server');
  secrets.push({ label: 'auth-server secret_id', value: extra.secretId });
  for (const s of seeded.filter((x) => x.path.startsWith('hoodcloud/control-plane/'))) await controlPlane.client.get(`secret/data/${s.path}`);
  const plaintext = randomSecretValue('transit-plaintext');
  secrets.push({ label: 'transit plaintext', value: plaintext }, { label: 'transit plaintext (base64)', value: Buffer.from(plaintext).toString('base64') });
  await controlPlane.client.post(`transit/encrypt/${MASTER_KEY}`, { plaintext: Buffer.from(plaintext).toString('base64') });
  const dk = (await controlPlane.client.post(`transit/datakey/plaintext/${MASTER_KEY}`, { bits: 256 })).data as Record<string, string>;
  secrets.push({ label: 'data key plaintext', value: dk.plaintext });
  logText = target.readAuditLog();
  entries = logText.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
});
afterAll(async () => { await target?.close(); });

const req = (e: Record<string, unknown>) => (e.request ?? {}) as Record<string, unknown>;

describe('GIVEN the file audit device declared by the e2e stack', () => {
  test('WHEN the tests read secrets, log in and use transit THEN each request and its response are in the audit log', () => {
    expect(entries.length).toBeGreaterThan(0);
    const has = (type: string, path: string) => entries.some((e) => e.type === type && req(e).path === path);
    const wanted = [
      ...seeded.filter((s) => s.path.startsWith('hoodcloud/control-plane/')).map((s) => `secret/data/${s.path}`),
      'auth/approle/login', `transit/encrypt/${MASTER_KEY}`, `transit/datakey/plaintext/${MASTER_KEY}`,
    ];
    for (const path of wanted) expect({ path, request: has('request', path), response: has('response', path) }).toEqual({ path, request: true, response: true });
    const login = entries.find((e) => e.type === 'response' && req(e).path === 'auth/approle/login' && req(e).remote_address === controlPlane.sourceAddress);
    expect(login).toBeDefined();
  });

  test('WHEN the whole audit log is searched THEN no secret value written or produced by the tests appears in plaintext', () => {
    expect(secrets.length).toBeGreaterThan(10);
    const leaked = secrets.filter((s) => logText.includes(s.value)).map((s) => s.label);
    expect(leaked).toEqual([]);
    expect(logText).toMatch(/hmac-sha256:/);
  });
});
