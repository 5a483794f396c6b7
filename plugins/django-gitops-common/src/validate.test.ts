import { EXAMPLE_SPECS, inventorySpec } from './examples';
import type { FieldInput, ProjectSpecInput } from './spec';
import { modelsProblems, ProjectSpecError, validateProjectSpec } from './validate';
import { specProblemInWords } from './words';

/** The problems reported for `input`, as the error lists them: in words, then by path. */
function problemsOf(input: unknown): string[] {
  try {
    validateProjectSpec(input);
  } catch (error) {
    if (error instanceof ProjectSpecError) return error.message.split('\n').slice(1).map(line => line.replace(/^- /, ''));
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
      expect.stringMatching(/^Project name must be a DNS-1123 label/),
      expect.stringMatching(/^Project name as a Python package name must be a lowercase Python identifier/),
      expect.stringMatching(/^Django app name "class" is a Python keyword/),
      expect.stringMatching(/^GitHub owner must be a GitHub user or organisation name/),
    ]);
  });

  describe('refuses names', () => {
    it.each([
      [{ name: 'a'.repeat(54) }, /Project name must be at most 53/],
      [{ name: 'inventory-' }, /Project name must be a DNS-1123 label/],
      [{ packageName: 'os' }, /Python package name "os" would shadow the Python standard library/],
      [{ packageName: 'my__pkg' }, /Python package name .*"__"/],
      [{ appName: 'rest_framework' }, /Django app name .*shadow a module the generated project uses/],
      ...['yaml', 'jsonschema', 'jsonschema_specifications', 'sqlparse', 'asgiref', 'attr', 'attrs', 'referencing', 'rpds', 'uritemplate', 'inflection', 'typing_extensions'].flatMap(
        (module): [Partial<ProjectSpecInput>, RegExp][] => [
          [{ appName: module }, new RegExp(`Django app name "${module}" would shadow a module the generated project uses \\(a dependency`)],
          [{ packageName: module }, new RegExp(`Python package name "${module}" would shadow`)],
        ],
      ),
      ...['admin', 'auth', 'contenttypes', 'sessions', 'messages', 'staticfiles'].flatMap((label): [Partial<ProjectSpecInput>, RegExp][] => [
        [{ appName: label }, new RegExp(`Django app name "${label}" is taken by django\\.contrib\\.${label}, an app the generated project installs`)],
        [{ packageName: label }, new RegExp(`Python package name "${label}" is taken by django\\.contrib\\.${label}`)],
      ]),
      [{ appName: 'accounts' }, /Django app name "accounts" is taken by the project's user app/],
      [{ packageName: 'authtoken' }, /Python package name "authtoken" is taken by rest_framework\.authtoken/],
      ...['django_prometheus', 'prometheus_client', 'storages', 'boto3', 'botocore', 'dateutil'].map((module): [Partial<ProjectSpecInput>, RegExp] => [
        { appName: module },
        new RegExp(`Django app name "${module}" would shadow a module the generated project uses`),
      ]),
      [{ access: 'everyone' as never }, /API access must be one of authenticated, private, public \(not "everyone"\) \(project\.access\)/],
      [{ appName: '_api' }, /Django app name must be a lowercase Python identifier/],
      [{ appName: '9api' }, /Django app name must be a lowercase Python identifier/],
      [{ appName: 'inventory_api' }, /Django app name must differ from the project package/],
      [{ registry: 'GHCR.io' }, /project\.registry/],
    ])('%j', (changes: Partial<ProjectSpecInput>, expected: RegExp) => {
      expect(problemsOf(withProject(changes))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    });

    it.each([
      ['product', /^product: name must be PascalCase.*\(project\.models\[0\]\.name\)$/],
      ['Decimal', /^Decimal: name "Decimal" is reserved/],
      ['ContentFile', /^ContentFile: name "ContentFile" is reserved/],
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
        `${name}: name "${name}" is the name of the ${what} generated for Item; rename one of the models (project.models[1].name)`,
      ]);
    });

    it('models that differ only in case', () => {
      const models = [
        { name: 'Item', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'ITEM', endpoint: 'other-items', fields: [{ name: 'a', type: 'IntegerField' as const }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual(['ITEM: name is taken by another model ("Item"): names that differ only in case clash (project.models[1].name)']);
    });

    it.each(['id', 'pk', 'objects', 'created_at', 'updated_at', 'save', 'class', 'price__gt', '_x', '1st', 'Price', 'total_', 'models', 'datetime', 'uuid'])(
      'field %s',
      name => {
        expect(problemsOf(withField({ name, type: 'IntegerField' }))).toEqual([
          expect.stringMatching(new RegExp(`^Category\\.${name}: name .*\\(project\\.models\\[0\\]\\.fields\\[1\\]\\.name\\)$`)),
        ]);
      },
    );

    it('duplicate fields', () => {
      expect(problemsOf(withField({ name: 'title', type: 'IntegerField' }))).toEqual([
        'Category.title: name is taken by another field of Category (project.models[0].fields[1].name)',
      ]);
    });

    it('endpoints that collide or are reserved', () => {
      const models = [
        { name: 'Item', endpoint: 'things', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'Thing', fields: [{ name: 'a', type: 'IntegerField' as const }] },
        { name: 'Doc', endpoint: 'schema', fields: [{ name: 'a', type: 'IntegerField' as const }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        'Thing: API endpoint "things" is already used by Item (project.models[1].endpoint)',
        `Doc: API endpoint "schema" is reserved for the API's own pages (project.models[2].endpoint)`,
      ]);
    });
  });

  describe('refuses field options that do not fit', () => {
    it.each<[Partial<FieldInput>, RegExp]>([
      [{ name: 'kind', type: 'UnknownField' as never }, /Category\.kind: type must be one of CharField, TextField, .* \(not \"UnknownField\"\)/],
      [{ name: 'code', type: 'CharField' }, /^Category\.code: max length is required for a CharField \(project\.models\[0\]\.fields\[1\]\.maxLength\)$/],
      [{ name: 'count', type: 'IntegerField', maxLength: 3 }, /Category\.count: max length does not apply to an IntegerField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4 }, /Category\.price: decimal places is required for a DecimalField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 2, decimalPlaces: 3 }, /Category\.price: decimal places \(3\) must not exceed the max digits \(2\)/],
      [{ name: 'parent', type: 'ForeignKey', to: 'Nope' }, /Category\.parent: related model "Nope" is not a model of this project/],
      [{ name: 'parent', type: 'ForeignKey' }, /Category\.parent: related model is required for a ForeignKey: choose the model it points to/],
      [{ name: 'tags', type: 'ManyToManyField', to: 'Category', onDelete: 'CASCADE', required: false }, /Category\.tags: on delete does not apply to a ManyToManyField/],
      [{ name: 'tags', type: 'ManyToManyField', to: 'Category', unique: true, required: false }, /Category\.tags: unique is not possible for a ManyToManyField/],
      [{ name: 'count', type: 'IntegerField', to: 'Category' }, /Category\.count: related model does not apply to an IntegerField/],
      [{ name: 'parent', type: 'OneToOneField', to: 'Category', onDelete: 'SET_NULL' }, /Category\.parent: on delete SET_NULL needs the field to be optional/],
      [{ name: 'count', type: 'IntegerField', default: 'many' }, /Category\.count: default "many" is not an integer for an IntegerField/],
      [{ name: 'count', type: 'PositiveIntegerField', default: -1 }, /Category\.count: default must not be negative/],
      [{ name: 'count', type: 'IntegerField', default: 2 ** 31 }, /Category\.count: default 2147483648 is out of range for an IntegerField/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4, decimalPlaces: 2, default: '123.45' }, /Category\.price: default has too many digits for max digits 4 and decimal places 2/],
      [{ name: 'price', type: 'DecimalField', maxDigits: 4, decimalPlaces: 2, default: '1.234' }, /Category\.price: default has more than 2 decimal places/],
      [{ name: 'flag', type: 'BooleanField', default: 'yes' }, /Category\.flag: default "yes" is not true or false/],
      [{ name: 'day', type: 'DateField', default: '2023-02-29' }, /Category\.day: default "2023-02-29" is not a date/],
      [{ name: 'at', type: 'DateTimeField', default: '2024-01-01T10:00:00' }, /Category\.at: default .* with a zone/],
      [{ name: 'doc', type: 'JSONField', default: { a: 1 } }, /Category\.doc: default must be \{\} or \[\] for a JSONField/],
      [{ name: 'file', type: 'FileField', default: 'x.txt' }, /Category\.file: default is not possible for a FileField/],
      [{ name: 'mail', type: 'EmailField', default: 'nobody' }, /Category\.mail: default "nobody" is not an email address/],
      [{ name: 'code', type: 'CharField', maxLength: 2, default: 'abc' }, /Category\.code: default is longer than the max length \(2\)/],
      [{ name: 'level', type: 'CharField', maxLength: 8, choices: [{ value: 'low', label: 'Low' }], default: 'high' }, /Category\.level: default must be one of the choices \(low\)/],
      [{ name: 'level', type: 'IntegerField', choices: [{ value: 'low', label: 'Low' }] }, /Category\.level: choices must be whole numbers for an IntegerField \(choice 1: "low"\)/],
      [{ name: 'level', type: 'CharField', maxLength: 2, choices: [{ value: 'low', label: 'Low' }] }, /Category\.level: choices must fit the max length \(2\) \(choice 1: "low"\)/],
      [{ name: 'level', type: 'FloatField', choices: [{ value: 1, label: 'One' }] }, /Category\.level: choices do not apply to a FloatField/],
      [{ name: 'level', type: 'CharField', maxLength: 8, choices: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }, /Category\.level: choices have the value "a" twice/],
      [{ name: 'code', type: 'CharField', maxLength: 8, unique: true, default: 'x' }, /default cannot be fixed on a unique field: every row would get the same value/],
      [{ name: 'rank', type: 'IntegerField', unique: true, default: 1 }, /default cannot be fixed on a unique field/],
      [{ name: 'ref', type: 'UUIDField', unique: true, default: '123e4567-e89b-12d3-a456-426614174000' }, /default cannot be fixed on a unique field/],
      [{ name: 'doc', type: 'JSONField', unique: true, default: '{}' }, /default cannot be fixed on a unique field/],
      [{ name: 'flag', type: 'BooleanField', unique: true }, /Category\.flag: unique is not possible for a BooleanField/],
      [{ name: 'owner', type: 'ForeignKey', to: 'Category', unique: true }, /Category\.owner: unique makes a ForeignKey a OneToOneField: choose that type instead/],
      [{ name: 'code', type: 'CharField', maxLength: 0 }, /Category\.code: max length must be at least 1 for a CharField/],
      [{ name: 'mail', type: 'EmailField', maxLength: 5 }, /Category\.mail: max length must be at least 6 for an EmailField: no shorter email address is valid/],
      [{ name: 'site', type: 'URLField', maxLength: 11 }, /Category\.site: max length must be at least 12 for a URLField: no shorter http\(s\) URL is valid/],
      [{ name: 'doc', type: 'FileField', maxLength: 59 }, /Category\.doc: max length must be at least 60 for a FileField: room for the upload folder "categories\/" and a file name/],
      [{ name: 'pic', type: 'ImageField', maxLength: 20 }, /Category\.pic: max length must be at least 60 for an ImageField: room for the upload folder/],
    ])('%j', (field, expected) => {
      const problems = problemsOf(withField(field));
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
      for (const problem of problems) expect(problem).toMatch(/\(project\.models\[0\]\.fields\[1\]\.[a-zA-Z]+\)$/);
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
        `${name}.doc: max length must be at least 92 for a FileField: room for the upload folder "a${'b'.repeat(59)}s/" and a file name (project.models[0].fields[0].maxLength)`,
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
        'Product.category: related model Category would get the reverse accessor "products", which clashes with its field "products"; rename one of them (project.models[1].fields[0].to)',
      ]);
    });

    it.each([
      ['Object', 'ForeignKey', 'Category would get the reverse accessor "objects", which would replace the "objects" every model has; rename Object'],
      ['Check', 'OneToOneField', 'Category would get the reverse accessor "check", which would replace the "check" every model has; rename Check'],
      ['Delete', 'OneToOneField', 'Category would get the reverse accessor "delete", which would replace the "delete" every model has; rename Delete'],
      ['Class', 'OneToOneField', 'Category would get the reverse accessor "class", a Python keyword; rename Class'],
      ['A', 'ForeignKey', 'Category would get the reverse accessor "as", a Python keyword; rename A'],
    ] as const)('refuses a model %s whose %s gives the target a reserved reverse accessor', (name, type, message) => {
      const models = [
        { name: 'Category', fields: [{ name: 'title', type: 'CharField' as const, maxLength: 10 }] },
        { name, fields: [{ name: 'category', type, to: 'Category' }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([`${name}.category: related model ${message} (project.models[1].fields[0].to)`]);
    });

    it('refuses required relations that form a cycle, and accepts the same cycle with one optional link', () => {
      const models = [
        { name: 'Team', fields: [{ name: 'lead', type: 'ForeignKey' as const, to: 'Person' }] },
        { name: 'Person', fields: [{ name: 'team', type: 'ForeignKey' as const, to: 'Team' }] },
      ];
      expect(problemsOf(withProject({ models }))).toEqual([
        'Person.team: closes a cycle of required relations (Team.lead -> Person.team -> Team); make one of them optional (project.models[1].fields[0].required)',
      ]);
      const optional = [{ ...models[0], fields: [{ ...models[0].fields[0], required: false }] }, models[1]];
      expect(problemsOf(withProject({ models: optional }))).toEqual([]);
    });

    it('refuses a required self-reference', () => {
      const models = [{ name: 'Node', fields: [{ name: 'parent', type: 'ForeignKey' as const, to: 'self' }] }];
      expect(problemsOf(withProject({ models }))).toEqual([
        'Node.parent: closes a cycle of required relations (Node.parent -> Node); make one of them optional (project.models[0].fields[0].required)',
      ]);
    });
  });

  it('refuses CORS origins that are not origins', () => {
    expect(problemsOf(withProject({ cors: { enabled: true, allowedOrigins: ['https://app.example.com/path', 'app.example.com'] } }))).toEqual([
      'Allowed origins "https://app.example.com/path" is not an origin: scheme and host only, like https://app.example.com (project.cors.allowedOrigins[0])',
      expect.stringMatching(/^Allowed origins "app\.example\.com" is not an origin.*\(project\.cors\.allowedOrigins\[1\]\)$/),
    ]);
    expect(problemsOf(withProject({ cors: { enabled: true, allowedOrigins: ['https://a.example.com,https://evil.example.com', 'https://a.example.com '] } }))).toEqual([
      expect.stringMatching(/^Allowed origins .* is not an origin.*\(project\.cors\.allowedOrigins\[0\]\)$/),
      expect.stringMatching(/^Allowed origins .* is not an origin.*\(project\.cors\.allowedOrigins\[1\]\)$/),
    ]);
    expect(problemsOf(withProject({ cors: { enabled: true } }))).toEqual([
      'Allowed origins must list at least one origin when CORS is enabled (project.cors.allowedOrigins)',
    ]);
  });

  describe('the catalog owner', () => {
    it.each([
      ['group:default/platform', 'group:default/platform'],
      ['user:development/guest', 'user:development/guest'],
      ['User:jane', 'user:default/jane'],
      ['platform', 'group:default/platform'],
    ])('accepts %s as %s', (given, owner) => {
      expect(validateProjectSpec(withProject({ catalogOwner: given })).catalogOwner).toBe(owner);
    });

    it('is left out when the form sends none', () => {
      expect(validateProjectSpec(withProject({ catalogOwner: '' }))).not.toHaveProperty('catalogOwner');
      expect(validateProjectSpec(inventorySpec)).not.toHaveProperty('catalogOwner');
    });

    it.each([
      ['component:default/shop', 'Catalog owner must be a group or a user, not a component (project.catalogOwner)'],
      ['group:default/', 'Catalog owner "group:default/" is not an entity reference like group:default/team-a (project.catalogOwner)'],
      ['group:default/team a', 'Catalog owner "team a" is not a valid entity name (project.catalogOwner)'],
      ['group:Team_A/x', 'Catalog owner "Team_A" is not a valid namespace (project.catalogOwner)'],
    ])('refuses %s', (given, problem) => {
      expect(problemsOf(withProject({ catalogOwner: given }))).toEqual([problem]);
    });
  });

  it('refuses unknown keys and wrong types', () => {
    expect(problemsOf({ ...inventorySpec, replicas: 3 })).toEqual(['The project has keys the spec does not know: replicas (project)']);
    expect(problemsOf({ ...inventorySpec, models: 'Product' })).toEqual(['Models must be a list (not text) (project.models)']);
  });
});

describe('modelsProblems', () => {
  it('finds in the models alone what the whole spec is refused for, by the same paths', () => {
    const models: ProjectSpecInput['models'] = [
      { name: 'Book', fields: [{ name: 'title', type: 'CharField' }, { name: 'author', type: 'ForeignKey', to: 'Writer' }] },
      { name: 'book', fields: [] },
    ];
    let refused: ProjectSpecError | undefined;
    try {
      validateProjectSpec(withProject({ models }));
    } catch (error) {
      refused = error as ProjectSpecError;
    }
    expect(modelsProblems(models)).toEqual(refused!.problems);
    expect(modelsProblems(models).map(problem => specProblemInWords(problem, { models }))).toEqual([
      'Book.title: max length is required for a CharField',
      'Book.author: related model "Writer" is not a model of this project',
      'book: name must be PascalCase: letters and digits, starting with an uppercase letter',
      'book: name is taken by another model ("Book"): names that differ only in case clash',
      'book: fields are missing: add at least one field',
    ]);
  });

  it('finds nothing in the models of the examples', () => {
    for (const spec of Object.values(EXAMPLE_SPECS)) expect(modelsProblems(spec.models)).toEqual([]);
  });

  it('says what is missing from models the form has not filled in', () => {
    expect(modelsProblems([{ fields: [{ type: 'CharField' }] }])).toEqual([
      { path: 'project.models[0].name', message: 'is required' },
      { path: 'project.models[0].fields[0].name', message: 'is required' },
    ]);
  });
});
