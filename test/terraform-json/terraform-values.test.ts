import { terraformBool, terraformString } from '../../terraform-json/terraform-values';

describe('terraformBool: what Terraform makes of a JSON value for a bool attribute (tobool)', () => {
  test.each([
    [true, true],
    ['true', true],
    ['1', true],
    [false, false],
    ['false', false],
    ['0', false],
  ])('GIVEN %j WHEN converted THEN %j', (v, expected) => expect(terraformBool(v)).toBe(expected));
  test.each([['True'], ['t'], [1], [undefined], [null]])('GIVEN %j WHEN converted THEN undefined (Terraform refuses it, or it is unset)', (v) => expect(terraformBool(v)).toBeUndefined());
});

describe('terraformString', () => {
  test.each([
    ['x', 'x'],
    [true, 'true'],
    [1, '1'],
  ])('GIVEN %j WHEN converted to a string THEN %j', (v, expected) => expect(terraformString(v)).toBe(expected));
  test('GIVEN an object WHEN converted to a string THEN undefined', () => expect(terraformString({})).toBeUndefined());
});
