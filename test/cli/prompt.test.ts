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
