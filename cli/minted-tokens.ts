// The tokens one CLI run minted by logging in (--approle-dir). A token the operator passed in
// (--token-file, VAULT_TOKEN) is theirs and never lands here; a minted one must not outlive the
// command, so the program runner (cli/program.ts) revokes every token still held when the command
// ends, whether it succeeded or failed. `login --token-out` hands its token out on purpose.
import { VaultClient } from '../vault-api/client';
import { describeError } from './errors';

/** What a login told us about its token: enough to name it in a message without showing it. */
export interface MintedToken {
  readonly client: VaultClient;
  /** The token's accessor (not a secret: it can look up or revoke the token, never use it). */
  readonly accessor: string;
  /** Where the credentials came from, e.g. `--approle-dir /root/hoodcloud-ceremony/admin`. */
  readonly origin: string;
  /** Lifetime at login, in seconds. */
  readonly ttlSeconds: number;
}

/** The tokens a run minted and has not handed out or revoked yet. */
export class MintedTokens {
  private readonly held: MintedToken[] = [];

  /** Records a token this run logged in for. */
  add(token: MintedToken): void {
    this.held.push(token);
  }

  /** The token leaves the run on purpose (`login --token-out`): it is not revoked when the command ends. */
  handOut(client: VaultClient): void {
    this.forget(client);
  }

  /** Revokes one token now (auth/token/revoke-self) and forgets it, whether or not the server took the revocation. */
  async revokeNow(client: VaultClient): Promise<void> {
    this.forget(client);
    await client.post('auth/token/revoke-self');
  }

  /** The server no longer holds any of them (a snapshot restore replaced its token store): nothing is left to revoke. */
  dropAll(): void {
    this.held.splice(0);
  }

  /**
   * Revokes every token still held and forgets them. Returns one message per token that may still be
   * valid (the revocation failed), naming its accessor and how to revoke it; never the token.
   */
  async revokeAll(): Promise<string[]> {
    const tokens = this.held.splice(0);
    const results = await Promise.all(tokens.map(async (t) => {
      try {
        await t.client.post('auth/token/revoke-self');
        return undefined;
      } catch (e) {
        return `the token this command logged in with (${t.origin}, accessor ${t.accessor}) could not be revoked: ${describeError(e)}; ` +
          `it stays valid until it expires (ttl ${t.ttlSeconds}s at login): revoke it with \`bao token revoke -accessor ${t.accessor}\``;
      }
    }));
    return results.filter((m): m is string => m !== undefined);
  }

  private forget(client: VaultClient): void {
    const i = this.held.findIndex((t) => t.client === client);
    if (i >= 0) this.held.splice(i, 1);
  }
}
