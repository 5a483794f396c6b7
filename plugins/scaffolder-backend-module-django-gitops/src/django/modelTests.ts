import { type ApiAccess, type FieldSpec, type ModelSpec, type ProjectSpec, snakeCase } from '@dev-portal/plugin-django-gitops-common';
import { filterLookups, protectsTarget, searchableFields } from './api';
import { choiceLiteral } from './fields';
import { pluralVerboseName } from './models';
import { importLine, layout, PyExpr, pyStr, sortImports } from './python';
import {
  changedValue,
  COMPARABLE,
  decimalSample,
  factoriesCreate,
  factoryName,
  FILE_TYPES,
  fitted,
  invalidValue,
  isSelfRelation,
  outsideChoices,
  payloadValue,
} from './tests';

/**
 * `tests/test_<model>.py`: the endpoint driven as a client would, signed in (ApiTestCase) and
 * not: create, list, retrieve, update, delete; refused input (missing, invalid, duplicate,
 * outside the choices); a delete refused while protected rows refer to the row; filters,
 * search and page sizes; uploads there and back.
 */

/** Imports of the module, grouped as isort groups them: stdlib, third party, the project. */
interface Imports {
  stdlib: Set<string>;
  thirdParty: Set<string>;
  local: Map<string, Set<string>>;
}

/** Distinctive text for filter and search tests: no sample value or field name contains it. */
const FOUND = 'Quokka';
const MISSED = 'wombat';

export function renderModelTests(spec: ProjectSpec, model: ModelSpec): string {
  const imports: Imports = {
    stdlib: new Set(),
    thirdParty: new Set(['from django.urls import reverse', 'from rest_framework import status']),
    local: new Map(),
  };
  const useLocal = (module: string, name: string) => {
    if (!imports.local.has(module)) imports.local.set(module, new Set());
    imports.local.get(module)!.add(name);
  };
  useLocal(`${spec.appName}.models`, model.name);
  useLocal(`${spec.appName}.tests.base`, 'ApiTestCase');
  const factory = (modelName: string) => {
    useLocal(`${spec.appName}.tests.factories`, factoryName(modelName));
    return factoryName(modelName);
  };

  const context = testContext(spec, model);
  if (context.multipart) imports.thirdParty.add('from django.core.files.uploadedfile import SimpleUploadedFile');
  if (context.payloadFields.some(f => f.type === 'ImageField')) useLocal(`${spec.appName}.tests.images`, 'tiny_png');
  const files = context.payloadFields.some(f => FILE_TYPES.has(f.type));
  if (files) {
    imports.stdlib.add('import shutil').add('import tempfile');
    imports.thirdParty.add('from django.test import override_settings');
  }

  const setUp = helpers(context, factory);
  const tests: string[][] = [
    ...crudTests(context),
    ...refusedInputTests(context),
    ...accessTests(spec, context),
    ...protectedDeleteTests(spec, context, factory),
    ...filterTests(context, factory, imports),
    ...searchTests(context, factory),
    paginationTest(spec, context, factory, useLocal, imports),
    ...uploadTests(context),
  ].filter(test => test.length > 0);

  const lines: string[] = [`"""The ${model.endpoint} endpoint, as a client uses it."""`, ''];
  const groups = [
    sortImports(imports.stdlib),
    sortImports(imports.thirdParty),
    [...imports.local.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, names]) => importLine(module, [...names])),
  ].filter(group => group.length > 0);
  lines.push(groups.map(group => group.join('\n')).join('\n\n'));
  if (files) lines.push('', 'MEDIA_ROOT = tempfile.mkdtemp()');
  lines.push('', '');
  if (files) lines.push('@override_settings(MEDIA_ROOT=MEDIA_ROOT)');
  lines.push(`class ${model.name}ApiTests(ApiTestCase):`);
  if (files) {
    lines.push(
      '    @classmethod',
      '    def tearDownClass(cls):',
      '        super().tearDownClass()',
      '        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)',
      '',
    );
  }
  lines.push(...setUp);
  for (const test of tests) lines.push('', ...test);
  return `${lines.join('\n')}\n`;
}

