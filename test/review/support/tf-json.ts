// Terraform JSON as the review tests edit it, and the edits that need no synth. The terraform runner
// (test/terraform/run.ts, a tsx program outside vitest) uses them too, so nothing here imports the
// synth fixture or vitest.
export type TfJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Gives a resource another logical id (as a renamed construct would), rewriting every reference to it; returns the edited copy. */
export function renameLogicalId(json: TfJson, type: string, from: string, to: string): TfJson {
  const text = JSON.stringify(json).split(`${type}.${from}`).join(`${type}.${to}`);
  const out = JSON.parse(text) as TfJson;
  const byId = out.resource[type] as Record<string, TfJson>;
  out.resource[type] = Object.fromEntries(Object.entries(byId).map(([id, body]) => [id === from ? to : id, body]));
  return out;
}
