/** What a job's `if:` can ask about the event that started the run. */
export interface ConditionContext {
  event_name: string;
  /** `refs/heads/<branch>` for a push, `refs/pull/<number>/merge` for a pull request. */
  ref: string;
  /** Pull requests: the head and base branches; empty for pushes. */
  head_ref: string;
  base_ref: string;
}

/** A value the sandbox cannot know (a function call, another context): the job runs, as it might. */
const UNKNOWN = Symbol('unknown');
type Value = string | boolean | null | typeof UNKNOWN;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.-]*(?:\([^)]*\))?))/y;

type Known = Exclude<Value, typeof UNKNOWN>;
const known = (value: Value): value is Known => value !== UNKNOWN;
const truthy = (value: Known) => value !== false && value !== null && value !== '';

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: string[],
    private readonly context: ConditionContext,
  ) {}

  parse(): Value {
    const value = this.or();
    return this.position === this.tokens.length ? value : UNKNOWN;
  }

  private or(): Value {
    let left = this.and();
    while (this.take('||')) {
      const right = this.and();
      // Either side true decides, whatever the other is.
      if (([left, right] as Value[]).some(value => known(value) && truthy(value))) left = true;
      else left = known(left) && known(right) ? false : UNKNOWN;
    }
    return left;
  }

  private and(): Value {
    let left = this.comparison();
    while (this.take('&&')) {
      const right = this.comparison();
      // Either side false decides, whatever the other is.
      if (([left, right] as Value[]).some(value => known(value) && !truthy(value))) left = false;
      else left = known(left) && known(right) ? true : UNKNOWN;
    }
    return left;
  }

  private comparison(): Value {
    const left = this.unary();
    const operator = this.take('==') ?? this.take('!=');
    if (!operator) return left;
    const right = this.unary();
    if (!known(left) || !known(right)) return UNKNOWN;
    // GitHub compares strings case-insensitively.
    const equal = typeof left === 'string' && typeof right === 'string' ? left.toLowerCase() === right.toLowerCase() : left === right;
    return operator === '==' ? equal : !equal;
  }

  private unary(): Value {
    if (this.take('!')) {
      const value = this.unary();
      return known(value) ? !truthy(value) : UNKNOWN;
    }
    if (this.take('(')) {
      const value = this.or();
      return this.take(')') ? value : UNKNOWN;
    }
    const token = this.tokens[this.position++];
    if (token === undefined) return UNKNOWN;
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    const name = /^github\.(event_name|ref|head_ref|base_ref)$/.exec(token)?.[1] as keyof ConditionContext | undefined;
    return name ? this.context[name] : UNKNOWN;
  }

  private take(token: string): string | undefined {
    if (this.tokens[this.position] !== token) return undefined;
    this.position += 1;
    return token;
  }
}

/**
 * Whether a job with this `if:` runs. Understands comparisons (`==`, `!=`) of `github.ref`,
 * `github.event_name`, `github.head_ref` and `github.base_ref` with string literals, `!`, `&&`,
 * `||`, parentheses, `true` and `false`; anything else (functions, other contexts) is unknown,
 * and a condition the sandbox cannot decide lets the job run (`false && unknown` is decided).
 */
export function jobRuns(condition: string | undefined, context: ConditionContext): boolean {
  if (condition === undefined) return true;
  const source = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (source.slice(TOKEN.lastIndex).trim() !== '') {
    const match = TOKEN.exec(source);
    // Syntax the sandbox does not read: it cannot decide, so the job runs.
    if (!match) return true;
    tokens.push(match[0].trim());
  }
  const parser = new ConditionParser(tokens, context);
  const value = parser.parse();
  return known(value) ? truthy(value) : true;
}
