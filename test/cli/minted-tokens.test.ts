// The run's ledger of tokens it logged in for, without a server: a token is revoked at the end
// unless it was handed out, revoked early or dropped, and one that cannot be revoked is named by
// its accessor, never by its value. Against a real server: test/e2e/minted-token-revocation.test.ts.
import { MintedTokens } from '../../cli/minted-tokens';
import { VaultClient } from '../../vault-api/client';
import { freePort } from '../support/free-port';

const TOKEN = 'hvs.minted-token-value-canary';

/** A ledger holding one token for a server where nothing listens, so every revocation it tries fails and shows. */
async function ledgerWithUnreachableToken() {
  const port = await freePort();
  const client = new VaultClient({ address: `http://127.0.0.1:${port}`, token: TOKEN });
  const minted = new MintedTokens();
  minted.add({ client, accessor: 'acc-123', origin: '--approle-dir /root/admin', ttlSeconds: 3600 });
  return { minted, client, port };
}

describe('MintedTokens', () => {
  test('GIVEN a token whose revocation fails WHEN every token is revoked THEN one message names origin, accessor, reason and the fix, never the token', async () => {
    const { minted, port } = await ledgerWithUnreachableToken();
    const messages = await minted.revokeAll();
    expect(messages).toEqual([
      'the token this command logged in with (--approle-dir /root/admin, accessor acc-123) could not be revoked: ' +
        `cannot connect to the Vault server at 127.0.0.1:${port} (connection refused: nothing listens there); check --address / VAULT_ADDR and that the server is up; ` +
        'it stays valid until it expires (ttl 3600s at login): revoke it with `bao token revoke -accessor acc-123`',
    ]);
    expect(messages.join('\n')).not.toContain(TOKEN);
  });

  test('GIVEN every token was revoked once WHEN revoking again THEN nothing is tried twice', async () => {
    const { minted } = await ledgerWithUnreachableToken();
    await minted.revokeAll();
    expect(await minted.revokeAll()).toEqual([]);
  });

  test('GIVEN a token handed out (login --token-out) WHEN every token is revoked THEN it is not touched', async () => {
    const { minted, client } = await ledgerWithUnreachableToken();
    minted.handOut(client);
    expect(await minted.revokeAll()).toEqual([]);
  });

  test('GIVEN a token revoked early WHEN that fails THEN the caller sees the error, and the end of the run does not try again', async () => {
    const { minted, client } = await ledgerWithUnreachableToken();
    await expect(minted.revokeNow(client)).rejects.toThrow(/ECONNREFUSED/);
    expect(await minted.revokeAll()).toEqual([]);
  });

  test('GIVEN the server\'s token store was replaced (snapshot restore) WHEN dropped THEN nothing is left to revoke', async () => {
    const { minted } = await ledgerWithUnreachableToken();
    minted.dropAll();
    expect(await minted.revokeAll()).toEqual([]);
  });
});
