import { PolicyDocument, sortCapabilities } from '../../policies/policy-document';

describe('PolicyDocument', () => {
  test('GIVEN rules added out of order WHEN rendered THEN paths are sorted and each block lists its reasons', () => {
    const doc = new PolicyDocument().addRule('transit/encrypt/k', ['update'], 'encrypt').addRule('secret/data/a/*', ['read'], 'read a');
    expect(doc.render('header')).toBe(
      [
        '# header',
        '',
        '# read a',
        'path "secret/data/a/*" {',
        '  capabilities = ["read"]',
        '}',
        '',
        '# encrypt',
        'path "transit/encrypt/k" {',
        '  capabilities = ["update"]',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN two grants on one path WHEN read THEN capabilities merge in the fixed order without duplicates', () => {
    const doc = new PolicyDocument().addRule('p', ['list', 'read'], 'one').addRule('p', ['read', 'create'], 'two');
    expect(doc.rules).toEqual([{ path: 'p', capabilities: ['create', 'read', 'list'], reasons: ['one', 'two'] }]);
  });

  test('GIVEN an unknown capability WHEN sorted THEN it goes after the portable ones', () => {
    expect(sortCapabilities(['subscribe', 'deny', 'read'])).toEqual(['read', 'deny', 'subscribe']);
  });

  test('GIVEN no rules WHEN asked THEN the document is empty', () => {
    expect(new PolicyDocument().isEmpty).toBe(true);
  });
});
