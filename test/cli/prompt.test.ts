import { PassThrough } from 'node:stream';
import { CliIo } from '../../cli/io';
import { SecretInput } from '../../cli/prompt';

function ioWith(stdin: PassThrough, err: string[]): CliIo {
  return { env: {}, out: () => undefined, err: (t) => err.push(t), stdin, sleep: async () => undefined };
}

describe('secret input (non-terminal: one secret per line)', () => {
  test('GIVEN lines arriving later WHEN read one at a time THEN each comes back trimmed, blank lines skipped, undefined at the end', async () => {
    const stdin = new PassThrough();
    const prompts: string[] = [];
    const input = new SecretInput(ioWith(stdin, prompts));
    const first = input.read('share 1:');
    stdin.write('  abc  \n\n');
    expect(await first).toBe('abc');
    const second = input.read('share 2:');
    stdin.end('def');
    expect(await second).toBe('def');
    expect(await input.read('share 3:')).toBeUndefined();
    expect(prompts).toEqual(['share 1:', 'share 2:', 'share 3:']);
  });
});

describe('secret input (terminal: raw mode, no echo)', () => {
  test('GIVEN a terminal WHEN a share is typed with a correction THEN raw mode is on while typing, backspace applies and nothing is echoed', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) { this.rawModes.push(mode); return this; } });
    const err: string[] = [];
    const input = new SecretInput(ioWith(stdin, err));
    const typed = input.read('share:');
    stdin.write('abx\u007fc\r');
    expect(await typed).toBe('abc');
    expect(stdin.rawModes).toEqual([true, false]);
    expect(err.join('')).not.toContain('ab');
  });

  test('GIVEN a terminal WHEN Ctrl-C is typed THEN reading stops with an error and raw mode is restored', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) { this.rawModes.push(mode); return this; } });
    const input = new SecretInput(ioWith(stdin, []));
    const typed = input.read('share:');
    stdin.write('ab\u0003');
    await expect(typed).rejects.toThrow('interrupted');
    expect(stdin.rawModes).toEqual([true, false]);
  });
});
