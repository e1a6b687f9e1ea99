import { Command, Option } from 'commander';
import { CliIo } from '../io';
import { CertificateInfo, formatSans } from '../tls/certificate-info';
import { KEY_TYPE_NAMES, KeyType } from '../tls/key-types';
import { DEFAULT_CA_LIFETIME, DEFAULT_SERVER_LIFETIME, parseLifetimeDays } from '../tls/lifetime';
import { parseSubjectAltNames } from '../tls/san';
import { CA_CERT_FILE, CA_KEY_FILE, SERVER_CERT_FILE, SERVER_KEY_FILE } from '../tls/tls-files';
import { DEFAULT_CA_NAME, parseCaName, runTlsInit } from '../tls/tls-init';
import { runTlsRenew } from '../tls/tls-renew';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface TlsFlags {
  outDir: string;
  caDir: string;
  ip: string[];
  dns: string[];
  keyType: KeyType;
  serverLifetime: string;
}

interface InitFlags extends TlsFlags {
  caLifetime: string;
  caName: string;
}

function commonOptions(cmd: Command, sanHelp: string): Command {
  return cmd
    .requiredOption('--out-dir <dir>', `what the server mounts: ${SERVER_CERT_FILE}, ${SERVER_KEY_FILE}, ${CA_CERT_FILE} (production: /etc/hoodcloud/vault/tls, the directory of VAULT_TLS_CERT_FILE / VAULT_TLS_KEY_FILE)`)
    .requiredOption('--ca-dir <dir>', `the CA's ${CA_CERT_FILE} and ${CA_KEY_FILE}: outside --out-dir, on the operators' host, ideally offline`)
    .option('--ip <address>', `an IP address clients dial, e.g. the bind address 127.0.0.1 (repeatable; ${sanHelp})`, collectRepeated, [])
    .option('--dns <name>', `a host name clients dial, e.g. vault.internal (repeatable; ${sanHelp})`, collectRepeated, [])
    .addOption(new Option('--key-type <type>', 'key of the new certificate(s)').choices(KEY_TYPE_NAMES).default('ecdsa-p256'))
    .addOption(new Option('--server-lifetime <duration>', 'validity of the server certificate, whole days (e.g. 397d, 90d)').default(DEFAULT_SERVER_LIFETIME));
}

const expiry = (c: CertificateInfo) => `expires ${c.notAfter.toISOString()}, in ${c.daysToExpiry} days`;

/** How a running server picks up a renewed certificate (printed by renew, shown in init's help). */
export const RELOAD_HINT =
  'reload: send SIGHUP to the server process (kill -HUP <pid>): OpenBao and Vault then load the listener certificate and key again, ' +
  'without a restart or unseal. A prod-server node mounts the certificate\'s directory, so it sees the renewed files: ' +
  '`docker kill --signal=HUP <node id>` (e.g. hoodcloud-vault-1). See docs/runbook.md, "0. Certificates".';

function printServer(io: CliIo, title: string, file: string, c: CertificateInfo): void {
  io.out(`${title.padEnd(19)}${file}  (${c.keyDescription}, ${formatSans(c)}, serial ${c.serialNumber}, ${expiry(c)})`);
}

export function registerTls(program: Command, ctx: CliContext): void {
  const tls = program.command('tls').summary('create the CA and the server certificate (init), renew the server certificate (renew)');

  const init = commonOptions(
    tls
      .command('init')
      .summary('create a CA and a server certificate for the given --ip/--dns; write each file once')
      .description(
        `Creates a CA (basicConstraints CA:TRUE pathlen 0, keyCertSign/cRLSign; default ${DEFAULT_CA_LIFETIME}) and a server ` +
          `certificate signed by it (serverAuth, digitalSignature, the --ip and --dns values as SANs; default ${DEFAULT_SERVER_LIFETIME}), ` +
          `both ECDSA. Writes ${CA_CERT_FILE} and ${CA_KEY_FILE} into --ca-dir (new directories 0700), and ${SERVER_CERT_FILE}, ` +
          `${SERVER_KEY_FILE} and a copy of ${CA_CERT_FILE} into --out-dir (new directories 0755). Keys are 0600, certificates 0644. ` +
          'Everything is checked and generated before the first file is written; an existing file is never overwritten. ' +
          'No key is ever printed.',
      ),
    'at least one --ip or --dns',
  )
    .addOption(new Option('--ca-lifetime <duration>', 'validity of the CA, whole days').default(DEFAULT_CA_LIFETIME))
    .addOption(new Option('--ca-name <name>', 'subject common name of the CA').default(DEFAULT_CA_NAME));
  init.action((flags: InitFlags) => {
    const sans = parseSubjectAltNames(flags.ip, flags.dns);
    const caDays = parseLifetimeDays('--ca-lifetime', flags.caLifetime);
    const serverDays = parseLifetimeDays('--server-lifetime', flags.serverLifetime);
    const caName = parseCaName('--ca-name', flags.caName);
    const r = runTlsInit(ctx.io, { outDir: flags.outDir, caDir: flags.caDir, sans, keyType: flags.keyType, caDays, serverDays, caName });
    ctx.io.out(`CA certificate     ${r.paths.caCert}  (${r.ca.subject}, ${r.ca.keyDescription}, ${expiry(r.ca)}, sha256 ${r.ca.fingerprint256})`);
    ctx.io.out(`CA key             ${r.paths.caKey}  (mode 0600; keep it off the server, ideally offline: \`tls renew\` needs it)`);
    printServer(ctx.io, 'server certificate', r.paths.serverCert, r.server);
    ctx.io.out(`server key         ${r.paths.serverKey}  (mode 0600; chown it to the user the server runs as)`);
    ctx.io.out(`CA for clients     ${r.paths.serverCa}  (VAULT_CACERT / --ca-cert)`);
  });

  const renew = commonOptions(
    tls
      .command('renew')
      .summary('issue a new server key and certificate from the CA in --ca-dir and replace them in --out-dir')
      .description(
        `Reads the CA from --ca-dir (${CA_CERT_FILE}, ${CA_KEY_FILE}), issues a server certificate for a new key with the SANs of the ` +
          `current ${SERVER_CERT_FILE} (or, when any --ip/--dns is given, exactly those), and replaces ${SERVER_KEY_FILE} and ` +
          `${SERVER_CERT_FILE} in --out-dir together: both are staged completely beside their targets (mode, owner kept), then renamed. ` +
          `Refuses a current certificate or ${CA_CERT_FILE} copy that belongs to another CA, and a lifetime beyond the CA's. ${RELOAD_HINT}`,
      ),
    'replaces all current SANs when given',
  );
  renew.action((flags: TlsFlags) => {
    const given = flags.ip.length + flags.dns.length > 0;
    const sans = given ? parseSubjectAltNames(flags.ip, flags.dns) : undefined;
    const serverDays = parseLifetimeDays('--server-lifetime', flags.serverLifetime);
    const r = runTlsRenew(ctx.io, { outDir: flags.outDir, caDir: flags.caDir, sans, keyType: flags.keyType, serverDays });
    printServer(ctx.io, 'server certificate', r.paths.serverCert, r.server);
    if (r.previous) ctx.io.out(`replaced           serial ${r.previous.serialNumber} (${formatSans(r.previous)}, ${r.previous.expired ? 'expired' : expiry(r.previous)})`);
    ctx.io.out(`server key         ${r.paths.serverKey}  (new key, mode 0600, owner kept)`);
    ctx.io.out(RELOAD_HINT);
  });
}
