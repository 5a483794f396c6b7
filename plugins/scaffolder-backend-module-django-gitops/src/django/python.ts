/**
 * Python source building blocks: literals that round-trip any text exactly, and a layout for
 * calls and collections that matches what Black produces (88 columns, magic trailing commas), so
 * the generated project passes `black --check` without being run through Black.
 */

export const LINE_LENGTH = 88;

/**
 * A Python string literal for `text`. Black prefers double quotes unless single quotes need fewer
 * escapes; control characters, line separators and lone surrogates are escaped so the literal
 * stays on one line and decodes to exactly `text`.
 */
export function pyStr(text: string): string {
  const doubles = countOf(text, '"');
  const singles = countOf(text, "'");
  const quote = doubles > singles ? "'" : '"';
  let body = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i];
    if (char === '\\') body += '\\\\';
    else if (char === quote) body += `\\${quote}`;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\x${hex(code, 2)}`;
    else if (code === 0x85 || code === 0x2028 || code === 0x2029) body += `\\u${hex(code, 4)}`;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      body += char + text[i + 1];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) body += `\\u${hex(code, 4)}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** A float literal: `1` becomes `1.0` so Python reads a float. */
export function pyFloat(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text.replace('e+', 'e') : `${text}.0`;
}

/**
 * An expression laid out by `layout`: an atom (already Python source), a call, or a collection.
 * Keyword arguments come after positional ones.
 */
export type PyExpr =
  | string
  | { call: string; args?: PyExpr[]; kwargs?: [string, PyExpr][] }
  | { list: PyExpr[] }
  | { tuple: PyExpr[] }
  | { dict: [PyExpr, PyExpr][] };

type Item = { prefix: string; expr: PyExpr };

function parts(expr: Exclude<PyExpr, string>): { open: string; close: string; items: Item[] } {
  if ('call' in expr) {
    const items: Item[] = [
      ...(expr.args ?? []).map(arg => ({ prefix: '', expr: arg })),
      ...(expr.kwargs ?? []).map(([key, value]) => ({ prefix: `${key}=`, expr: value })),
    ];
    return { open: `${expr.call}(`, close: ')', items };
  }
  if ('list' in expr) return { open: '[', close: ']', items: expr.list.map(e => ({ prefix: '', expr: e })) };
  if ('tuple' in expr) return { open: '(', close: ')', items: expr.tuple.map(e => ({ prefix: '', expr: e })) };
  return {
    open: '{',
    close: '}',
    items: expr.dict.map(([key, value]) => ({ prefix: `${flat(key)}: `, expr: value })),
  };
}

/** The expression on one line. */
export function flat(expr: PyExpr): string {
  if (typeof expr === 'string') return expr;
  const { open, close, items } = parts(expr);
  const inner = items.map(item => item.prefix + flat(item.expr)).join(', ');
  // A one-element tuple needs its comma.
  return 'tuple' in expr && items.length === 1 ? `${open}${inner},${close}` : `${open}${inner}${close}`;
}

/**
 * Lays out `lead + expr + trail` starting at `indent` spaces: on one line when it fits in 88
 * columns, otherwise with one item per line and a trailing comma (Black keeps that form).
 */
export function layout(expr: PyExpr, indent: number, lead = '', trail = ''): string {
  const pad = ' '.repeat(indent);
  const oneLine = `${pad}${lead}${flat(expr)}${trail}`;
  if (typeof expr === 'string' || oneLine.length <= LINE_LENGTH) return oneLine;
  const { open, close, items } = parts(expr);
  if (items.length === 0) return oneLine;
  const lines = items.map(item => layout(item.expr, indent + 4, item.prefix, ','));
  return [`${pad}${lead}${open}`, ...lines, `${pad}${close}${trail}`].join('\n');
}

function countOf(text: string, char: string): number {
  return text.split(char).length - 1;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
