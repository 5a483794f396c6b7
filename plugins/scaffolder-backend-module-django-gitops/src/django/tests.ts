import { type FieldSpec, type ModelSpec, type ProjectSpec, snakeCase } from '@dev-portal/plugin-django-gitops-common';
import { choiceLiteral, choicesConstant } from './fields';
import { verboseName } from './models';
import { importLine, layout, PyExpr, pyStr } from './python';

/**
 * The generated test suite: `tests/factories.py` builds related rows, and one module per model
 * drives its endpoint through DRF's test client.
 */

export const FILE_TYPES = new Set(['FileField', 'ImageField']);
/** Fields whose value a test can compare for equality after a round trip through the API. */
export const COMPARABLE = new Set([
  'CharField', 'TextField', 'SlugField', 'EmailField', 'IntegerField', 'BigIntegerField',
  'PositiveIntegerField', 'BooleanField',
]);

export const isSelfRelation = (field: FieldSpec, model: ModelSpec) => field.to === model.name;
export const factoryName = (modelName: string) => `make_${snakeCase(modelName)}`;

/** Text that fits the field's max length. */
export function fitted(field: FieldSpec, text: string): string {
  return field.maxLength !== undefined ? text.slice(0, field.maxLength) : text;
}

export function decimalSample(field: FieldSpec, whole: string): string {
  const places = field.decimalPlaces ?? 0;
  const integer = (field.maxDigits ?? 1) > places ? whole : '0';
  return places > 0 ? `${integer}.${'0'.repeat(places)}` : integer;
}


/** Samples short enough for the smallest maxLength validation accepts (6 and 12). */
const SHORT_EMAIL = 'a@b.io';
const SHORT_URL = 'https://a.io';
/** The text when it fits the field's maxLength (Django's default when unset), else `short`. */
function fitting(field: FieldSpec, text: string, short: string, defaultMax: number): string {
  return text.length <= (field.maxLength ?? defaultMax) ? text : short;
}
/** Whether the field's maxLength (Django's default when unset) leaves `text` six digits of room for `n`. */
function roomForSequence(field: FieldSpec, text: string, defaultMax: number): boolean {
  return text.length + 6 <= (field.maxLength ?? defaultMax);
}

/**
 * A Python value for a field of a row created through the ORM; `n` makes unique ones unique.
 * Unique choices go round the choices after the first, which the API tests post themselves.
 */
export function factoryValue(field: FieldSpec, model: ModelSpec): string {
  const unique = field.unique;
  if (field.choices) {
    const count = field.choices.length;
    if (!unique || count === 1) return choiceLiteral(field.choices[0]);
    if (count === 2) return choiceLiteral(field.choices[1]);
    return `${model.name}.${choicesConstant(field)}[1 + n % ${count - 1}][0]`;
  }
  switch (field.type) {
    case 'CharField':
    case 'SlugField': {
      const room = (field.maxLength ?? 50) - 7;
      const prefix = room > 0 ? `${field.name.replace(/_/g, '-').slice(0, room)}-` : '';
      return unique ? `f"${prefix}{n}"` : pyStr(fitted(field, field.name.replace(/_/g, '-')));
    }
    case 'TextField':
      return unique ? 'f"text {n}"' : pyStr('text');
    case 'EmailField':
      if (!unique) return pyStr(fitting(field, 'person@example.com', SHORT_EMAIL, 254));
      return roomForSequence(field, 'person@example.com', 254) ? 'f"person{n}@example.com"' : 'f"{n}@b.io"';
    case 'URLField':
      if (!unique) return pyStr(fitting(field, 'https://example.com/', SHORT_URL, 200));
      return roomForSequence(field, 'https://example.com/', 200) ? 'f"https://example.com/{n}"' : 'f"https://{n}.io"';
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
      return unique ? 'n' : '1';
    case 'FloatField':
      return unique ? 'float(n)' : '1.5';
    case 'DecimalField':
      return unique ? 'Decimal(n)' : `Decimal(${pyStr(decimalSample(field, '1'))})`;
    case 'BooleanField':
      return 'True';
    case 'DateField':
      return unique ? 'datetime.date(2024, 1, 1) + datetime.timedelta(days=n)' : 'datetime.date(2024, 1, 1)';
    case 'DateTimeField':
      return unique
        ? 'datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)'
        : 'datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)';
    case 'TimeField':
      return unique ? 'datetime.time(n % 24, n // 24 % 60)' : 'datetime.time(9, 0)';
    case 'DurationField':
      return unique ? 'datetime.timedelta(minutes=n)' : 'datetime.timedelta(minutes=5)';
    case 'UUIDField':
      return 'uuid.uuid4()';
    case 'JSONField':
      return '{}';
    case 'FileField':
      return 'ContentFile(b"sample", name="sample.txt")';
    case 'ImageField':
      return 'ContentFile(tiny_png(), name="sample.png")';
    default:
      throw new Error(`No factory value for ${field.type}`);
  }
}

