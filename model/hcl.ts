// A small reader for the HCL v1 subset Vault and OpenBao accept in ACL policies:
//   key = value, key "label" { ... } blocks (several labels allowed), strings, numbers, booleans,
//   lists, nested objects, optional commas between items, `#`, `//` and `/* */` comments.
// Repeated keys are kept in order (a policy may repeat `path "x" { }`), so objects are item lists.
// JSON input is converted to the same shape (HCL v1 reads JSON too).

export type HclValue = string | number | boolean | HclValue[] | HclObject;

export interface HclItem {
  /** `path "secret/*" { }` has keys ['path', 'secret/*']. */
  readonly keys: readonly string[];
  readonly value: HclValue;
  /** 1-based line of the first key (0 for JSON input). */
  readonly line: number;
}

export interface HclObject {
  readonly kind: 'object';
  readonly items: readonly HclItem[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'HclSyntaxError';
  }
}

export function isHclObject(v: HclValue): v is HclObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'object';
}

/** Parses HCL v1 (or JSON, when the text starts with `{`) into an item list. */
export function parseHcl(text: string): HclObject {
  if (text.trimStart().startsWith('{')) return parseJsonAsHcl(text);
  return new Parser(tokenize(text)).parseBody();
}

// ---------------------------------------------------------------------------------------------
// JSON

function parseJsonAsHcl(text: string): HclObject {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HclSyntaxError(`invalid JSON: ${(e as Error).message}`, 1, 1);
  }
  return jsonObjectToHcl(data as Record<string, unknown>);
}

function jsonToHcl(v: unknown): HclValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonToHcl);
  if (v !== null && typeof v === 'object') return jsonObjectToHcl(v as Record<string, unknown>);
  throw new HclSyntaxError(`unsupported JSON value ${JSON.stringify(v)}`, 0, 0);
}

function jsonObjectToHcl(o: Record<string, unknown>): HclObject {
  const items: HclItem[] = [];
  for (const [k, v] of Object.entries(o)) items.push({ keys: [k], value: jsonToHcl(v), line: 0 });
  return { kind: 'object', items };
}

// ---------------------------------------------------------------------------------------------
// HCL tokens

type TokenType = 'ident' | 'string' | 'number' | 'bool' | '=' | '{' | '}' | '[' | ']' | ',' | 'eof';

interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly value?: string | number | boolean;
  readonly line: number;
  readonly column: number;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const col = () => i - lineStart + 1;
  const fail = (msg: string): never => {
    throw new HclSyntaxError(msg, line, col());
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated /* comment');
      for (let j = i; j < end + 2; j++) {
        if (src[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = end + 2;
      continue;
    }
    const startLine = line;
    const startCol = col();
    if ('={}[],'.includes(c)) {
      tokens.push({ type: c as TokenType, text: c, line: startLine, column: startCol });
      i++;
      continue;
    }
    if (c === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') fail('unterminated string');
        const ch = src[i];
        if (ch === '"') {
          i++;
          break;
        }
        if (ch === '\\') {
          const e = src[i + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/' };
          if (e !== undefined && e in simple) {
            out += simple[e];
            i += 2;
          } else if (e === 'u') {
            const hex = src.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`invalid \\u escape "\\u${hex}"`);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
          } else {
            fail(`invalid escape "\\${e ?? ''}" in string`);
          }
          continue;
        }
        out += ch;
        i++;
      }
      tokens.push({ type: 'string', text: out, value: out, line: startLine, column: startCol });
      continue;
    }
    if (c === '<' && src[i + 1] === '<') fail('heredoc strings are not supported in policies read by the review');
    const num = /^-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num && (c === '-' || /\d/.test(c))) {
      tokens.push({ type: 'number', text: num[0], value: Number(num[0]), line: startLine, column: startCol });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.\-:]*/.exec(src.slice(i));
    if (ident) {
      const t = ident[0];
      if (t === 'true' || t === 'false') tokens.push({ type: 'bool', text: t, value: t === 'true', line: startLine, column: startCol });
      else tokens.push({ type: 'ident', text: t, value: t, line: startLine, column: startCol });
      i += t.length;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`);
  }
  tokens.push({ type: 'eof', text: '', line, column: col() });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// HCL grammar

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private fail(t: Token, expected: string): never {
    const found = t.type === 'eof' ? 'end of input' : `${JSON.stringify(t.text)}`;
    throw new HclSyntaxError(`expected ${expected}, found ${found}`, t.line, t.column);
  }

  parseBody(): HclObject {
    const obj = this.parseItems('eof');
    this.next();
    return obj;
  }

  private parseItems(end: '}' | 'eof'): HclObject {
    const items: HclItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === end) return { kind: 'object', items };
      if (t.type === ',' && items.length > 0) {
        this.next();
        continue;
      }
      items.push(this.parseItem());
    }
  }

  private parseItem(): HclItem {
    const first = this.peek();
    const keys: string[] = [];
    while (this.peek().type === 'ident' || this.peek().type === 'string') keys.push(String(this.next().value));
    if (keys.length === 0) this.fail(first, 'a key (identifier or string)');
    const t = this.peek();
    if (t.type === '=') {
      this.next();
      return { keys, value: this.parseValue(), line: first.line };
    }
    if (t.type === '{') return { keys, value: this.parseValue(), line: first.line };
    return this.fail(t, `"=" or "{" after ${keys.map((k) => JSON.stringify(k)).join(' ')}`);
  }

  private parseValue(): HclValue {
    const t = this.next();
    switch (t.type) {
      case 'string':
      case 'number':
      case 'bool':
        return t.value as string | number | boolean;
      case '[': {
        const list: HclValue[] = [];
        for (;;) {
          if (this.peek().type === ']') {
            this.next();
            return list;
          }
          list.push(this.parseValue());
          const sep = this.peek();
          if (sep.type === ',') this.next();
          else if (sep.type !== ']') this.fail(sep, '"," or "]" in list');
        }
      }
      case '{': {
        const obj = this.parseItems('}');
        this.next();
        return obj;
      }
      default:
        return this.fail(t, 'a value (string, number, boolean, list or object)');
    }
  }
}
