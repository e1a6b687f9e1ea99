import { goParseBool, goTextBool, goWeakBool } from '../../model/go-bool';

describe('goParseBool: Go strconv.ParseBool', () => {
  test.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('GIVEN %j WHEN read THEN true', (s) => expect(goParseBool(s)).toBe(true));
  test.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('GIVEN %j WHEN read THEN false', (s) => expect(goParseBool(s)).toBe(false));
  test.each(['tRuE', 'yes', ' true', '', '2'])('GIVEN %j (not a spelling Go accepts) WHEN read THEN undefined', (s) => expect(goParseBool(s)).toBeUndefined());
});

describe('goWeakBool: parseutil.ParseBool (mapstructure weak decoding)', () => {
  test.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    [2, true],
    ['', false],
    ['T', true],
    ['0', false],
  ])('GIVEN %j WHEN read THEN %j', (v, expected) => expect(goWeakBool(v)).toBe(expected));
  test.each([['maybe'], [null], [[true]]])('GIVEN %j WHEN read THEN undefined (the server refuses it)', (v) => expect(goWeakBool(v)).toBeUndefined());
});

describe('goTextBool: strconv.ParseBool of a value handed over as text (Terraform map(string), a storage stanza)', () => {
  test.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['T', true],
    ['False', false],
  ])('GIVEN %j WHEN read THEN %j', (v, expected) => expect(goTextBool(v)).toBe(expected));
  test.each([[2], [''], ['yes'], ['tRuE'], [null], [undefined], [['true']]])('GIVEN %j WHEN read THEN undefined (the server refuses it)', (v) => expect(goTextBool(v)).toBeUndefined());
});
