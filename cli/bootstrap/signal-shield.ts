// Between sending sys/init and having the shares on disk, the process's memory holds the only copy
// of the shares: Ctrl-C, a `kill` or a dropped SSH session (SIGHUP) there would lose them all. The
// shield holds those signals until the work is done, then reports them. SIGKILL cannot be held:
// that case is the runbook's (the shares are then lost; see docs/runbook.md, section 1).
import { CliIo } from '../io';

const HELD: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `work` with SIGINT, SIGTERM and SIGHUP held; returns its result and the first signal received, if any. */
export async function withSignalsHeld<T>(io: CliIo, why: string, work: () => Promise<T>): Promise<{ result: T; signal?: NodeJS.Signals }> {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // after SIGHUP the terminal is gone: writing to it could fail and end the process
    if (!received && signal !== 'SIGHUP') io.err(`${signal} received: ${why}; stopping right after that`);
    received ??= signal;
  };
  for (const s of HELD) process.on(s, onSignal);
  try {
    return { result: await work(), signal: received };
  } finally {
    for (const s of HELD) process.off(s, onSignal);
  }
}
