import { CliError } from '../../cli/errors';
import { integerFlag } from '../../cli/integer-flag';

const bounds = { min: 2048, max: 8192 };

function errorOf(text: string): CliError {
  try {
    integerFlag('--rsa-bits', text, bounds);
  } catch (e) {
    return e as CliError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('integerFlag', () => {
  test('GIVEN decimal digits within the bounds WHEN parsed THEN the integer is returned, bounds included', () => {
    expect(integerFlag('--rsa-bits', '2048', bounds)).toBe(2048);
    expect(integerFlag('--rsa-bits', '4096', bounds)).toBe(4096);
    expect(integerFlag('--rsa-bits', '8192', bounds)).toBe(8192);
  });

  test.each(['1e4', '4096.0', ' 4096', '4096 ', '0x1000', '+4096', '-4096', '04096', '', '4_096', '４０９６', 'Infinity', 'NaN'])(
    'GIVEN %j WHEN parsed THEN it is refused as not an integer, naming the flag and quoting the text (usage, exit 2)',
    (text) => {
      const e = errorOf(text);
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`--rsa-bits: ${JSON.stringify(text)} is not an integer; expected an integer from 2048 to 8192, in decimal digits only (no sign, exponent, fraction, spaces or hex)`);
    },
  );

  test.each(['1024', '2047', '8193', '10000', '99999999999999999999'])('GIVEN %s WHEN parsed THEN it is out of range', (text) => {
    const e = errorOf(text);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`--rsa-bits: ${text} is out of range; expected an integer from 2048 to 8192`);
  });
});