interface TestContext {
  model: ModelSpec;
  snake: string;
  basename: string;
  /** Fields the create payload sets (a relation to the model itself stays empty). */
  payloadFields: FieldSpec[];
  multipart: boolean;
  format: string;
  related: FieldSpec[];
  /** `self.existing + n` when setUp's related rows already made rows of this model, else `n`. */
  count: (n: number) => string;
  existing: boolean;
}

function testContext(spec: ProjectSpec, model: ModelSpec): TestContext {
  const payloadFields = model.fields.filter(f => !isSelfRelation(f, model));
  const multipart = payloadFields.some(f => FILE_TYPES.has(f.type));
  const related = payloadFields.filter(f => f.to);
  // Related rows can need a row of this very model (a cycle): count from what they made.
  const existing = factoriesCreate(spec, related.map(f => f.to!), model.name);
  return {
    model,
    snake: snakeCase(model.name),
    basename: model.name.toLowerCase(),
    payloadFields,
    multipart,
    format: multipart ? 'multipart' : 'json',
    related,
    existing,
    count: n => (existing ? `self.existing + ${n}` : String(n)),
  };
}

function helpers(context: TestContext, factory: (name: string) => string): string[] {
  const { model, snake, basename, payloadFields, format, related, existing } = context;
  const lines = ['    def setUp(self):', '        super().setUp()', `        self.list_url = reverse(${pyStr(`${basename}-list`)})`];
  if (related.length > 0) {
    const rows = related.map((f): [PyExpr, PyExpr] => [pyStr(f.name), `${factory(f.to!)}()`]);
    lines.push(layout({ dict: rows }, 8, 'self.related = '));
  }
  if (existing) lines.push(`        self.existing = ${model.name}.objects.count()`);
  lines.push(
    '',
    '    def payload(self):',
    layout({ dict: payloadFields.map((f): [PyExpr, PyExpr] => [pyStr(f.name), payloadValue(f, context.multipart)]) }, 8, 'return '),
    '',
    `    def create_${snake}(self):`,
    `        response = self.client.post(self.list_url, self.payload(), format=${pyStr(format)})`,
    '        self.assertEqual(response.status_code, status.HTTP_201_CREATED, response.data)',
    '        return response.data',
    '',
    '    def detail_url(self, pk):',
    `        return reverse(${pyStr(`${basename}-detail`)}, args=[pk])`,
  );
  return lines;
}

function crudTests(context: TestContext): string[][] {
  const { model, snake, payloadFields, format, count } = context;
  const create = ['    def test_create(self):', `        created = self.create_${snake}()`, '', `        self.assertEqual(${model.name}.objects.count(), ${count(1)})`];
  const compared = payloadFields.find(f => COMPARABLE.has(f.type));
  if (compared) {
    const key = pyStr(compared.name);
    create.push(layout({ call: 'self.assertEqual', args: [`created[${key}]`, `self.payload()[${key}]`] }, 8));
  }
  const list = [
    '    def test_list_is_paginated(self):',
    `        self.create_${snake}()`,
    '',
    '        response = self.client.get(self.list_url)',
    '',
    '        self.assertEqual(response.status_code, status.HTTP_200_OK)',
    `        self.assertEqual(response.data["count"], ${count(1)})`,
    `        self.assertEqual(len(response.data["results"]), ${count(1)})`,
  ];
  const retrieve = [
    '    def test_retrieve(self):',
    `        created = self.create_${snake}()`,
    '',
    '        response = self.client.get(self.detail_url(created["id"]))',
    '',
    '        self.assertEqual(response.status_code, status.HTTP_200_OK)',
    '        self.assertEqual(response.data["id"], created["id"])',
  ];
  const update = ['    def test_update(self):', `        created = self.create_${snake}()`, ''];
  const updatable = payloadFields.find(f => changedValue(f) !== undefined);
  if (updatable) {
    const value = changedValue(updatable)!;
    update.push(
      layout(
        { call: 'self.client.patch', args: ['self.detail_url(created["id"])', { dict: [[pyStr(updatable.name), value]] }], kwargs: [['format', '"json"']] },
        8,
        'response = ',
      ),
      '',
      '        self.assertEqual(response.status_code, status.HTTP_200_OK, response.data)',
      layout({ call: 'self.assertEqual', args: [`${model.name}.objects.get(pk=created["id"]).${updatable.name}`, value] }, 8),
    );
  } else {
    update.push(
      layout(
        { call: 'self.client.put', args: ['self.detail_url(created["id"])', 'self.payload()'], kwargs: [['format', pyStr(format)]] },
        8,
        'response = ',
      ),
      '',
      '        self.assertEqual(response.status_code, status.HTTP_200_OK, response.data)',
    );
  }
  const remove = [
    '    def test_delete(self):',
    `        created = self.create_${snake}()`,
    '',
    '        response = self.client.delete(self.detail_url(created["id"]))',
    '',
    '        self.assertEqual(response.status_code, status.HTTP_204_NO_CONTENT)',
    layout({ call: 'self.assertFalse', args: [`${model.name}.objects.filter(pk=created["id"]).exists()`] }, 8),
  ];
  return [create, list, retrieve, update, remove];
}

