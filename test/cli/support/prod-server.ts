// A production-shaped server on loopback: the config the prod stack generates (renderServerConfig
// from constructs/server-config.ts, with local paths), TLS from a test CA, raft storage in a temp
// directory that survives restarts. OpenBao also needs `unsafe_allow_api_audit_creation = true`
// so the stack's vault_audit can be created through the API; it goes in a second config file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderServerConfig } from '../../../constructs/server-config';
import { findServerBinary, RunningServer, startConfiguredServer } from '../../support/vault-server';
import { TestTls } from './tls';

export interface ProdServerFiles {
  readonly configFiles: string[];
  readonly port: number;
  readonly raftPath: string;
}

/** Writes the server config files under `dir` (raft storage in `dir/raft`). */
export function writeProdServerConfig(dir: string, tls: TestTls, port: number, clusterPort: number): ProdServerFiles {
  const raftPath = path.join(dir, 'raft');
  fs.mkdirSync(raftPath, { recursive: true });
  const config = renderServerConfig({
    listenAddress: `127.0.0.1:${port}`,
    clusterListenAddress: `127.0.0.1:${clusterPort}`,
    apiAddr: `https://127.0.0.1:${port}`,
    clusterAddr: `https://127.0.0.1:${clusterPort}`,
    raftPath,
    tlsCertFile: tls.certFile,
    tlsKeyFile: tls.keyFile,
  });
  const main = path.join(dir, 'server.json');
  fs.writeFileSync(main, JSON.stringify(config, null, 2));
  const configFiles = [main];
  if (findServerBinary().flavour === 'openbao') {
    const extra = path.join(dir, 'openbao-api-audit.hcl');
    fs.writeFileSync(extra, 'unsafe_allow_api_audit_creation = true\n');
    configFiles.push(extra);
  }
  return { configFiles, port, raftPath };
}

/** Starts (or restarts) the server; its log goes to a fresh work dir under `dir`. */
export function startProdServer(dir: string, files: ProdServerFiles, tls: TestTls, run: number): Promise<RunningServer> {
  return startConfiguredServer({ port: files.port, configFiles: files.configFiles, workDir: path.join(dir, `run-${run}`), scheme: 'https', caPem: tls.caPem });
}
