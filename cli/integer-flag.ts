// Whole-number flags (`--rsa-bits 4096`, `--to 3`): decimal digits only and a bound, checked
// before anything runs. Number() alone accepts `1e4`, `4096.0`, ` 4096` and `0x1000`, and a key
// size of 1e4 bits then takes hours to generate.
import { CliError } from './errors';

export interface IntegerBounds {
  readonly min: number;
  readonly max: number;
}

/** The integer of a flag's text; `flag` names the option in the error, which quotes the text as given. */
export function integerFlag(flag: string, text: string, bounds: IntegerBounds): number {
  const expected = `expected an integer from ${bounds.min} to ${bounds.max}`;
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    throw new CliError(`${flag}: ${JSON.stringify(text)} is not an integer; ${expected}, in decimal digits only (no sign, exponent, fraction, spaces or hex)`, 2);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) throw new CliError(`${flag}: ${text} is out of range; ${expected}`, 2);
  return value;
}
