import { cidrContains as contains, parseCidr } from '../../constructs/cidr';
import { isOpen, widening } from '../../review/cidr';

describe('CIDR arithmetic for binding changes', () => {
  test.each([
    ['127.0.0.1', 4, 32],
    ['127.0.0.1/32', 4, 32],
    ['172.16.0.0/12', 4, 12],
    ['0.0.0.0/0', 4, 0],
    ['::/0', 6, 0],
    ['fd00::1/64', 6, 64],
    ['::1', 6, 128],
  ])('GIVEN %p WHEN parsed THEN it is IPv%p with prefix /%p', (text, version, prefix) => {
    expect(parseCidr(text)).toEqual(expect.objectContaining({ family: version, prefix }));
  });

  test.each(['256.0.0.1', '10.0.0.0/33', 'fd00::/129', 'not-an-ip', '1.2.3.4/8/9', ':::1'])('GIVEN %p WHEN parsed THEN it is rejected', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test('GIVEN ranges WHEN containment is asked THEN host-in-range, range-in-range and cross-family behave', () => {
    const c = (t: string) => parseCidr(t)!;
    expect(contains(c('172.16.0.0/12'), c('172.17.0.1'))).toBe(true);
    expect(contains(c('172.16.0.0/12'), c('172.32.0.1'))).toBe(false);
    expect(contains(c('127.0.0.1'), c('127.0.0.1/32'))).toBe(true);
    expect(contains(c('10.0.0.0/8'), c('0.0.0.0/0'))).toBe(false);
    expect(contains(c('0.0.0.0/0'), c('::1'))).toBe(false);
    expect(contains(c('fd00::/8'), c('fd12::1'))).toBe(true);
  });

  test('GIVEN old and new binding lists WHEN the widening is computed THEN only entries outside every old range are returned', () => {
    expect(widening(['127.0.0.1/32', '172.16.0.0/12'], ['127.0.0.1', '172.18.0.0/16'])).toEqual([]);
    expect(widening(['127.0.0.1/32'], ['127.0.0.0/8'])).toEqual(['127.0.0.0/8']);
    expect(widening(['127.0.0.1/32'], ['garbage'])).toEqual(['garbage']);
  });

  test('GIVEN /0 ranges and others WHEN asked if open THEN only /0 of either family is open', () => {
    expect(['0.0.0.0/0', '::/0', '10.0.0.0/0'].map(isOpen)).toEqual([true, true, true]);
    expect(['0.0.0.0/1', '127.0.0.1', 'x'].map(isOpen)).toEqual([false, false, false]);
  });
});