/** A payload changed one way, posted, and refused naming the field. */
function refusal(context: TestContext, name: string, field: FieldSpec, change: string[]): string[] {
  return [
    `    def ${name}(self):`,
    '        payload = self.payload()',
    ...change.map(line => `        ${line}`),
    '',
    `        response = self.client.post(self.list_url, payload, format=${pyStr(context.format)})`,
    '',
    '        self.assertEqual(response.status_code, status.HTTP_400_BAD_REQUEST)',
    `        self.assertIn(${pyStr(field.name)}, response.data["errors"])`,
    `        self.assertEqual(${context.model.name}.objects.count(), ${context.count(0)})`,
  ];
}

function refusedInputTests(context: TestContext): string[][] {
  const { payloadFields, model, format, snake } = context;
  const tests: string[][] = [];
  const missing = payloadFields.find(f => f.required && f.default === undefined && f.type !== 'BooleanField');
  const invalid = payloadFields.find(f => !f.choices && invalidValue(f) !== undefined);
  if (missing) {
    tests.push(refusal(context, `test_rejects_missing_${missing.name}`, missing, [`del payload[${pyStr(missing.name)}]`]));
  } else if (invalid) {
    tests.push(refusal(context, `test_rejects_invalid_${invalid.name}`, invalid, [`payload[${pyStr(invalid.name)}] = ${invalidValue(invalid)}`]));
  } else {
    // Every field accepts any value: what is left to refuse is a body that is not JSON.
    tests.push([
      '    def test_rejects_malformed_json(self):',
      '        response = self.client.post(',
      '            self.list_url, data="{not json", content_type="application/json"',
      '        )',
      '',
      '        self.assertEqual(response.status_code, status.HTTP_400_BAD_REQUEST)',
      `        self.assertEqual(${model.name}.objects.count(), ${context.count(0)})`,
    ]);
  }
  const choice = payloadFields.find(f => f.choices);
  if (choice) {
    tests.push(refusal(context, `test_rejects_${choice.name}_outside_its_choices`, choice, [`payload[${pyStr(choice.name)}] = ${outsideChoices(choice)}`]));
  }
  // Relations are unique through their own row, files cannot be unique.
  const unique = payloadFields.find(f => f.unique && !f.to);
  if (unique) {
    tests.push([
      `    def test_rejects_a_duplicate_${unique.name}(self):`,
      `        self.create_${snake}()`,
      '',
      `        response = self.client.post(self.list_url, self.payload(), format=${pyStr(format)})`,
      '',
      '        self.assertEqual(response.status_code, status.HTTP_400_BAD_REQUEST)',
      `        self.assertIn(${pyStr(unique.name)}, response.data["errors"])`,
      `        self.assertEqual(${model.name}.objects.count(), ${context.count(1)})`,
    ]);
  }
  return tests;
}

