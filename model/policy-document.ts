import { Capability, PORTABLE_CAPABILITIES } from './capabilities';

/** One `path "..." { ... }` block. */
export interface PathRule {
  readonly path: string;
  readonly capabilities: readonly string[];
  /** Why the rule exists; rendered as a comment above the block. */
  readonly reasons: readonly string[];
}

const CAPABILITY_ORDER = new Map<string, number>(PORTABLE_CAPABILITIES.map((c, i) => [c, i]));

/**
 * An ACL policy as a value: path rules with typed capabilities, merged per path, rendered
 * deterministically (paths sorted, capabilities in a fixed order) so the same grants always
 * produce the same HCL and plans never drift on ordering.
 */
export class PolicyDocument {
  private readonly byPath = new Map<string, { caps: Set<string>; reasons: Set<string> }>();

  /**
   * Adds capabilities on a path; repeated calls on the same path are merged.
   * Capabilities are typed, but a string outside the portable set can be passed through
   * `addRawRule` so the guardrail (not the compiler) reports it with context.
   */
  addRule(path: string, capabilities: readonly Capability[], reason: string): this {
    return this.addRawRule(path, capabilities, reason);
  }

  /** Like addRule, without the compile-time capability check (for guardrail tests and imported policies). */
  addRawRule(path: string, capabilities: readonly string[], reason: string): this {
    const entry = this.byPath.get(path) ?? { caps: new Set<string>(), reasons: new Set<string>() };
    capabilities.forEach((c) => entry.caps.add(c));
    entry.reasons.add(reason);
    this.byPath.set(path, entry);
    return this;
  }

  /** The rules, sorted by path. */
  get rules(): PathRule[] {
    return [...this.byPath.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, e]) => ({
        path,
        capabilities: sortCapabilities([...e.caps]),
        reasons: [...e.reasons].sort(),
      }));
  }

  get isEmpty(): boolean {
    return this.byPath.size === 0;
  }

  /** Renders HCL: one block per path, a comment with the reasons above each block. */
  render(header?: string): string {
    const blocks = this.rules.map((r) => {
      const lines = r.reasons.map((reason) => `# ${reason}`);
      lines.push(`path ${JSON.stringify(r.path)} {`);
      lines.push(`  capabilities = [${r.capabilities.map((c) => JSON.stringify(c)).join(', ')}]`);
      lines.push('}');
      return lines.join('\n');
    });
    const head = header ? `# ${header}\n\n` : '';
    return head + blocks.join('\n\n') + '\n';
  }
}

/** Fixed capability order (the portable list order), unknown ones last, alphabetically. */
export function sortCapabilities(caps: readonly string[]): string[] {
  const rank = (c: string) => CAPABILITY_ORDER.get(c) ?? PORTABLE_CAPABILITIES.length;
  return [...new Set(caps)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
