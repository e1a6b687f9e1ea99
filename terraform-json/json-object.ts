/** A JSON object (not null, not an array), as found in synthesized Terraform JSON. */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