/** What an anonymous client gets at each API access level: its read, if tested, and its write. */
const ANONYMOUS_ACCESS: Record<ApiAccess, { test: string; read?: string; write: string }> = {
  authenticated: { test: 'test_anonymous_clients_read_but_cannot_write', read: 'HTTP_200_OK', write: 'HTTP_401_UNAUTHORIZED' },
  private: { test: 'test_anonymous_clients_can_neither_read_nor_write', read: 'HTTP_401_UNAUTHORIZED', write: 'HTTP_401_UNAUTHORIZED' },
  public: { test: 'test_anonymous_clients_can_write', write: 'HTTP_201_CREATED' },
};

function accessTests(spec: ProjectSpec, context: TestContext): string[][] {
  const { test, read, write } = ANONYMOUS_ACCESS[spec.access];
  const refused = write !== 'HTTP_201_CREATED';
  return [
    [
      `    def ${test}(self):`,
      '        self.sign_out()',
      '',
      ...(read ? ['        listed = self.client.get(self.list_url)'] : []),
      `        response = self.client.post(self.list_url, self.payload(), format=${pyStr(context.format)})`,
      '',
      ...(read ? [`        self.assertEqual(listed.status_code, status.${read})`] : []),
      `        self.assertEqual(response.status_code, status.${write}${refused ? '' : ', response.data'})`,
      ...(refused ? [`        self.assertEqual(${context.model.name}.objects.count(), ${context.count(0)})`] : []),
    ],
  ];
}

/** The first relation that protects rows of this model from deletion: its delete answers 409. */
function protectedDeleteTests(spec: ProjectSpec, context: TestContext, factory: (name: string) => string): string[][] {
  const { model, snake } = context;
  for (const other of spec.models) {
    const field = other.fields.find(f => f.to === model.name && protectsTarget(f));
    if (!field) continue;
    return [
      [
        `    def test_delete_is_refused_while_${snakeCase(other.name)}_rows_refer_to_it(self):`,
        `        created = self.create_${snake}()`,
        `        ${factory(other.name)}(${field.name}=${model.name}.objects.get(pk=created["id"]))`,
        '',
        '        response = self.client.delete(self.detail_url(created["id"]))',
        '',
        '        self.assertEqual(response.status_code, status.HTTP_409_CONFLICT)',
        '        self.assertEqual(response.data["code"], "protected")',
        `        self.assertIn(${pyStr(pluralVerboseName(other))}, response.data["blocked_by"])`,
        layout({ call: 'self.assertTrue', args: [`${model.name}.objects.filter(pk=created["id"]).exists()`] }, 8),
      ],
    ];
  }
  return [];
}

/**
 * A row of the model made by its factory with `values`, related to the rows setUp made: the
 * factory would make new ones, and a model with a unique choice field runs out of values.
 * A one-to-one target can serve one row only: `oneToOne` says whether this row takes it.
 */
function madeRow(context: TestContext, factory: (name: string) => string, values: [string, string][], oneToOne = true): PyExpr {
  const reused = context.related
    .filter(f => f.type === 'ForeignKey' || (oneToOne && f.type === 'OneToOneField'))
    .map((f): [string, PyExpr] => [f.name, `self.related[${pyStr(f.name)}]`]);
  return { call: factory(context.model.name), kwargs: [...values, ...reused] };
}

/** A test that makes one row, then lists with a query that finds it and one that does not. */
function findsRow(name: string, row: PyExpr, found: [string, string], missed: [string, string]): string[] {
  const query = ([key, value]: [string, string]) => `self.client.get(self.list_url, {${pyStr(key)}: ${value}})`;
  return [
    `    def ${name}(self):`,
    layout(row, 8, 'row = '),
    '',
    layout(query(found), 8, 'found = '),
    layout(query(missed), 8, 'missed = '),
    '',
    '        self.assertIn(row.pk, self.listed_ids(found))',
    '        self.assertNotIn(row.pk, self.listed_ids(missed))',
  ];
}

