import { checkMayChown, directoryModeFor, MAX_ID, parseFileMode, parseOwner } from '../../../cli/credentials/file-access';

describe('--file-mode', () => {
  test.each([['0400', 0o400], ['400', 0o400], ['0440', 0o440]])('GIVEN %s WHEN parsed THEN it is accepted', (text, mode) => {
    expect(parseFileMode(text)).toBe(mode);
  });

  test.each([
    ['0200', 'does not let the owner read the files'],
    ['0000', 'does not let the owner read the files'],
    ['0040', 'does not let the owner read the files'],
    ['0600', 'makes the files writable'],
    ['0640', 'makes the files writable'],
    ['0644', 'lets others read or write the secret'],
    ['0444', 'lets others read or write the secret'],
    ['0500', 'makes the files executable'],
  ])('GIVEN %s WHEN parsed THEN it is refused: %s', (text, why) => {
    expect(() => parseFileMode(text)).toThrow(`--file-mode: ${text} ${why}`);
    expect(() => parseFileMode(text)).toThrow('expected 0400 (owner read) or 0440 (owner and group read)');
  });

  test('GIVEN text that is not octal WHEN parsed THEN the error quotes it', () => {
    expect(() => parseFileMode('rw-------')).toThrow('--file-mode: "rw-------" is not an octal file mode');
    expect(() => parseFileMode('0800')).toThrow('is not an octal file mode');
  });
});

describe('--owner', () => {
  test('GIVEN uid:gid WHEN parsed THEN both numbers are kept', () => {
    expect(parseOwner('65534:65534')).toEqual({ uid: 65534, gid: 65534 });
    expect(parseOwner(`10001:${MAX_ID}`)).toEqual({ uid: 10001, gid: MAX_ID });
    expect(parseOwner('10001:0')).toEqual({ uid: 10001, gid: 0 });
  });

  test.each([
    ['nobody', '"nobody" is not uid:gid'],
    ['10001', '"10001" is not uid:gid'],
    ['-1:5', '"-1:5" is not uid:gid'],
    ['1.5:2', '"1.5:2" is not uid:gid'],
    ['4294967295:1', 'uid 4294967295 is out of range; expected 1 to 4294967294'],
    ['1:99999999999', '"1:99999999999" is not uid:gid'],
    ['0:0', 'uid 0 is root'],
  ])('GIVEN %s WHEN parsed THEN it is refused: %s', (text, message) => {
    expect(() => parseOwner(text)).toThrow(`--owner: ${message}`);
  });

  test('GIVEN a non-root CLI WHEN an owner is asked for THEN it is refused naming the uid; root and no owner pass', () => {
    expect(() => checkMayChown({ uid: 10001, gid: 10001 }, 1000)).toThrow('--owner 10001:10001: only root may give files to another user and the CLI runs as uid 1000');
    expect(() => checkMayChown({ uid: 10001, gid: 10001 }, 0)).not.toThrow();
    expect(() => checkMayChown(undefined, 1000)).not.toThrow();
  });
});

describe('directory mode for a container user', () => {
  test('GIVEN file modes and wrapping WHEN the directory mode is chosen THEN it is read-and-enter, group too for 0440, writable only for wrapped tokens', () => {
    expect(directoryModeFor(0o400, false)).toBe(0o500);
    expect(directoryModeFor(0o440, false)).toBe(0o550);
    expect(directoryModeFor(0o400, true)).toBe(0o700);
    expect(directoryModeFor(0o440, true)).toBe(0o750);
  });
});
