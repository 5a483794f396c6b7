import { EXAMPLE_SPECS, inventorySpec } from './examples';
import type { FieldInput, ProjectSpecInput } from './spec';
import { ProjectSpecError, validateProjectSpec } from './validate';

/** The problems reported for `input`, as "path: message" lines. */
function problemsOf(input: unknown): string[] {
  try {
    validateProjectSpec(input);
  } catch (error) {
    if (error instanceof ProjectSpecError) return error.problems.map(p => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const withProject = (changes: Partial<ProjectSpecInput>): ProjectSpecInput => ({ ...inventorySpec, ...changes });
/** The inventory spec with one more field on its first model. */
const withField = (field: Partial<FieldInput>) =>
  withProject({
    models: [
      { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120 }, field as FieldInput] },
    ],
  });

describe('validateProjectSpec', () => {
  it.each(Object.keys(EXAMPLE_SPECS))('accepts the %s example', key => {
    expect(problemsOf(EXAMPLE_SPECS[key as keyof typeof EXAMPLE_SPECS])).toEqual([]);
  });

  it('applies the defaults the form leaves out', () => {
    const spec = validateProjectSpec({ name: 'shop', appName: 'store', owner: 'acme', models: [{ name: 'OrderItem', fields: [{ name: 'qty', type: 'IntegerField' }] }] });
    expect(spec).toMatchObject({
      packageName: 'shop',
      registry: 'ghcr.io',
      database: 'sqlite',
      cicd: true,
      cors: { enabled: false, allowedOrigins: [] },
      description: '',
    });
    expect(spec.models[0]).toMatchObject({ endpoint: 'order-items', fields: [{ required: true, unique: false }] });
  });

  it('reports every problem at once, each with its field path', () => {
    const problems = problemsOf(withProject({ name: 'Bad_Name', appName: 'class', owner: '-acme' }));
    expect(problems).toEqual([
      expect.stringMatching(/^project\.name: must be a DNS-1123 label/),
      expect.stringMatching(/^project\.name: as a Python package name must be a lowercase Python identifier/),
      expect.stringMatching(/^project\.appName: "class" is a Python keyword/),
      expect.stringMatching(/^project\.owner: must be a GitHub user or organisation name/),
    ]);
  });

  describe('refuses names', () => {
    it.each([
      [{ name: 'a'.repeat(54) }, /project\.name: must be at most 53/],
      [{ name: 'inventory-' }, /project\.name: must be a DNS-1123 label/],
      [{ packageName: 'os' }, /project\.packageName: as a Python package name "os" would shadow the Python standard library/],
      [{ packageName: 'my__pkg' }, /project\.packageName: .*"__"/],
      [{ appName: 'rest_framework' }, /project\.appName: .*shadow a module the generated project uses/],
      ...['yaml', 'jsonschema', 'jsonschema_specifications', 'sqlparse', 'asgiref', 'attr', 'attrs', 'referencing', 'rpds', 'uritemplate', 'inflection', 'typing_extensions'].flatMap(
        (module): [Partial<ProjectSpecInput>, RegExp][] => [
          [{ appName: module }, new RegExp(`project\\.appName: "${module}" would shadow a module the generated project uses \\(a dependency`)],
          [{ packageName: module }, new RegExp(`project\\.packageName: as a Python package name "${module}" would shadow`)],
        ],
      ),
      ...['admin', 'auth', 'contenttypes', 'sessions', 'messages', 'staticfiles'].flatMap((label): [Partial<ProjectSpecInput>, RegExp][] => [
        [{ appName: label }, new RegExp(`project\\.appName: "${label}" is taken by django\\.contrib\\.${label}, an app the generated project installs`)],
        [{ packageName: label }, new RegExp(`project\\.packageName: as a Python package name "${label}" is taken by django\\.contrib\\.${label}`)],
      ]),
      [{ appName: 'accounts' }, /project\.appName: "accounts" is taken by the project's user app/],
      [{ packageName: 'authtoken' }, /project\.packageName: as a Python package name "authtoken" is taken by rest_framework\.authtoken/],
      ...['django_prometheus', 'prometheus_client', 'storages', 'boto3', 'botocore', 'dateutil'].map((module): [Partial<ProjectSpecInput>, RegExp] => [
        { appName: module },
        new RegExp(`project\\.appName: "${module}" would shadow a module the generated project uses`),
      ]),
      [{ access: 'everyone' as never }, /project\.access: Invalid enum value\. Expected 'authenticated' \| 'private' \| 'public'/],
      [{ appName: '_api' }, /project\.appName: must be a lowercase Python identifier/],
      [{ appName: '9api' }, /project\.appName: must be a lowercase Python identifier/],
      [{ appName: 'inventory_api' }, /project\.appName: must differ from the project package/],
      [{ registry: 'GHCR.io' }, /project\.registry/],
    ])('%j', (changes: Partial<ProjectSpecInput>, expected: RegExp) => {
      expect(problemsOf(withProject(changes))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    });

    it.each([
      ['product', /models\[0\]\.name: must be PascalCase/],
      ['Decimal', /models\[0\]\.name: "Decimal" is reserved/],
      ['ContentFile', /models\[0\]\.name: "ContentFile" is reserved/],
    ])('model %s', (name, expected) => {
      expect(problemsOf(withProject({ models: [{ name, fields: [{ name: 'a', type: 'IntegerField' }] }] }))).toEqual([
        expect.stringMatching(expected),
      ]);
    });

    it.each([
      ['ItemSerializer', 'serializer'],
      ['ItemViewSet', 'view set'],
      ['ItemAdmin', 'admin class'],
      ['ItemApiTests', 'test case'],
    ])('model %s beside model Item', (name, what) => {
      const models = [
        { name: 'Item', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name, fields: [{ name: 'a', type: 'IntegerField' as const }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        `project.models[1].name: "${name}" is the name of the ${what} generated for Item; rename one of the models`,
      ]);
    });

    it('models that differ only in case', () => {
      const models = [
        { name: 'Item', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'ITEM', endpoint: 'other-items', fields: [{ name: 'a', type: 'IntegerField' as const }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual(['project.models[1].name: duplicates models[0] ("Item")']);
    });

    it.each(['id', 'pk', 'objects', 'created_at', 'updated_at', 'save', 'class', 'price__gt', '_x', '1st', 'Price', 'total_', 'models', 'datetime', 'uuid'])(
      'field %s',
      name => {
        expect(problemsOf(withField({ name, type: 'IntegerField' }))).toEqual([
          expect.stringMatching(/^project\.models\[0\]\.fields\[1\]\.name: /),
        ]);
      },
    );

    it('duplicate fields', () => {
      expect(problemsOf(withField({ name: 'title', type: 'IntegerField' }))).toEqual([
        'project.models[0].fields[1].name: duplicates another field "title"',
      ]);
    });

    it('endpoints that collide or are reserved', () => {
      const models = [
        { name: 'Item', endpoint: 'things', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'Thing', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'Doc', endpoint: 'schema', fields: [{ name: 'a', type: 'IntegerField' as const }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        'project.models[1].endpoint: "things" is already used by models[0]',
        `project.models[2].endpoint: "schema" is reserved for the API's own pages`,
      ]);
    });
  });

  describe('refuses field options that do not fit', () => {
    it.each<[Partial<FieldInput>, RegExp]>([
      [{ name: 'kind', type: 'UnknownField' as never }, /fields\[1\]\.type: Invalid enum value/],
      [{ name: 'code', type: 'CharField' }, /fields\[1\]\.maxLength: is required for CharField/],
      [{ name: 'count', type: 'IntegerField', maxLength: 3 }, /maxLength: does not apply to IntegerField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4 }, /decimalPlaces: is required for DecimalField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 2, decimalPlaces: 3 }, /decimalPlaces: \(3\) must not exceed maxDigits \(2\)/],
      [{ name: 'parent', type: 'ForeignKey', to: 'Nope' }, /to: "Nope" is not a model of this project/],
      [{ name: 'parent', type: 'ForeignKey' }, /to: is required for ForeignKey/],
      [{ name: 'tags', type: 'ManyToManyField', to: 'Category', onDelete: 'CASCADE', required: false }, /onDelete: does not apply to ManyToManyField/],
      [{ name: 'tags', type: 'ManyToManyField', to: 'Category', unique: true, required: false }, /unique: ManyToManyField cannot be unique/],
      [{ name: 'count', type: 'IntegerField', to: 'Category' }, /to: does not apply to IntegerField/],
      [{ name: 'parent', type: 'OneToOneField', to: 'Category', onDelete: 'SET_NULL' }, /onDelete: SET_NULL needs "required: false"/],
      [{ name: 'count', type: 'IntegerField', default: 'many' }, /default: "many" is not an integer for IntegerField/],
      [{ name: 'count', type: 'PositiveIntegerField', default: -1 }, /default: must not be negative/],
      [{ name: 'count', type: 'IntegerField', default: 2 ** 31 }, /out of range for IntegerField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4, decimalPlaces: 2, default: '123.45' }, /default: has too many digits/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4, decimalPlaces: 2, default: '1.234' }, /default: has more than 2 decimal places/],
      [{ name: 'flag', type: 'BooleanField', default: 'yes' }, /default: "yes" is not true or false/],
      [{ name: 'day', type: 'DateField', default: '2023-02-29' }, /default: "2023-02-29" is not a date/],
      [{ name: 'at', type: 'DateTimeField', default: '2024-01-01T10:00:00' }, /default: .* with a zone/],
      [{ name: 'doc', type: 'JSONField', default: { a: 1 } }, /default: a JSONField default must be \{\} or \[\]/],
      [{ name: 'file', type: 'FileField', default: 'x.txt' }, /default: FileField cannot have a default/],
      [{ name: 'mail', type: 'EmailField', default: 'nobody' }, /default: "nobody" is not an email address/],
      [{ name: 'code', type: 'CharField', maxLength: 2, default: 'abc' }, /default: is longer than maxLength \(2\)/],
      [{ name: 'level', type: 'CharField', maxLength: 8, choices: [{ value: 'low', label: 'Low' }], default: 'high' }, /default: must be one of the choices \(low\)/],
      [{ name: 'level', type: 'IntegerField', choices: [{ value: 'low', label: 'Low' }] }, /choices: choices\[0\]\.value must be an integer/],
      [{ name: 'level', type: 'CharField', maxLength: 2, choices: [{ value: 'low', label: 'Low' }] }, /choices\[0\]\.value is longer than maxLength/],
      [{ name: 'level', type: 'FloatField', choices: [{ value: 1, label: 'One' }] }, /choices: do not apply to FloatField/],
      [{ name: 'level', type: 'CharField', maxLength: 8, choices: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }, /value "a" appears twice/],
      [{ name: 'code', type: 'CharField', maxLength: 8, unique: true, default: 'x' }, /default: a unique field cannot have a fixed default: every row would get the same value/],
      [{ name: 'rank', type: 'IntegerField', unique: true, default: 1 }, /default: a unique field cannot have a fixed default/],
      [{ name: 'ref', type: 'UUIDField', unique: true, default: '123e4567-e89b-12d3-a456-426614174000' }, /default: a unique field cannot have a fixed default/],
      [{ name: 'doc', type: 'JSONField', unique: true, default: '{}' }, /default: a unique field cannot have a fixed default/],
      [{ name: 'flag', type: 'BooleanField', unique: true }, /unique: BooleanField cannot be unique/],
      [{ name: 'owner', type: 'ForeignKey', to: 'Category', unique: true }, /unique: a unique ForeignKey is a OneToOneField: choose that type instead/],
      [{ name: 'code', type: 'CharField', maxLength: 0 }, /maxLength: must be at least 1 for CharField/],
      [{ name: 'mail', type: 'EmailField', maxLength: 5 }, /maxLength: must be at least 6 for EmailField: no shorter email address is valid/],
      [{ name: 'site', type: 'URLField', maxLength: 11 }, /maxLength: must be at least 12 for URLField: no shorter http\(s\) URL is valid/],
      [{ name: 'doc', type: 'FileField', maxLength: 59 }, /maxLength: must be at least 60 for FileField: room for the upload folder "categories\/" and a file name/],
      [{ name: 'pic', type: 'ImageField', maxLength: 20 }, /maxLength: must be at least 60 for ImageField: room for the upload folder/],
    ])('%j', (field, expected) => {
      const problems = problemsOf(withField(field));
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
      for (const problem of problems) expect(problem).toMatch(/^project\.models\[0\]\.fields\[1\]\./);
    });

    it('accepts the smallest maxLength that fits a value, and a unique UUID new per row', () => {
      for (const field of [
        { name: 'mail', type: 'EmailField', maxLength: 6 },
        { name: 'site', type: 'URLField', maxLength: 12 },
        { name: 'doc', type: 'FileField', maxLength: 60 },
        { name: 'ref', type: 'UUIDField', unique: true, default: 'uuid4' },
      ] as const) {
        expect(problemsOf(withField(field))).toEqual([]);
      }
    });

    it('wants room for a long upload folder', () => {
      const name = `A${'b'.repeat(59)}`;
      const models = [{ name, fields: [{ name: 'doc', type: 'FileField' as const, maxLength: 90 }] }];
      expect(problemsOf(withProject({ models }))).toEqual([
        `project.models[0].fields[0].maxLength: must be at least 92 for FileField: room for the upload folder "a${'b'.repeat(59)}s/" and a file name`,
      ]);
    });

    it('treats what a form sends for untouched options as not set', () => {
      const untouched = { default: '', choices: [], to: '', helpText: '' };
      const spec = validateProjectSpec(withField({ name: 'count', type: 'IntegerField', ...untouched }));
      expect(spec.models[0].fields[1]).toEqual({ name: 'count', type: 'IntegerField', required: true, unique: false });
      const withEmptyEndpoint = validateProjectSpec(withProject({ models: [{ name: 'OrderItem', endpoint: '', fields: [{ name: 'a', type: 'IntegerField' }] }] }));
      expect(withEmptyEndpoint.models[0].endpoint).toBe('order-items');
    });
  });

  describe('relations', () => {
    it('names reverse accessors after the model, and per field when one model points twice', () => {
      const spec = validateProjectSpec(EXAMPLE_SPECS.everyField);
      const specimen = spec.models.find(m => m.name === 'Specimen')!;
      expect(specimen.fields.filter(f => f.to).map(f => f.relatedName)).toEqual(['supplier_specimens', 'backup_supplier_specimens']);
      const product = validateProjectSpec(inventorySpec).models[1];
      expect(product.fields.find(f => f.name === 'category')!.relatedName).toBe('products');
    });

    it('refuses a reverse accessor that clashes with a field of the target', () => {
      const models = [
        { name: 'Category', fields: [{ name: 'products', type: 'CharField' as const, maxLength: 10 }] },
        { name: 'Product', fields: [{ name: 'category', type: 'ForeignKey' as const, to: 'Category' }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        'project.models[1].fields[0].to: the reverse accessor "products" on Category clashes with its field "products"; rename one of them',
      ]);
    });

    it.each([
      ['Object', 'ForeignKey', 'the reverse accessor "objects" on Category would replace "objects", which every model has; rename Object'],
      ['Check', 'OneToOneField', 'the reverse accessor "check" on Category would replace "check", which every model has; rename Check'],
      ['Delete', 'OneToOneField', 'the reverse accessor "delete" on Category would replace "delete", which every model has; rename Delete'],
      ['Class', 'OneToOneField', 'the reverse accessor "class" on Category would be a Python keyword; rename Class'],
      ['A', 'ForeignKey', 'the reverse accessor "as" on Category would be a Python keyword; rename A'],
    ] as const)('refuses a model %s whose %s gives the target a reserved reverse accessor', (name, type, message) => {
      const models = [
        { name: 'Category', fields: [{ name: 'title', type: 'CharField' as const, maxLength: 10 }] },
        { name, fields: [{ name: 'category', type, to: 'Category' }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([`project.models[1].fields[0].to: ${message}`]);
    });

    it('refuses required relations that form a cycle, and accepts the same cycle with one optional link', () => {
      const models = [
        { name: 'Team', fields: [{ name: 'lead', type: 'ForeignKey' as const, to: 'Person' }] },
        { name: 'Person', fields: [{ name: 'team', type: 'ForeignKey' as const, to: 'Team' }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        'project.models[1].fields[0].required: required relations form a cycle (Team.lead -> Person.team -> Team); make one of them optional',
      ]);
      const optional = [{ ...models[0], fields: [{ ...models[0].fields[0], required: false }] }, models[1]];
      expect(problemsOf(withProject({ models: optional }))).toEqual([]);
    });

    it('refuses a required self-reference', () => {
      const models = [{ name: 'Node', fields: [{ name: 'parent', type: 'ForeignKey' as const, to: 'self' }] }];
      expect(problemsOf(withProject({ models }))).toEqual([
        expect.stringMatching(/^project\.models\[0\]\.fields\[0\]\.required: required relations form a cycle \(Node\.parent -> Node\)/),
      ]);
    });
  });

  it('refuses CORS origins that are not origins', () => {
    expect(problemsOf(withProject({ cors: { enabled: true, allowedOrigins: ['https://app.example.com/path', 'app.example.com'] } }))).toEqual([
      expect.stringMatching(/^project\.cors\.allowedOrigins\[0\]: "https:\/\/app\.example\.com\/path" is not an origin/),
      expect.stringMatching(/^project\.cors\.allowedOrigins\[1\]/),
    ]);
    expect(problemsOf(withProject({ cors: { enabled: true, allowedOrigins: ['https://a.example.com,https://evil.example.com', 'https://a.example.com '] } }))).toEqual([
      expect.stringMatching(/^project\.cors\.allowedOrigins\[0\]: .* is not an origin/),
      expect.stringMatching(/^project\.cors\.allowedOrigins\[1\]: .* is not an origin/),
    ]);
    expect(problemsOf(withProject({ cors: { enabled: true } }))).toEqual([
      'project.cors.allowedOrigins: list at least one origin when CORS is enabled',
    ]);
  });

  it('refuses unknown keys and wrong types', () => {
    expect(problemsOf({ ...inventorySpec, replicas: 3 })).toEqual([expect.stringMatching(/^project: Unrecognized key\(s\) in object: 'replicas'/)]);
    expect(problemsOf({ ...inventorySpec, models: 'Product' })).toEqual([expect.stringMatching(/^project\.models: Expected array/)]);
  });
});
