// Host paths a container mounts: they must name one ordinary place, so a setting can never mount
// the host's root, its kernel interfaces, device nodes or runtime sockets into the server.
import * as path from 'node:path';

const FORBIDDEN_TREES = ['/proc', '/sys', '/dev', '/run', '/var/run'];

/** Why `p` is not acceptable as a host path to mount, or undefined when it is. */
export function hostPathProblem(p: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(p)) return 'holds a control character';
  if (p.includes(':')) return 'holds ":", which Docker reads as a separator of a volume spec';
  if (!path.posix.isAbsolute(p)) return 'is not an absolute path (Docker bind mounts need one)';
  if (p === '/') return 'is the root of the host filesystem';
  if (path.posix.normalize(p) !== p || p.endsWith('/')) return `is not normalized (no "..", ".", "//" or trailing "/"; did you mean ${path.posix.normalize(p).replace(/\/$/, '') || '/'}?)`;
  if (path.posix.normalize(p) === '/') return 'is the root of the host filesystem';
  const tree = FORBIDDEN_TREES.find((t) => p === t || p.startsWith(`${t}/`));
  if (tree) return `is under ${tree}, which holds kernel interfaces, devices or runtime sockets, never TLS files`;
  return undefined;
}
