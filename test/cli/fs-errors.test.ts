import { fsError, fsReason } from '../../cli/fs-errors';

const errno = (code: string) => Object.assign(new Error(`${code}: raw node text`), { code });

describe('file system errors in words', () => {
  test.each([
    ['EISDIR', 'it is a directory'],
    ['ENOENT', 'it does not exist'],
    ['ENOTDIR', 'a part of the path is a file, not a directory'],
    ['EACCES', 'permission denied (for this user, or a directory on the path is not searchable)'],
    ['ENOSPC', 'no space left on the device'],
    ['EROFS', 'the file system is read-only'],
    ['EIO', 'input/output error (a failing disk?)'],
  ])('GIVEN %s WHEN described THEN it reads "%s" without the errno', (code, words) => {
    expect(fsReason(errno(code))).toBe(words);
    expect(fsError('--out-dir', 'write', '/x/secret_id', errno(code), 'a writable directory').message).toBe(`--out-dir: cannot write "/x/secret_id": ${words}; expected a writable directory`);
  });

  test('GIVEN an errno without words WHEN described THEN the code is named as the system refusal', () => {
    expect(fsReason(errno('EXDEV'))).toBe('the system refused (EXDEV)');
  });
});
