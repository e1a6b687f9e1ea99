// Values in synthesized Terraform JSON as Terraform converts them to an attribute's type before the
// provider sees them: a bool attribute takes true/false or the strings "true"/"false"/"1"/"0"
// (`tobool`), and a string (e.g. one entry of a map(string) such as audit `options`) takes a JSON
// boolean or number as its text.

/** The bool Terraform makes of a JSON value for a bool attribute; undefined when unset or not convertible. */
export function terraformBool(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  return undefined;
}

/** The string Terraform makes of a JSON value for a string attribute (booleans and numbers as their text); undefined otherwise. */
export function terraformString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return undefined;
}
