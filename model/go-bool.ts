// Booleans as the server reads them. Vault and OpenBao parse option strings (audit device options
// such as `log_raw`, a raft storage stanza's `retry_join_as_non_voter`, a `-dev=<value>` flag) with
// Go's strconv.ParseBool, and server config values such as a listener's `tls_disable` with
// mapstructure's weak decoding (go-secure-stdlib parseutil.ParseBool), which also takes booleans and
// numbers. One reading of each, for every tool that judges such a value.

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: the exact spellings it accepts (no trimming); undefined for anything else (the server errors). */
export function goParseBool(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

/**
 * parseutil.ParseBool (mapstructure WeakDecode into a bool): a boolean as is, a number is true when
 * not 0, the empty string is false, any other string as strconv.ParseBool reads it; undefined when
 * the server would refuse the value.
 */
export function goWeakBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value === '' ? false : goParseBool(value);
  return undefined;
}

/**
 * strconv.ParseBool of a value that reaches the server as text: a string as is, a boolean or a number
 * as its JSON text. Terraform turns the values of a map(string) attribute (audit `options`) into text
 * that way, and the server the values of a storage stanza (OpenBao 2.7.2: `retry_join_as_non_voter = 2`
 * fails with `strconv.ParseBool: parsing "2"`). Undefined for anything the server refuses.
 */
export function goTextBool(value: unknown): boolean | undefined {
  if (typeof value === 'string') return goParseBool(value);
  if (typeof value === 'boolean' || typeof value === 'number') return goParseBool(String(value));
  return undefined;
}
