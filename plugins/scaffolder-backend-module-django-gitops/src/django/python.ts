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

/**
 * An expression prepared for layout, once: its brackets, its items, and its width on one line
 * (Infinity when it, or an item inside it, is exploded). `layout` then decides each level in
 * constant time and writes every one-line piece once.
 */
interface Node {
  open: string;
  close: string;
  items: { prefix: string; node: Node | string }[];
  exploded: boolean;
  /** Black keeps a call's arguments (or a single item) on one indented line when they fit. */
  keepsItemsTogether: boolean;
  /** A one-element tuple needs its comma. */
  trailingComma: boolean;
  /** Width of the items on one line, between the brackets. */
  innerWidth: number;
  inner?: string;
}

function prepare(expr: PyExpr): Node | string {
  if (typeof expr === 'string') return expr;
  let open: string;
  let close = ')';
  let items: { prefix: string; node: Node | string }[];
  if ('call' in expr) {
    open = `${expr.call}(`;
    items = [
      ...(expr.args ?? []).map(arg => ({ prefix: '', node: prepare(arg) })),
      ...(expr.kwargs ?? []).map(([key, value]) => ({ prefix: `${key}=`, node: prepare(value) })),
    ];
  } else if ('list' in expr) {
    [open, close] = ['[', ']'];
    items = expr.list.map(item => ({ prefix: '', node: prepare(item) }));
  } else if ('tuple' in expr) {
    open = '(';
    items = expr.tuple.map(item => ({ prefix: '', node: prepare(item) }));
  } else {
    [open, close] = ['{', '}'];
    items = expr.dict.map(([key, value]) => ({ prefix: `${oneLine(prepare(key))}: `, node: prepare(value) }));
  }
  const trailingComma = 'tuple' in expr && items.length === 1;
  let innerWidth = Math.max(0, 2 * (items.length - 1)) + (trailingComma ? 1 : 0);
  for (const item of items) innerWidth += item.prefix.length + width(item.node);
  return {
    open,
    close,
    items,
    exploded: Boolean(expr.exploded),
    keepsItemsTogether: 'call' in expr || items.length === 1,
    trailingComma,
    innerWidth: expr.exploded ? Infinity : innerWidth,
  };
}

function width(node: Node | string): number {
  return typeof node === 'string' ? node.length : node.open.length + node.innerWidth + node.close.length;
}

/** The items on one line, as between the brackets; written once. */
function innerLine(node: Node): string {
  node.inner ??= node.items.map(item => item.prefix + oneLine(item.node)).join(', ') + (node.trailingComma ? ',' : '');
  return node.inner;
}

function oneLine(node: Node | string): string {
  return typeof node === 'string' ? node : `${node.open}${innerLine(node)}${node.close}`;
}

/**
 * Lays out `lead + expr + trail` starting at `indent` spaces as Black would: on one line when it
 * fits in 88 columns; else split at the expression's brackets. The arguments of a call stay on
 * one indented line when they fit there; the items of a list, tuple or dict go one per line
 * with a trailing comma, as do arguments that do not fit; each item is laid out in turn.
 */
export function layout(expr: PyExpr, indent: number, lead = '', trail = ''): string {
  const lines: string[] = [];
  layoutInto(lines, prepare(expr), indent, lead, trail);
  return lines.join('\n');
}

function layoutInto(lines: string[], node: Node | string, indent: number, lead: string, trail: string): void {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string' || indent + lead.length + width(node) + trail.length <= LINE_LENGTH || node.items.length === 0) {
    lines.push(`${pad}${lead}${oneLine(node)}${trail}`);
    return;
  }
  lines.push(`${pad}${lead}${node.open}`);
  if (!node.exploded && node.keepsItemsTogether && indent + 4 + node.innerWidth <= LINE_LENGTH) {
    lines.push(`${pad}    ${innerLine(node)}`);
  } else if (!node.exploded && node.items.length === 1) {
    // A lone item has no comma to split at: it is split inside, and gets no trailing comma.
    layoutInto(lines, node.items[0].node, indent + 4, node.items[0].prefix, '');
  } else {
    // Black explodes a collection literal with commas in it once it splits it; not a call.
    for (const item of node.items) layoutInto(lines, item.node, indent + 4, item.prefix, ',');
  }
  lines.push(`${pad}${node.close}${trail}`);
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
  const single = `from ${module} import ${imported.join(', ')}`;
  if (single.length <= LINE_LENGTH) return single;
  return [`from ${module} import (`, ...imported.map(name => `    ${name},`), ')'].join('\n');
}

/** Python's string order (by code point), not the locale's. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