/** A value below and one above a middle one, for a field filtered by range. */
function rangeSamples(field: FieldSpec, imports: Imports): { high: string; middle: string } | undefined {
  switch (field.type) {
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
      return { high: '5', middle: '"3"' };
    case 'FloatField':
      return { high: '5.0', middle: '"3"' };
    case 'DecimalField': {
      imports.stdlib.add('from decimal import Decimal');
      const whole = (field.maxDigits ?? 1) > (field.decimalPlaces ?? 0);
      return whole ? { high: `Decimal(${pyStr(decimalSample(field, '5'))})`, middle: '"3"' } : { high: 'Decimal("0.5")', middle: '"0.3"' };
    }
    case 'DateField':
      imports.stdlib.add('import datetime');
      return { high: 'datetime.date(2024, 1, 5)', middle: '"2024-01-03"' };
    case 'DateTimeField':
      imports.stdlib.add('import datetime');
      return { high: 'datetime.datetime(2024, 1, 5, tzinfo=datetime.UTC)', middle: '"2024-01-03T00:00:00Z"' };
    case 'TimeField':
      imports.stdlib.add('import datetime');
      return { high: 'datetime.time(5, 0)', middle: '"03:00"' };
    case 'DurationField':
      imports.stdlib.add('import datetime');
      return { high: 'datetime.timedelta(minutes=5)', middle: '"00:03:00"' };
    default:
      return undefined;
  }
}

/**
 * Filtering by part of a text and by range, on the first field of each kind. The row is built
 * with the factory, which fills the other required fields and relations.
 */
function filterTests(context: TestContext, factory: (name: string) => string, imports: Imports): string[][] {
  const { model } = context;
  const tests: string[][] = [];
  const text = model.fields.find(f => filterLookups(f).includes('icontains') && !f.choices);
  if (text) {
    const value = fitted(text, FOUND);
    tests.push(
      findsRow(
        `test_filters_${text.name}_by_part`,
        madeRow(context, factory, [[text.name, pyStr(value)]]),
        [`${text.name}__icontains`, pyStr(value.toLowerCase().slice(0, 3))],
        [`${text.name}__icontains`, pyStr(MISSED)],
      ),
    );
  }
  const ranged = model.fields.find(f => filterLookups(f).includes('gte') && !f.choices);
  const samples = ranged && rangeSamples(ranged, imports);
  if (ranged && samples) {
    tests.push(
      findsRow(
        `test_filters_${ranged.name}_by_range`,
        madeRow(context, factory, [[ranged.name, samples.high]]),
        [`${ranged.name}__gte`, samples.middle],
        [`${ranged.name}__lte`, samples.middle],
      ),
    );
  }
  return tests;
}

/** Words a row made by the factory may hold in its text: a label found in them proves nothing. */
function sampleTexts(model: ModelSpec): string[] {
  return [
    ...model.fields.map(f => f.name),
    ...model.fields.flatMap(f => (f.choices ?? []).map(c => String(c.value))),
    ...model.fields.flatMap(f => (typeof f.default === 'object' && f.default && 'value' in f.default ? [String(f.default.value)] : [])),
    'text', 'sample', 'person@example.com', 'https://example.com/', 'a@b.io', 'https://a.io',
  ].map(text => text.toLowerCase());
}

