// Issue 3, proof 4: the DEK flow. The control plane generates a data-encryption key with
// hoodcloud-masterkey, encrypts a record with it locally, later decrypts the wrapped DEK through
// transit, and rewraps it after a rotation (done by admin: its policy has rotate, the control
// plane's does not). Exporting, backing up or deleting the master key is refused even for admin
// (by policy, 403), and even root is refused by the key's own settings.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MASTER_KEY } from './access-matrix';
import { loginAs, type RoleSession } from './support/approle-login';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
let controlPlane: RoleSession;
let admin: RoleSession;
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
  controlPlane = await loginAs(target.root, 'hoodcloud-control-plane');
  admin = await loginAs(target.root, 'hoodcloud-admin');
});
afterAll(async () => { await target?.close(); });

const data = (body: { data?: Record<string, unknown> }) => (body.data ?? {}) as Record<string, string>;
const b64 = (s: string) => Buffer.from(s).toString('base64');

function seal(dek: Buffer, plaintext: string): { iv: Buffer; tag: Buffer; box: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dek, iv);
  const box = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return { iv, tag: c.getAuthTag(), box };
}
function open(dek: Buffer, s: { iv: Buffer; tag: Buffer; box: Buffer }): string {
  const d = createDecipheriv('aes-256-gcm', dek, s.iv);
  d.setAuthTag(s.tag);
  return Buffer.concat([d.update(s.box), d.final()]).toString('utf8');
}

describe('GIVEN the control plane and admin logged in to the configured server', () => {
  test('WHEN the control plane generates a data key, uses it, decrypts it back and rewraps it after admin rotates the master key THEN every step works and the DEK never changes', async () => {
    const dk = data(await controlPlane.client.post(`transit/datakey/plaintext/${MASTER_KEY}`, { bits: 256 }));
    const dek = Buffer.from(dk.plaintext, 'base64');
    expect(dek).toHaveLength(32);
    expect(dk.ciphertext).toMatch(/^vault:v\d+:/);
    const record = seal(dek, 'customer cloud credentials (test record)');

    const unwrapped = data(await controlPlane.client.post(`transit/decrypt/${MASTER_KEY}`, { ciphertext: dk.ciphertext }));
    expect(Buffer.from(unwrapped.plaintext, 'base64').equals(dek)).toBe(true);
    expect(open(Buffer.from(unwrapped.plaintext, 'base64'), record)).toBe('customer cloud credentials (test record)');

    const before = Number(data(await admin.client.get(`transit/keys/${MASTER_KEY}`)).latest_version);
    expect((await controlPlane.client.raw('POST', `transit/keys/${MASTER_KEY}/rotate`, { body: {} })).status).toBe(403);
    await admin.client.post(`transit/keys/${MASTER_KEY}/rotate`, {});
    const after = Number(data(await admin.client.get(`transit/keys/${MASTER_KEY}`)).latest_version);
    expect(after).toBe(before + 1);

    const rewrapped = data(await controlPlane.client.post(`transit/rewrap/${MASTER_KEY}`, { ciphertext: dk.ciphertext }));
    expect(rewrapped.ciphertext.startsWith(`vault:v${after}:`)).toBe(true);
    expect(rewrapped).not.toHaveProperty('plaintext');
    const again = data(await controlPlane.client.post(`transit/decrypt/${MASTER_KEY}`, { ciphertext: rewrapped.ciphertext }));
    expect(open(Buffer.from(again.plaintext, 'base64'), record)).toBe('customer cloud credentials (test record)');
  });

  test('WHEN the control plane asks for a wrapped-only data key and encrypts directly THEN it gets no plaintext DEK and a round trip works', async () => {
    const wrapped = data(await controlPlane.client.post(`transit/datakey/wrapped/${MASTER_KEY}`, { bits: 256 }));
    expect(wrapped.ciphertext).toMatch(/^vault:v\d+:/);
    expect(wrapped).not.toHaveProperty('plaintext');
    const enc = data(await controlPlane.client.post(`transit/encrypt/${MASTER_KEY}`, { plaintext: b64('direct transit round trip') }));
    const dec = data(await controlPlane.client.post(`transit/decrypt/${MASTER_KEY}`, { ciphertext: enc.ciphertext }));
    expect(Buffer.from(dec.plaintext, 'base64').toString()).toBe('direct transit round trip');
  });

  test.each([
    ['export', 'GET', `transit/export/encryption-key/${MASTER_KEY}`],
    ['back up', 'GET', `transit/backup/${MASTER_KEY}`],
    ['delete', 'DELETE', `transit/keys/${MASTER_KEY}`],
    ['trim', 'POST', `transit/keys/${MASTER_KEY}/trim`],
  ])('WHEN admin tries to %s the master key THEN the policy refuses it (403)', async (_what, method, path) => {
    const res = await admin.client.raw(method, path, { body: method === 'POST' ? { min_available_version: 1 } : undefined });
    expect({ path, status: res.status }).toEqual({ path, status: 403 });
  });

  test('WHEN even root tries to export, back up or delete the master key THEN the key settings refuse it and the key survives', async () => {
    const exp = await target.root.raw('GET', `transit/export/encryption-key/${MASTER_KEY}`);
    const bak = await target.root.raw('GET', `transit/backup/${MASTER_KEY}`);
    const del = await target.root.raw('DELETE', `transit/keys/${MASTER_KEY}`);
    // Backup is refused with a 500 on OpenBao 2.7 ("exporting is disallowed on the policy": backup
    // needs exportable + allow_plaintext_backup and the error is not flagged as a user error); the
    // message is what proves it was the key's setting, not a server fault.
    expect({ exportStatus: exp.status, backupRefused: bak.status >= 400, deleteStatus: del.status }).toEqual({ exportStatus: 400, backupRefused: true, deleteStatus: 400 });
    expect((exp.body.errors ?? []).join(' ')).toMatch(/not exportable/);
    expect((bak.body.errors ?? []).join(' ')).toMatch(/(exporting|backup).*(disallowed|not allowed)/);
    expect((del.body.errors ?? []).join(' ')).toMatch(/deletion is not allowed/);
    expect(data(await target.root.get(`transit/keys/${MASTER_KEY}`)).name).toBe(MASTER_KEY);
  });
});
