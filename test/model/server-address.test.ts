import { parseServerAddress } from '../../model/server-address';

describe('server addresses: scheme, host and optional port only', () => {
  test.each([
    ['https://127.0.0.1:8200', 'https://127.0.0.1:8200'],
    ['https://vault.internal', 'https://vault.internal'],
    ['https://[::1]:8200/', 'https://[::1]:8200'],
    ['http://127.0.0.1:8201', 'http://127.0.0.1:8201'],
  ])('GIVEN %j WHEN parsed THEN it is %j', (text, written) => {
    expect(parseServerAddress(text).address?.text).toBe(written);
  });

  test.each([
    ['https://admin:hunter2@127.0.0.1:8200', 'carries credentials'],
    ['https://token@vault.internal', 'carries credentials'],
    ['https://127.0.0.1:8200/v1', 'has a path, query or fragment'],
    ['https://127.0.0.1:8200?x=1', 'has a path, query or fragment'],
    ['https://127.0.0.1:8200#x', 'has a path, query or fragment'],
    ['ftp://x', 'uses ftp:'],
    ['127.0.0.1:8200', 'is not a URL'],
    ['not a url', 'is not a URL'],
  ])('GIVEN %j WHEN parsed THEN the problem says %j', (text, why) => {
    expect(parseServerAddress(text).problem).toContain(why);
  });

  test('GIVEN credentials in the address WHEN refused THEN the problem never repeats them', () => {
    expect(parseServerAddress('https://admin:hunter2@127.0.0.1:8200').problem).not.toContain('hunter2');
  });
});
