// Reads secrets typed by custodians: on a terminal without echo, otherwise one per line from stdin.
import { CliIo } from './io';

/** Reads lines (or hidden terminal input) one at a time; undefined when the input ends. */
export class SecretInput {
  private buffer = '';
  private ended = false;
  private waiters: (() => void)[] = [];
  private listening = false;

  constructor(private readonly io: CliIo) {}

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const stdin = this.io.stdin;
    stdin.on('data', (chunk: Buffer | string) => {
      this.buffer += chunk.toString();
      this.wake();
    });
    stdin.on('end', () => {
      this.ended = true;
      this.wake();
    });
    stdin.resume();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Asks for the next secret; on a terminal the typed characters are not echoed. */
  async read(prompt: string): Promise<string | undefined> {
    const tty = Boolean(this.io.stdin.isTTY && this.io.stdin.setRawMode);
    this.io.err(prompt);
    if (tty) this.io.stdin.setRawMode?.(true);
    this.listen();
    try {
      for (;;) {
        if (tty && this.buffer.includes('\u0003')) throw new Error('interrupted');
        const eol = this.buffer.search(/[\r\n]/);
        if (eol >= 0) {
          let line = this.buffer.slice(0, eol);
          this.buffer = this.buffer.slice(eol + 1).replace(/^\n/, '');
          if (tty) line = applyBackspaces(line);
          line = line.trim();
          if (line === '') continue;
          return line;
        }
        if (this.ended) {
          const rest = this.buffer.trim();
          this.buffer = '';
          return rest === '' ? undefined : rest;
        }
        await new Promise<void>((r) => this.waiters.push(r));
      }
    } finally {
      if (tty) {
        this.io.stdin.setRawMode?.(false);
        this.io.err('');
      }
    }
  }

  /** Stops reading so the process can exit. */
  close(): void {
    this.io.stdin.pause();
  }
}

function applyBackspaces(text: string): string {
  const out: string[] = [];
  for (const ch of text) {
    if (ch === '\u007f' || ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}
