// The node list of a cluster as operators write it in one variable:
// `node_id=address[:port],node_id=address[:port]`, e.g.
// `hoodcloud-vault-1=10.0.0.5,hoodcloud-vault-2=10.0.0.6:8300,hoodcloud-vault-3=[fd00::7]:8200`.
// A node id names the raft member and the Docker container (and its volumes), so it follows
// Docker's container-name rule.
import { isIP } from 'node:net';

/** One `key=value` entry of a comma-separated list. */
export interface ListEntry {
  readonly index: number;
  /** The entry as written (trimmed). */
  readonly text: string;
  readonly key: string;
  readonly value: string;
}

export interface EntryProblem {
  readonly index: number;
  readonly text: string;
  readonly problem: string;
}

/** Splits `a=x, b=y` into entries; an entry without `=` or with an empty side is a problem. */
export function splitEntries(text: string): { entries: ListEntry[]; problems: EntryProblem[] } {
  const entries: ListEntry[] = [];
  const problems: EntryProblem[] = [];
  text.split(',').map((t) => t.trim()).filter((t) => t !== '').forEach((t, index) => {
    const eq = t.indexOf('=');
    const key = eq < 0 ? '' : t.slice(0, eq).trim();
    const value = eq < 0 ? '' : t.slice(eq + 1).trim();
    if (eq < 0 || key === '' || value === '') problems.push({ index, text: t, problem: 'is not of the form node_id=value' });
    else entries.push({ index, text: t, key, value });
  });
  return { entries, problems };
}

/** Docker's container-name rule, which also makes a readable raft node id. */
const NODE_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Why a text is not a node id, or undefined. */
export function nodeIdProblem(id: string): string | undefined {
  return NODE_ID.test(id) ? undefined : 'is not a node id: letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 63 characters (it names the raft member and the Docker container)';
}

export interface NodeEntry {
  readonly id: string;
  /** An IP address (IPv6 without brackets). */
  readonly address: string;
  /** Undefined when the entry gives none (the caller's default applies). */
  readonly port?: number;
}

/** `10.0.0.5`, `10.0.0.5:8300`, `fd00::7`, `[fd00::7]:8300` → address and port; a problem otherwise. */
export function parseAddressPort(text: string): { address: string; port?: number } | { problem: string } {
  let address = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    address = bracketed[1];
    portText = bracketed[2];
  } else if (isIP(text) !== 6 && text.includes(':')) {
    address = text.slice(0, text.lastIndexOf(':'));
    portText = text.slice(text.lastIndexOf(':') + 1);
  }
  if (isIP(address) === 0) return { problem: `has the address ${JSON.stringify(address)}: expected an IPv4 or IPv6 address such as 10.0.0.5 (not a host name or CIDR)` };
  if (portText === undefined) return { address };
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65534) return { problem: `has the port ${JSON.stringify(portText)}: expected a TCP port 1-65534 (the cluster port is the next one)` };
  return { address, port };
}

/** Parses a node list; every bad entry is reported (with its position), valid ones are returned. */
export function parseNodeList(text: string): { nodes: NodeEntry[]; problems: EntryProblem[] } {
  const { entries, problems } = splitEntries(text);
  const nodes: NodeEntry[] = [];
  for (const e of entries) {
    const idProblem = nodeIdProblem(e.key);
    if (idProblem) {
      problems.push({ index: e.index, text: e.text, problem: `node id ${JSON.stringify(e.key)} ${idProblem}` });
      continue;
    }
    const parsed = parseAddressPort(e.value);
    if ('problem' in parsed) problems.push({ index: e.index, text: e.text, problem: parsed.problem });
    else nodes.push({ id: e.key, ...parsed });
  }
  return { nodes, problems: problems.sort((a, b) => a.index - b.index) };
}
