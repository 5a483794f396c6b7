/**
 * Python source building blocks: literals that round-trip any text exactly, and a layout for
 * calls and collections that matches what Black produces (88 columns, magic trailing commas), so
 * the generated project passes `black --check` without being run through Black, and a migration
 * reads exactly as `makemigrations` (which runs Black) writes it.
 */

export const LINE_LENGTH = 88;

const PLAIN_TEXT = /^[\w .,:;!?()\[\]{}<>=+*/@#%&|~^-]*$/;
/** What Python's `str.isprintable()` refuses (besides the space): `repr()` escapes these. */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/**
 * A Python string literal for `text`, escaped as `repr()` escapes it (so a migration reads as
 * Django writes it) and quoted as Black quotes: double quotes unless single quotes need fewer
 * escapes. The literal stays on one line and decodes to exactly `text`.
 */
export function pyStr(text: string): string {
  // Most literals are names and plain words: nothing to escape.
  if (PLAIN_TEXT.test(text)) return `"${text}"`;
  const doubles = countOf(text, '"');
  const singles = countOf(text, "'");
  const quote = doubles > singles ? "'" : '"';
  let body = '';
  // By code point: a surrogate pair is one character, a lone surrogate is escaped.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') body += '\\\\';
    else if (char === quote) body += `\\${quote}`;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (char !== ' ' && NOT_PRINTABLE.test(char)) {
      if (code < 0x100) body += `\\x${hex(code, 2)}`;
      else if (code < 0x10000) body += `\\u${hex(code, 4)}`;
      else body += `\\U${hex(code, 8)}`;
    } else body += char;
  }
  return `${quote}${body}${quote}`;
}

/**
 * A float literal as Python's `repr()` writes it: the shortest digits that read back the same,
 * `1.0` rather than `1`, and an exponent from 1e+16 up and below 1e-04.
 */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`No Python literal for ${value}`);
  const [mantissa, exponent] = value.toExponential().split('e');
  const power = Number(exponent);
  if (power >= 16 || power < -4) return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

/**
 * An expression laid out by `layout`: an atom (already Python source), a call, or a collection.
 * Keyword arguments come after positional ones. `exploded` marks a bracket written one item per
 * line with a trailing comma whatever its length (Black's "magic trailing comma"), as Django's
 * migration writer writes operations and their fields.
 */
export type PyExpr =
  | string
  | { call: string; args?: PyExpr[]; kwargs?: [string, PyExpr][]; exploded?: boolean }
  | { list: PyExpr[]; exploded?: boolean }
  | { tuple: PyExpr[]; exploded?: boolean }
  | { dict: [PyExpr, PyExpr][]; exploded?: boolean };

type Bracketed = Exclude<PyExpr, string>;
type Item = { prefix: string; expr: PyExpr };

function parts(expr: Bracketed): { open: string; close: string; items: Item[] } {
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
    items: expr.dict.map(([key, value]) => ({ prefix: `${onLine(key, Infinity)}: `, expr: value })),
  };
}

/**
 * The expression on one line when that takes at most `budget` characters, else undefined (and
 * always for an exploded bracket). Gives up as soon as the budget is spent, so laying out a
 * large expression does not write it out whole at every level.
 */
function onLine(expr: PyExpr, budget: number): string | undefined {
  if (typeof expr === 'string') return expr.length <= budget ? expr : undefined;
  if (expr.exploded) return undefined;
  const { open, close, items } = parts(expr);
  const inner = itemsOnLine(expr, items, budget - open.length - close.length);
  return inner === undefined ? undefined : `${open}${inner}${close}`;
}

/** The items of a bracket on one line, as between its brackets, within `budget` characters. */
function itemsOnLine(expr: Bracketed, items: Item[], budget: number): string | undefined {
  let text = '';
  for (const [i, item] of items.entries()) {
    if (i > 0) text += ', ';
    const value = onLine(item.expr, budget - text.length - item.prefix.length);
    if (value === undefined) return undefined;
    text += item.prefix + value;
  }
  // A one-element tuple needs its comma.
  if ('tuple' in expr && items.length === 1) text += ',';
  return text.length <= budget ? text : undefined;
}

/**
 * Lays out `lead + expr + trail` starting at `indent` spaces as Black would: on one line when it
 * fits in 88 columns; else split at the expression's brackets. The arguments of a call stay on
 * one indented line when they fit there; the items of a list, tuple or dict go one per line
 * with a trailing comma, as do arguments that do not fit; each item is laid out in turn.
 */
export function layout(expr: PyExpr, indent: number, lead = '', trail = ''): string {
  const pad = ' '.repeat(indent);
  const line = onLine(expr, LINE_LENGTH - indent - lead.length - trail.length);
  if (line !== undefined || typeof expr === 'string') return `${pad}${lead}${line ?? expr}${trail}`;
  const { open, close, items } = parts(expr);
  const wrap = (body: string[]) => [`${pad}${lead}${open}`, ...body, `${pad}${close}${trail}`].join('\n');
  if (items.length === 0) return `${pad}${lead}${open}${close}${trail}`;
  // Black explodes a collection literal with commas in it once it splits it; not a call.
  const keepsItemsTogether = 'call' in expr || items.length === 1;
  if (!expr.exploded && keepsItemsTogether) {
    const body = itemsOnLine(expr, items, LINE_LENGTH - indent - 4);
    if (body !== undefined) return wrap([`${pad}    ${body}`]);
    // A lone item has no comma to split at: it is split inside, and gets no trailing comma.
    if (items.length === 1) return wrap([layout(items[0].expr, indent + 4, items[0].prefix)]);
  }
  return wrap(items.map(item => layout(item.expr, indent + 4, item.prefix, ',')));
}

/**
 * Import lines in the order isort (and Django's migration writer) puts them: `import x` before
 * `from x import y`, each by module name.
 */
export function sortImports(lines: Iterable<string>): string[] {
  const key = (line: string) => `${line.startsWith('from ') ? 1 : 0} ${line.split(' ')[1]}`;
  return [...lines].sort((a, b) => compareText(key(a), key(b)));
}

/** `from module import A, B`, sorted as isort would and wrapped the way Black wraps it. */
export function importLine(module: string, identifiers: string[]): string {
  const imported = [...identifiers].sort();
  const oneLine = `from ${module} import ${imported.join(', ')}`;
  if (oneLine.length <= LINE_LENGTH) return oneLine;
  return [`from ${module} import (`, ...imported.map(name => `    ${name},`), ')'].join('\n');
}

/** Python's string order (by code point), not the locale's. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
