import { type ModelSpec, pluralize, type ProjectSpec, snakeCase } from '@dev-portal/plugin-django-gitops-common';
import { choicePairs, choicesConstant, fieldConstructor } from './fields';
import { importLine, layout, PyExpr, pyStr, sortImports } from './python';

/** Added to every model, after its own fields. */
export const TIMESTAMP_FIELDS: [string, PyExpr][] = [
  ['created_at', { call: 'models.DateTimeField', kwargs: [['auto_now_add', 'True']] }],
  ['updated_at', { call: 'models.DateTimeField', kwargs: [['auto_now', 'True']] }],
];

/** Newest first, by the primary key: indexed, and unique, so pages never overlap. */
export const MODEL_ORDERING: PyExpr = { tuple: [pyStr('-id')] };

/** Types a readable `__str__` can be built from, when the field is always set. */
const DISPLAY_TYPES = new Set(['CharField', 'SlugField', 'EmailField', 'URLField']);

/** Django's default verbose name: `OrderItem` -> `order item`. */
export function verboseName(model: ModelSpec): string {
  return snakeCase(model.name).replace(/_/g, ' ');
}

/** `verbose_name_plural`: `order items`, `categories`, `people`. */
export function pluralVerboseName(model: ModelSpec): string {
  return pluralize(verboseName(model));
}

/** The plural to declare, when Django's own (the name plus "s") would be wrong. */
export function verboseNamePlural(model: ModelSpec): string | undefined {
  const plural = pluralVerboseName(model);
  return plural === `${verboseName(model)}s` ? undefined : plural;
}

/** `models.py` of the app. */
export function renderModels(spec: ProjectSpec): string {
  const imports = new Set<string>();
  const definedAbove = new Set<string>();
  const classes = spec.models.map(model => {
    const rendered = renderModelClass(model, definedAbove, imports);
    definedAbove.add(model.name);
    return rendered;
  });
  return `${[importBlock(imports), ...classes].join('\n\n\n')}\n`;
}

function renderModelClass(model: ModelSpec, definedAbove: ReadonlySet<string>, imports: Set<string>): string {
  const lines: string[] = [`class ${model.name}(models.Model):`];
  const choiceFields = model.fields.filter(f => f.choices);
  for (const field of choiceFields) lines.push(layout({ list: choicePairs(field) }, 4, `${choicesConstant(field)} = `));
  if (choiceFields.length > 0) lines.push('');
  for (const field of model.fields) lines.push(layout(fieldConstructor(field, model, definedAbove, imports), 4, `${field.name} = `));
  for (const [name, expr] of TIMESTAMP_FIELDS) lines.push(layout(expr, 4, `${name} = `));

  lines.push('', '    class Meta:', layout(MODEL_ORDERING, 8, 'ordering = '));
  const plural = verboseNamePlural(model);
  if (plural) lines.push(`        verbose_name_plural = ${pyStr(plural)}`);

  lines.push('', '    def __str__(self):', `        return ${strExpression(model)}`);
  return lines.join('\n');
}

function strExpression(model: ModelSpec): string {
  const display = model.fields.find(f => DISPLAY_TYPES.has(f.type) && f.required);
  if (display) return `self.${display.name}`;
  return `f"${verboseName(model).replace(/^./, c => c.toUpperCase())} {self.pk}"`;
}

/**
 * Standard library, then Django, then the app's own modules, as isort groups them; names
 * imported from one module share a line.
 */
function importBlock(imports: Set<string>): string {
  const local = new Map<string, string[]>();
  for (const line of imports) {
    const [, module, name] = /^from (\.\S*) import (\S+)$/.exec(line) ?? [];
    if (module) local.set(module, [...(local.get(module) ?? []), name]);
  }
  const stdlib = [...imports].filter(line => !line.startsWith('from .'));
  const localLines = [...local.entries()].map(([module, names]) => importLine(module, names));
  return [sortImports(stdlib), ['from django.db import models'], sortImports(localLines)]
    .filter(group => group.length > 0)
    .map(group => group.join('\n'))
    .join('\n\n');
}