/** Whether a factory value reads `n`: outside plain string literals (a choice "n" does not). */
function usesSequenceNumber(value: string): boolean {
  return /\bn\b/.test(value.replace(/(?<![A-Za-z])"(?:[^"\\]|\\.)*"|(?<![A-Za-z])'(?:[^'\\]|\\.)*'/g, ''));
}

/** `tests/factories.py`: one builder per model that fills required fields and relations. */
export function renderFactories(spec: ProjectSpec): string {
  const values = spec.models.flatMap(m => m.fields.filter(f => f.required && f.default === undefined && !f.to).map(f => factoryValue(f, m)));
  const needs = (pattern: RegExp) => values.some(value => pattern.test(value));
  const stdlib = ['import itertools'];
  if (needs(/datetime\./)) stdlib.unshift('import datetime');
  if (needs(/uuid\./)) stdlib.push('import uuid');
  if (needs(/Decimal\(/)) stdlib.push('from decimal import Decimal');
  const thirdParty: string[] = [];
  if (needs(/ContentFile/)) thirdParty.push('from django.core.files.base import ContentFile');
  const local = [importLine(`${spec.appName}.models`, spec.models.map(m => m.name))];
  if (needs(/tiny_png/)) local.push(`from ${spec.appName}.tests.images import tiny_png`);

  const builders = spec.models.map(model => {
    const required = model.fields.filter(f => f.required && f.default === undefined);
    const scalar = required.filter(f => !f.to);
    const single = required.filter(f => f.to && f.type !== 'ManyToManyField');
    const many = required.filter(f => f.type === 'ManyToManyField');
    const fieldValues = scalar.map((f): [PyExpr, PyExpr] => [pyStr(f.name), factoryValue(f, model)]);
    const usesSequence = scalar.some(f => usesSequenceNumber(factoryValue(f, model)));
    const name = factoryName(model.name);
    const lines = [`def ${name}(**overrides):`, `    """A saved ${verboseName(model)} with every required field set."""`];
    if (usesSequence) lines.push('    n = next(_sequence)');
    if (fieldValues.length > 0) lines.push(layout({ dict: fieldValues }, 4, 'values = '), '    values.update(overrides)');
    else lines.push('    values = dict(overrides)');
    // Only the related rows the caller did not give are made.
    for (const f of single) {
      lines.push(`    if ${pyStr(f.name)} not in values:`, `        values[${pyStr(f.name)}] = ${factoryName(f.to!)}()`);
    }
    if (many.length === 0) {
      lines.push(`    return ${model.name}.objects.create(**values)`);
    } else {
      lines.push(`    row = ${model.name}.objects.create(**values)`);
      for (const f of many) lines.push(`    row.${f.name}.set([${factoryName(f.to!)}()])`);
      lines.push('    return row');
    }
    return lines.join('\n');
  });

  const imports = [stdlib.join('\n'), thirdParty.join('\n'), local.join('\n')].filter(Boolean).join('\n\n');
  const doc = '"""Builders for the rows that API tests need, with every required field filled in."""';
  return `${doc}\n\n${imports}\n\n_sequence = itertools.count(1)\n\n\n${builders.join('\n\n\n')}\n`;
}

/**
 * The related row setUp made for a relation field. Kept in a dict, not as `self.<field>`: a field
 * named `client`, `payload` or `list_url` would replace the test client or a helper.
 */
const relatedRow = (field: FieldSpec) => `self.related[${pyStr(field.name)}]`;

/** A JSON value (as Python source) the API accepts for the field on create. */
export function payloadValue(field: FieldSpec, multipart: boolean): PyExpr {
  if (field.choices) return choiceLiteral(field.choices[0]);
  switch (field.type) {
    case 'CharField':
      return pyStr(fitted(field, 'Sample'));
    case 'SlugField':
      return pyStr(fitted(field, 'sample-slug'));
    case 'TextField':
      return pyStr('Sample text');
    case 'EmailField':
      return pyStr(fitting(field, 'person@example.com', SHORT_EMAIL, 254));
    case 'URLField':
      return pyStr(fitting(field, 'https://example.com/', SHORT_URL, 200));
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
      return '7';
    case 'FloatField':
      return '2.5';
    case 'DecimalField':
      return pyStr(decimalSample(field, '1'));
    case 'BooleanField':
      return 'True';
    case 'DateField':
      return pyStr('2024-05-17');
    case 'DateTimeField':
      return pyStr('2024-05-17T10:30:00Z');
    case 'TimeField':
      return pyStr('10:30:00');
    case 'DurationField':
      return pyStr('01:00:00');
    case 'UUIDField':
      return pyStr('3f2b8c1e-6a53-4c8e-9d3a-2f1f0b7c9e11');
    case 'JSONField':
      return multipart ? pyStr('{"key": "value"}') : '{"key": "value"}';
    case 'FileField':
      return { call: 'SimpleUploadedFile', args: ['"sample.txt"', 'b"sample"'], kwargs: [['content_type', '"text/plain"']] };
    case 'ImageField':
      return { call: 'SimpleUploadedFile', args: ['"sample.png"', 'tiny_png()'], kwargs: [['content_type', '"image/png"']] };
    case 'ForeignKey':
    case 'OneToOneField':
      return `${relatedRow(field)}.pk`;
    case 'ManyToManyField':
      return { list: [`${relatedRow(field)}.pk`] };
    default:
      throw new Error(`No payload value for ${field.type}`);
  }
}

/** A second valid value, for the update test. */
export function changedValue(field: FieldSpec): string | undefined {
  if (field.choices) return choiceLiteral(field.choices[1] ?? field.choices[0]);
  switch (field.type) {
    case 'CharField':
      return pyStr(fitted(field, 'Changed'));
    case 'SlugField':
      return pyStr(fitted(field, 'changed'));
    case 'TextField':
      return pyStr('Changed text');
    case 'EmailField':
      return pyStr(fitting(field, 'changed@example.com', 'b@a.io', 254));
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
      return '8';
    case 'BooleanField':
      return 'False';
    default:
      return undefined;
  }
}

/** A value that is none of the field's choices. */
export function outsideChoices(field: FieldSpec): string {
  return typeof field.choices![0].value === 'number' ? '-999' : pyStr('not-a-choice');
}

/** An input the API must refuse for the field, or undefined when every value is acceptable. */
export function invalidValue(field: FieldSpec): string | undefined {
  if (field.choices) return outsideChoices(field);
  switch (field.type) {
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
    case 'FloatField':
    case 'DecimalField':
      return pyStr('not a number');
    case 'EmailField':
      return pyStr('not-an-email');
    case 'URLField':
      return pyStr('not a url');
    case 'DateField':
    case 'DateTimeField':
    case 'TimeField':
      return pyStr('not a date');
    case 'UUIDField':
      return pyStr('not-a-uuid');
    case 'ForeignKey':
    case 'OneToOneField':
      return '999999';
    case 'CharField':
    case 'SlugField':
      return field.maxLength !== undefined ? `"x" * ${field.maxLength + 1}` : undefined;
    default:
      return undefined;
  }
}

/** Whether building rows of `targets` (and what they require in turn) creates a `modelName`. */
export function factoriesCreate(spec: ProjectSpec, targets: string[], modelName: string): boolean {
  const byName = new Map(spec.models.map(m => [m.name, m]));
  const seen = new Set<string>();
  const pending = [...targets];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === modelName) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...byName.get(name)!.fields.filter(f => f.to && f.required).map(f => f.to!));
  }
  return false;
}

