import { isInvalidTokenAnswer } from '../../cli/token-check';

describe('isInvalidTokenAnswer', () => {
  test('GIVEN the bare "permission denied" of the token store (OpenBao 2.7.2, unknown or expired token) WHEN classified THEN the token is invalid', () => {
    expect(isInvalidTokenAnswer(['permission denied'])).toBe(true);
  });

  test('GIVEN Vault\'s answer naming an invalid token WHEN classified THEN the token is invalid', () => {
    expect(isInvalidTokenAnswer(['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'])).toBe(true);
  });

  test('GIVEN an ACL refusal of a valid token (a multi-error) or no error text WHEN classified THEN the token is not called invalid', () => {
    expect(isInvalidTokenAnswer(['1 error occurred:\n\t* permission denied\n\n'])).toBe(false);
    expect(isInvalidTokenAnswer([])).toBe(false);
  });
});
