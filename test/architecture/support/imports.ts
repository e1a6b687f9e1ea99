// The module specifiers a TypeScript source names: static and dynamic imports, re-exports and
// require calls, each marked when only types come from it (`import type`, `export type`), which
// the compiler erases.

export interface ImportSpec {
  readonly spec: string;
  readonly typeOnly: boolean;
}

const STATEMENT = /\b(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s*)?['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): ImportSpec[] {
  return [...text.matchAll(STATEMENT)].map((m) => (m[2] !== undefined ? { spec: m[2], typeOnly: m[1] !== undefined } : { spec: m[3], typeOnly: false }));
}
