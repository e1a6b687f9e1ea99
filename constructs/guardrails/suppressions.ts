import { IConstruct } from 'constructs';

const SUPPRESSION_METADATA = 'hoodcloud:guardrail-suppression';
const MIN_REASON_LENGTH = 20;

export interface Suppression {
  readonly id: string;
  readonly reason: string;
}

/**
 * Suppresses one guardrail on a construct and everything under it. A suppression is a reviewed
 * decision, so it needs a written reason; applyGuardrails writes it into the stack's `//` metadata.
 */
export function suppressGuardrail(construct: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppressGuardrail(${construct.node.path}, ${id}): reason = ${JSON.stringify(reason)}: expected a written reason of at least ${MIN_REASON_LENGTH} characters saying why the risk is accepted`,
    );
  }
  construct.node.addMetadata(SUPPRESSION_METADATA, { id, reason: reason.trim() } satisfies Suppression);
}

/** The suppression of `id` on the construct or one of its ancestors, if any. */
export function findSuppression(construct: IConstruct, id: string): Suppression | undefined {
  for (const node of construct.node.scopes) {
    const hit = node.node.metadata.find((m) => m.type === SUPPRESSION_METADATA && (m.data as Suppression).id === id);
    if (hit) return hit.data as Suppression;
  }
  return undefined;
}
