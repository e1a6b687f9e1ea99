// A throwaway CA and one server certificate per cluster node (only the node's IP in the SAN, as
// the facts of issue 12 found sufficient), each node's TLS directory laid out as `tls init` lays
// out /etc/hoodcloud/vault/tls: tls.crt, tls.key and the CA beside them as ca.crt.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NodeTls {
  readonly ip: string;
  /** The directory the node mounts at /vault/tls. */
  readonly dir: string;
}

export interface ClusterTls {
  readonly caFile: string;
  readonly caPem: string;
  readonly nodes: readonly NodeTls[];
}

export function makeClusterTls(dir: string, ips: readonly string[]): ClusterTls {
  fs.mkdirSync(dir, { recursive: true });
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const caKey = path.join(dir, 'ca.key');
  const caFile = path.join(dir, 'ca.crt');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caFile, '-days', '2', '-subj', '/CN=hoodcloud cluster test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const nodes = ips.map((ip) => {
    const nodeDir = path.join(dir, ip);
    fs.mkdirSync(nodeDir, { recursive: true });
    const f = (n: string) => path.join(nodeDir, n);
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('tls.key'), '-out', f('tls.csr'), '-subj', `/CN=${ip}`);
    fs.writeFileSync(f('ext.cnf'), `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
    ssl('x509', '-req', '-in', f('tls.csr'), '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', f('tls.crt'), '-days', '2', '-extfile', f('ext.cnf'));
    fs.copyFileSync(caFile, f('ca.crt'));
    for (const extra of ['tls.csr', 'ext.cnf']) fs.rmSync(f(extra));
    return { ip, dir: nodeDir };
  });
  return { caFile, caPem: fs.readFileSync(caFile, 'utf8'), nodes };
}
