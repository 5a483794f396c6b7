import type { FieldDefault } from '../project/defaults';
import { pluralize, snakeCase } from '../project/names';
import type { Choice, FieldSpec, FieldType, ModelSpec } from '../project/spec';
import { PyExpr, pyFloat, pyStr } from './python';

/** Text-like types: Django convention is blank=True, not null=True, when optional. */
const STRING_TYPES: ReadonlySet<FieldType> = new Set([
  'CharField', 'TextField', 'EmailField', 'URLField', 'SlugField', 'FileField', 'ImageField',
]);

/** Where a field constructor is written: models.py, or the migration that must match it. */
export type FieldContext = { kind: 'model' } | { kind: 'migration'; appLabel: string };

/** The module a field's Python source needs imported (beyond `django.db.models`). */
export type PyImport = 'datetime' | 'uuid' | 'decimal' | 'deletion';

/** The name of the class-level constant holding a field's choices, e.g. `STATUS_CHOICES`. */
export function choicesConstant(field: FieldSpec): string {
  return `${field.name.toUpperCase()}_CHOICES`;
}

/** A choice's stored value as a Python literal: integers bare, text quoted. */
export const choiceLiteral = (choice: Choice): string =>
  typeof choice.value === 'number' ? String(choice.value) : pyStr(choice.value);

export function choicesExpr(field: FieldSpec): PyExpr {
  return {
    tuple: (field.choices ?? []).map(choice => ({
      tuple: [choiceLiteral(choice), pyStr(choice.label)],
    })),
  };
}

/**
 * `models.CharField(max_length=120, unique=True)` and friends. Models and the initial migration
 * write the same keyword arguments, so `makemigrations --check` finds nothing to do.
 */
export function fieldConstructor(field: FieldSpec, model: ModelSpec, context: FieldContext): PyExpr {
  const kwargs: [string, PyExpr][] = [];
  const args: PyExpr[] = [];
  const isRelation = field.to !== undefined;

  if (isRelation) {
    const target = field.to === model.name && context.kind === 'model' ? '"self"' : pyStr(relationTarget(field, context));
    if (context.kind === 'model') args.push(target);
    if (field.onDelete) {
      const action = context.kind === 'model' ? `models.${field.onDelete}` : `django.db.models.deletion.${field.onDelete}`;
      kwargs.push(['on_delete', action]);
    }
  }
  if (field.maxLength !== undefined) kwargs.push(['max_length', String(field.maxLength)]);
  if (field.maxDigits !== undefined) kwargs.push(['max_digits', String(field.maxDigits)]);
  if (field.decimalPlaces !== undefined) kwargs.push(['decimal_places', String(field.decimalPlaces)]);
  if (field.choices) kwargs.push(['choices', context.kind === 'model' ? choicesConstant(field) : choicesExpr(field)]);
  if (field.default !== undefined) kwargs.push(['default', defaultExpr(field.default as FieldDefault)]);
  if (field.unique) kwargs.push(['unique', 'True']);
  if (!field.required) {
    const nullable =
      field.type !== 'ManyToManyField' && (!STRING_TYPES.has(field.type) || (field.unique && field.type !== 'FileField'));
    if (nullable) kwargs.push(['null', 'True']);
    kwargs.push(['blank', 'True']);
  }
  if (field.relatedName) kwargs.push(['related_name', pyStr(field.relatedName)]);
  if (field.type === 'FileField' || field.type === 'ImageField') {
    kwargs.push(['upload_to', pyStr(`${pluralize(snakeCase(model.name))}/`)]);
  }
  if (field.helpText !== undefined) kwargs.push(['help_text', pyStr(field.helpText)]);
  if (isRelation && context.kind === 'migration') kwargs.push(['to', pyStr(relationTarget(field, context))]);

  return { call: `models.${field.type}`, args, kwargs };
}

/** Imports that a field's constructor needs in either file. */
export function fieldImports(field: FieldSpec, context: FieldContext): PyImport[] {
  const imports: PyImport[] = [];
  const fieldDefault = field.default as FieldDefault | undefined;
  if (fieldDefault) {
    if (fieldDefault.kind === 'decimal') imports.push('decimal');
    if (['date', 'time', 'datetime', 'duration'].includes(fieldDefault.kind)) imports.push('datetime');
    if (fieldDefault.kind === 'uuid' || (fieldDefault.kind === 'callable' && fieldDefault.name === 'uuid.uuid4')) {
      imports.push('uuid');
    }
  }
  if (context.kind === 'migration' && field.onDelete) imports.push('deletion');
  return imports;
}

function relationTarget(field: FieldSpec, context: FieldContext): string {
  return context.kind === 'migration' ? `${context.appLabel}.${field.to!.toLowerCase()}` : field.to!;
}

function defaultExpr(value: FieldDefault): PyExpr {
  switch (value.kind) {
    case 'str':
      return pyStr(value.value);
    case 'int':
      return value.value;
    case 'float':
      return pyFloat(value.value);
    case 'decimal':
      return { call: 'Decimal', args: [pyStr(value.value)] };
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'date':
      return { call: 'datetime.date', args: [value.year, value.month, value.day].map(String) };
    case 'time':
      return { call: 'datetime.time', args: [value.hour, value.minute, value.second].map(String) };
    case 'datetime':
      return {
        call: 'datetime.datetime',
        args: [value.year, value.month, value.day, value.hour, value.minute, value.second].map(String),
        kwargs: [['tzinfo', 'datetime.UTC']],
      };
    case 'duration':
      return { call: 'datetime.timedelta', kwargs: [['seconds', String(value.seconds)]] };
    case 'uuid':
      return { call: 'uuid.UUID', args: [pyStr(value.value)] };
    case 'callable':
      return value.name;
    default:
      throw new Error(`Unknown default ${JSON.stringify(value)}`);
  }
}