/** `tests/images.py`, only when an ImageField exists: Pillow must see a real image. */
export function renderImageHelper(): string {
  return [
    '"""A real, tiny image: ImageField validates uploads with Pillow."""',
    '',
    'import io',
    '',
    'from PIL import Image',
    '',
    '',
    'def tiny_png():',
    '    buffer = io.BytesIO()',
    '    Image.new("RGB", (1, 1), "white").save(buffer, format="PNG")',
    '    return buffer.getvalue()',
    '',
  ].join('\n');
}

/** `tests/base.py`: the signed-in client every API test starts from. */
export function renderTestBase(): string {
  return [
    '"""What every API test starts from."""',
    '',
    'from django.contrib.auth import get_user_model',
    'from django.core.cache import cache',
    'from rest_framework.test import APITestCase',
    '',
    '',
    'class ApiTestCase(APITestCase):',
    '    """A signed-in client whose requests arrive over HTTPS, as through the ingress."""',
    '',
    '    def setUp(self):',
    '        # Throttle counts live in the cache, which all tests share.',
    '        cache.clear()',
    '        self.user = get_user_model().objects.create_user("tester")',
    '        self.client.force_authenticate(self.user)',
    '        self.client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"',
    '',
    '    def sign_out(self):',
    '        self.client.force_authenticate(None)',
    '',
    '    @staticmethod',
    '    def listed_ids(response):',
    '        return [row["id"] for row in response.data["results"]]',
    '',
  ].join('\n');
}
