import { type Choice, type FieldDefault, type FieldSpec, type FieldType, type ModelSpec, pluralize, snakeCase } from '@dev-portal/plugin-django-gitops-common';
import { PyExpr, pyFloat, pyStr } from './python';

/** Text-like types: Django convention is blank=True, not null=True, when optional. */
const STRING_TYPES: ReadonlySet<FieldType> = new Set([
  'CharField', 'TextField', 'EmailField', 'URLField', 'SlugField', 'FileField', 'ImageField',
]);

/** Whether an optional field stores NULL: not for text (blank is ''), unless unique. */
export function isNullable(field: FieldSpec): boolean {
  return field.type !== 'ManyToManyField' && (!STRING_TYPES.has(field.type) || (field.unique && field.type !== 'FileField'));
}

/** The name of the class-level constant holding a field's choices, e.g. `STATUS_CHOICES`. */
export function choicesConstant(field: FieldSpec): string {
  return `${field.name.toUpperCase()}_CHOICES`;
}

/** A choice's stored value as a Python literal: integers bare, text quoted. */
export const choiceLiteral = (choice: Choice): string =>
  typeof choice.value === 'number' ? String(choice.value) : pyStr(choice.value);

/** `(value, label)` pairs. */
export function choicePairs(field: FieldSpec): PyExpr[] {
  return (field.choices ?? []).map(choice => ({ tuple: [choiceLiteral(choice), pyStr(choice.label)] }));
}

/** The folder of a model's uploads under MEDIA_ROOT (or the bucket). */
export function uploadTo(model: ModelSpec): string {
  return `${pluralize(snakeCase(model.name))}/`;
}

/** Functions of the app's validators.py an upload field runs (ImageField checks its type itself). */
export function fileValidators(field: FieldSpec): string[] {
  return field.type === 'FileField' ? ['validate_upload_size', 'validate_upload_extension'] : ['validate_upload_size'];
}

/**
 * `models.CharField(max_length=120, unique=True)` and friends, as models.py declares them: the
 * related model first (by name once its class is defined above, else as a string), then the
 * options in the order a Django developer writes them. `imports` receives the import lines
 * the expression needs.
 */
export function fieldConstructor(field: FieldSpec, model: ModelSpec, definedAbove: ReadonlySet<string>, imports: Set<string>): PyExpr {
  const kwargs: [string, PyExpr][] = [];
  const args: PyExpr[] = [];
  if (field.to) {
    if (field.to === model.name) args.push(pyStr('self'));
    else args.push(definedAbove.has(field.to) ? field.to : pyStr(field.to));
    if (field.onDelete) kwargs.push(['on_delete', `models.${field.onDelete}`]);
  }
  if (field.maxLength !== undefined) kwargs.push(['max_length', String(field.maxLength)]);
  if (field.maxDigits !== undefined) kwargs.push(['max_digits', String(field.maxDigits)]);
  if (field.decimalPlaces !== undefined) kwargs.push(['decimal_places', String(field.decimalPlaces)]);
  if (field.choices) kwargs.push(['choices', choicesConstant(field)]);
  if (field.default !== undefined) kwargs.push(['default', defaultExpr(field.default as FieldDefault, imports)]);
  // A one-to-one field is unique by nature.
  if (field.unique && field.type !== 'OneToOneField') kwargs.push(['unique', 'True']);
  if (!field.required) {
    if (isNullable(field)) kwargs.push(['null', 'True']);
    kwargs.push(['blank', 'True']);
  }
  if (field.relatedName) kwargs.push(['related_name', pyStr(field.relatedName)]);
  if (field.type === 'FileField' || field.type === 'ImageField') {
    kwargs.push(['upload_to', pyStr(uploadTo(model))]);
    const validators = fileValidators(field);
    for (const name of validators) imports.add(`from .validators import ${name}`);
    kwargs.push(['validators', { list: validators }]);
  }
  if (field.helpText !== undefined) kwargs.push(['help_text', pyStr(field.helpText)]);
  return { call: `models.${field.type}`, args, kwargs };
}

/**
 * A default as Python source, written as `repr()` writes the value, which is what Django's
 * migration writer does too: `datetime.time(7, 45)`, `datetime.timedelta(days=1)`.
 * `imports` receives the import line the expression needs; `utc` is how the code names UTC
 * (`datetime.UTC` in models.py, `datetime.timezone.utc` as the migration writer has it).
 */
export function defaultExpr(value: FieldDefault, imports: Set<string>, utc = 'datetime.UTC'): PyExpr {
  switch (value.kind) {
    case 'str':
      return pyStr(value.value);
    case 'int':
      return value.value;
    case 'float':
      return pyFloat(value.value);
    case 'decimal':
      imports.add('from decimal import Decimal');
      return { call: 'Decimal', args: [pyStr(value.value)] };
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'date':
      imports.add('import datetime');
      return { call: 'datetime.date', args: [value.year, value.month, value.day].map(String) };
    case 'time':
      imports.add('import datetime');
      return { call: 'datetime.time', args: withoutZeroSecond([value.hour, value.minute, value.second]) };
    case 'datetime':
      imports.add('import datetime');
      return {
        call: 'datetime.datetime',
        args: withoutZeroSecond([value.year, value.month, value.day, value.hour, value.minute, value.second]),
        kwargs: [['tzinfo', utc]],
      };
    case 'duration':
      imports.add('import datetime');
      return { call: 'datetime.timedelta', ...timedeltaArguments(value.seconds) };
    case 'uuid':
      imports.add('import uuid');
      return { call: 'uuid.UUID', args: [pyStr(value.value)] };
    case 'callable':
      if (value.name === 'uuid.uuid4') imports.add('import uuid');
      return value.name;
    default:
      throw new Error(`Unknown default ${JSON.stringify(value)}`);
  }
}

/** `repr()` of a time or datetime leaves out a zero second. */
function withoutZeroSecond(parts: number[]): string[] {
  return (parts[parts.length - 1] === 0 ? parts.slice(0, -1) : parts).map(String);
}

/** `repr(timedelta(seconds=n))`: days and seconds, zero parts left out, `timedelta(0)` for none. */
function timedeltaArguments(totalSeconds: number): { args?: string[]; kwargs?: [string, PyExpr][] } {
  const days = Math.floor(totalSeconds / 86400);
  const seconds = totalSeconds - days * 86400;
  const kwargs: [string, PyExpr][] = [];
  if (days !== 0) kwargs.push(['days', String(days)]);
  if (seconds !== 0) kwargs.push(['seconds', String(seconds)]);
  return kwargs.length > 0 ? { kwargs } : { args: ['0'] };
}
