// Progress of multi-step work on stderr: "[3/9] Enabling the audit device". Never given secret values.
import { CliIo } from './io';

export class Progress {
  private step = 0;
  constructor(private readonly io: CliIo, private readonly total: number) {}

  /** Starts the next step. */
  next(title: string): void {
    this.step += 1;
    this.io.err(`[${this.step}/${this.total}] ${title}`);
  }

  /** A detail line of the current step. */
  detail(text: string): void {
    this.io.err(`      ${text}`);
  }
}
