import { decodeRootToken } from '../../../cli/bootstrap/generate-root';

describe('the root token from sys/generate-root', () => {
  test('GIVEN the encoded token and the one-time pad WHEN decoded THEN the XOR gives the token back', () => {
    const token = 's.abcdefghijklmnopqrstuvwx';
    const otp = 'Z9y8X7w6V5u4T3s2R1q0P9o8N7';
    const encoded = Buffer.from(Buffer.from(token).map((b, i) => b ^ otp.charCodeAt(i))).toString('base64').replace(/=+$/, '');
    expect(decodeRootToken(encoded, otp)).toBe(token);
  });

  test('GIVEN a pad of another length WHEN decoded THEN it fails without showing either', () => {
    expect(() => decodeRootToken('AAAA', 'short-pad-of-other-length')).toThrow('sys/generate-root: the encoded token (3 bytes) does not match the one-time pad (25 bytes)');
  });
});
