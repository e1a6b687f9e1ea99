// A scratch copy of the project for real deploys: cdktf writes cdktf.out and the Terraform state
// files (`terraform.<stack>.tfstate` beside the project) there, never into the user's checkout.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';

/** Copies the tracked and untracked (not ignored) files, and links node_modules. */
export function copyProject(to: string): string {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\0').filter((f) => f !== '');
  for (const f of files) {
    const from = path.join(PROJECT_ROOT, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(from, path.join(to, f));
    fs.chmodSync(path.join(to, f), fs.statSync(from).mode & 0o777);
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(to, 'node_modules'));
  fs.mkdirSync(path.join(to, '.tools'), { recursive: true });
  if (fs.existsSync(path.join(PROJECT_ROOT, '.tools', 'venv'))) fs.symlinkSync(path.join(PROJECT_ROOT, '.tools', 'venv'), path.join(to, '.tools', 'venv'));
  return to;
}
