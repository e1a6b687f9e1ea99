import { jsonSyntaxProblem } from '../../cli/json-problem';

describe('jsonSyntaxProblem', () => {
  test('GIVEN broken JSON texts WHEN described THEN the place is named and no part of the text is quoted', () => {
    const cases: Array<[string, string]> = [
      ['{"a": 1,}', 'at line 1, column 9'],
      ['{\n  "password": "s3cret",\n  "b": tru\n}', 'at line 3, column 11'],
      ['{"a": "line\nbreak"}', 'at line 1, column 12'],
      ['{"a": 01}', 'at line 1, column 8'],
      ['{"a": 1} {}', 'at line 1, column 10'],
      ['[1 2]', 'at line 1, column 4'],
      ['{"a":', 'it ends early'],
      ['  ', 'it is empty'],
      ['s3cret', 'at line 1, column 1'],
    ];
    for (const [text, expected] of cases) {
      const problem = jsonSyntaxProblem(text);
      expect(problem).toBe(expected);
      expect(problem).not.toContain('s3cret');
    }
  });

  test('GIVEN valid JSON texts WHEN described THEN there is no problem, exactly when JSON.parse accepts them', () => {
    for (const text of ['{"a": [1, "x", -0.5e3, true, false, null, {}], "b\\u00e9": "\\"q\\""}', '[]', ' 7 ', '"s"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonSyntaxProblem(text)).toBe('');
    }
  });
});
