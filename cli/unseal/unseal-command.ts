// `unseal`: takes shares one at a time (as after every restart), from files or typed without echo,
// and reports progress n of threshold. Progress lives on the server, so custodians may come one by
// one. With several nodes (a raft cluster: each node needs the shares itself) every share is
// entered once and given to each node still sealed; each node reports its own progress.
import { CliError } from '../errors';
import { CliIo } from '../io';
import { SecretInput } from '../prompt';
import { readSecretFile } from '../secret-files';
import { renderTable } from '../table';
import { NodeUnsealOutcome, unsealNodes, UnsealTarget } from '../cluster/cluster-unseal';

export interface UnsealOptions {
  readonly shareFiles: readonly string[];
  readonly reset: boolean;
}

/** Unseals the targets; returns each node's outcome. Throws when a node could not be unsealed (several nodes) or on any error (one node). */
export async function runUnseal(targets: readonly UnsealTarget[], io: CliIo, opts: UnsealOptions): Promise<NodeUnsealOutcome[]> {
  const input = opts.shareFiles.length === 0 ? new SecretInput(io) : undefined;
  let fileIndex = 0;
  try {
    const outcomes = await unsealNodes(
      targets,
      async ({ next, threshold }) => {
        if (input) return input.read(`Unseal share ${next} of ${threshold} (not echoed):`);
        return fileIndex < opts.shareFiles.length ? readSecretFile('--share-file', opts.shareFiles[fileIndex++]) : undefined;
      },
      { reset: opts.reset, sleep: (ms) => io.sleep(ms), log: (line) => io.err(line) },
    );
    const failed = outcomes.filter((o) => o.result === 'failed' || o.result === 'uninitialized' || o.result === 'still-sealed');
    if (failed.length > 0) {
      io.out(renderOutcomes(outcomes));
      throw new CliError(`${failed.length} of ${outcomes.length} nodes not unsealed: ${failed.map((o) => `${o.label} (${o.problem ?? o.result})`).join('; ')}`);
    }
    return outcomes;
  } finally {
    input?.close();
  }
}

/** One node: `unsealed` or `sealed (n of t)`; several: one row per node. */
export function renderOutcomes(outcomes: readonly NodeUnsealOutcome[]): string {
  const word = (o: NodeUnsealOutcome) => {
    switch (o.result) {
      case 'unsealed':
        return `unsealed${o.state && outcomes.length > 1 ? `: ${o.state}` : ''}`;
      case 'already-unsealed':
        return outcomes.length > 1 ? 'unsealed (already)' : 'unsealed';
      case 'sealed':
        return `sealed (${o.progress} of ${o.threshold})`;
      case 'still-sealed':
        return 'sealed after the threshold (see above)';
      default:
        return o.result;
    }
  };
  if (outcomes.length === 1) return word(outcomes[0]);
  return renderTable(['node', 'address', 'state'], outcomes.map((o) => [o.label, o.address, word(o)]));
}