/** ?search= on a text field, and on the label of a choice (which no text holds). */
function searchTests(context: TestContext, factory: (name: string) => string): string[][] {
  const { model } = context;
  const tests: string[][] = [];
  const text = searchableFields(model).find(f => !f.choices && fitted(f, FOUND) === FOUND);
  if (text) {
    tests.push(
      findsRow(
        `test_search_finds_words_in_${text.name}`,
        madeRow(context, factory, [[text.name, pyStr(FOUND)]]),
        ['search', pyStr(FOUND.toLowerCase())],
        ['search', pyStr(MISSED)],
      ),
    );
  }
  const texts = sampleTexts(model);
  for (const field of model.fields.filter(f => f.choices)) {
    // A unique field's first choice is the only one no factory row holds.
    const candidates = field.unique ? field.choices!.slice(0, 1) : field.choices!;
    const choice = candidates.find(c => !texts.some(t => t.includes(c.label.toLowerCase())) && /^[^\s,]+$/.test(c.label));
    if (!choice) continue;
    tests.push(
      findsRow(
        `test_search_finds_${field.name}_by_its_label`,
        madeRow(context, factory, [[field.name, choiceLiteral(choice)]]),
        ['search', pyStr(choice.label)],
        ['search', pyStr(MISSED)],
      ),
    );
    break;
  }
  return tests;
}

/** How many rows the factory can make before a unique choice field runs out of values. */
function factoryCapacity(model: ModelSpec): number {
  const limits = model.fields.filter(f => f.unique && f.choices).map(f => Math.max(1, f.choices!.length - 1));
  return Math.min(Infinity, ...limits);
}

/** Page sizes: honoured, echoed into the next link, capped; a page past the end is 404. */
function paginationTest(
  spec: ProjectSpec,
  context: TestContext,
  factory: (name: string) => string,
  useLocal: (module: string, name: string) => void,
  imports: Imports,
): string[] {
  const first = layout(madeRow(context, factory, []), 8);
  const second = layout(madeRow(context, factory, [], false), 8);
  useLocal(`${spec.packageName}.api`, 'PageNumberPagination');
  imports.stdlib.add('from unittest import mock');
  const twoRows = factoryCapacity(context.model) >= 2;
  return [
    '    def test_page_size_is_honoured_and_bounded(self):',
    ...(twoRows ? [first, second] : [first]),
    '',
    '        first = self.client.get(self.list_url, {"page_size": 1})',
    '        with mock.patch.object(PageNumberPagination, "max_page_size", 1):',
    '            capped = self.client.get(self.list_url, {"page_size": 1000})',
    '        beyond = self.client.get(self.list_url, {"page": 999})',
    '',
    '        self.assertEqual(len(first.data["results"]), 1)',
    ...(twoRows ? ['        self.assertIn("page_size=1", first.data["next"])'] : []),
    '        self.assertEqual(len(capped.data["results"]), 1)',
    '        self.assertEqual(beyond.status_code, status.HTTP_404_NOT_FOUND)',
  ];
}

/** The first upload field: stored and served back, refused when too big or of a refused type. */
function uploadTests(context: TestContext): string[][] {
  const { payloadFields, snake, format } = context;
  const upload = payloadFields.find(f => FILE_TYPES.has(f.type));
  if (!upload) return [];
  const content = upload.type === 'ImageField' ? 'tiny_png()' : 'b"sample"';
  const tests: string[][] = [
    [
      `    def test_${upload.name}_is_stored_and_served_back(self):`,
      `        created = self.create_${snake}()`,
      '',
      `        response = self.client.get(created[${pyStr(upload.name)}])`,
      '',
      '        self.assertEqual(response.status_code, status.HTTP_200_OK)',
      `        self.assertEqual(b"".join(response.streaming_content), ${content})`,
    ],
    [
      '    @override_settings(MAX_UPLOAD_SIZE=4)',
      `    def test_rejects_a_${upload.name}_over_the_size_limit(self):`,
      `        response = self.client.post(self.list_url, self.payload(), format=${pyStr(format)})`,
      '',
      '        self.assertEqual(response.status_code, status.HTTP_400_BAD_REQUEST)',
      `        self.assertIn(${pyStr(upload.name)}, response.data["errors"])`,
    ],
  ];
  if (upload.type === 'FileField') {
    tests.push(
      refusal(context, `test_rejects_a_${upload.name}_of_a_refused_type`, upload, [
        `payload[${pyStr(upload.name)}] = SimpleUploadedFile(`,
        '    "page.html", b"<script></script>", content_type="text/html"',
        ')',
      ]),
    );
  }
  return tests;
}
