import type { FieldDefault, FieldSpec, ModelSpec, ProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { choicePairs, defaultExpr, fileValidators, isNullable, uploadTo } from './fields';
import { MODEL_ORDERING, TIMESTAMP_FIELDS, verboseNamePlural } from './models';
import { compareText, layout, PyExpr, pyStr, sortImports } from './python';

/**
 * Migrations as Django writes them. `0001_initial.py` exactly as `makemigrations` writes it for
 * the models (Black included), so the first `makemigrations` a developer runs after editing
 * models.py shows only their change: what follows mirrors Django's autodetector (the order it
 * creates models and relations in, its optimizer folding relations back into `CreateModel`, only
 * true cycles apart) and its writer (sorted keyword arguments, `repr()` literals, its imports).
 * A later migration, for the change between two specs, uses the same operations and writer.
 */

/** A field as the migration states it: name, constructor, and the model it points to. */
interface MigrationField {
  name: string;
  /** Relations: the lowercase name of the target model. */
  target?: string;
  constructor: PyExpr;
}

type CreationOperation =
  | { kind: 'CreateModel'; model: string; fields: MigrationField[]; options: [string, PyExpr][] }
  | { kind: 'AddField'; model: string; field: MigrationField };
type Operation =
  | CreationOperation
  | { kind: 'AlterField'; model: string; field: MigrationField }
  | { kind: 'RemoveField'; model: string; name: string }
  | { kind: 'DeleteModel'; model: string };

export function renderInitialMigration(spec: ProjectSpec, djangoVersion: string): string {
  const imports = new Set(['from django.db import migrations, models']);
  const operations = optimize(sortTopologically(autodetectedOperations(spec, spec.models, imports)));
  return renderMigration(djangoVersion, imports, [], operations);
}

/** A later migration: its module name (`0002_product_weight`) and its source. */
export interface NextMigration {
  name: string;
  content: string;
}

/**
 * The migration from the models of `before` to those of `after`, after the migration
 * `previous` (`0001_initial`), or undefined when the tables stay as they are. Operations come
 * in an order that always applies: new models (as the initial migration creates them), removed
 * relations and fields, added fields, altered fields, then deleted models. Renames are not
 * guessed: a field renamed in the spec is removed and added (`describeMigrationRisks` says so).
 */
export function renderNextMigration(before: ProjectSpec, after: ProjectSpec, previous: string, djangoVersion: string): NextMigration | undefined {
  const imports = new Set(['from django.db import migrations, models']);
  const oldModels = new Map(before.models.map(model => [lower(model.name), model]));
  const newModels = new Map(after.models.map(model => [lower(model.name), model]));
  const created = after.models.filter(model => !oldModels.has(lower(model.name)));
  const deleted = before.models.filter(model => !newModels.has(lower(model.name)));
  const operations: Operation[] = optimize(sortTopologically(autodetectedOperations(after, created, imports)));

  const removed: Operation[] = [];
  const added: Operation[] = [];
  const altered: Operation[] = [];
  for (const model of deleted) {
    for (const field of model.fields.filter(f => f.to).sort(byName)) removed.push({ kind: 'RemoveField', model: model.name, name: field.name });
  }
  for (const model of [...newModels.values()].filter(m => oldModels.has(lower(m.name))).sort(byName)) {
    const oldModel = oldModels.get(lower(model.name))!;
    // Compared as written; only the fields that make an operation bring their imports.
    const written = (spec: ProjectSpec, owner: ModelSpec) =>
      new Map(owner.fields.map(field => [field.name, layout(deconstructed(spec, owner, field, new Set()).constructor, 0)]));
    const oldFields = written(before, oldModel);
    const newFields = written(after, model);
    for (const name of [...oldFields.keys()].sort(compareText)) {
      if (!newFields.has(name) || changesManyToMany(oldModel, model, name)) removed.push({ kind: 'RemoveField', model: model.name, name });
    }
    for (const field of [...model.fields].sort(byName)) {
      const old = oldFields.get(field.name);
      const kind = !old || changesManyToMany(oldModel, model, field.name) ? 'AddField' : 'AlterField';
      if (kind === 'AlterField' && old === newFields.get(field.name)) continue;
      (kind === 'AddField' ? added : altered).push({ kind, model: model.name, field: deconstructed(after, model, field, imports) });
    }
  }
  const deletions = deleted.sort(byName).map((model): Operation => ({ kind: 'DeleteModel', model: model.name }));
  operations.push(...removed, ...added, ...altered, ...deletions);
  if (operations.length === 0) return undefined;

  const number = String(Number(/^(\d+)/.exec(previous)?.[1] ?? 0) + 1).padStart(4, '0');
  const content = renderMigration(djangoVersion, imports, [{ tuple: [pyStr(after.appName), pyStr(previous)] }], operations);
  return { name: `${number}_${suggestedName(operations)}`, content };
}

/** A field that turns into a many-to-many field or back: Django cannot alter one into the other. */
function changesManyToMany(before: ModelSpec, after: ModelSpec, name: string): boolean {
  const type = (model: ModelSpec) => model.fields.find(f => f.name === name)?.type;
  return (type(before) === 'ManyToManyField') !== (type(after) === 'ManyToManyField');
}

/** `Migration.suggest_name()`: the operations' name fragments, cut at 52 characters. */
function suggestedName(operations: Operation[]): string {
  const fragment = (op: Operation): string => {
    switch (op.kind) {
      case 'CreateModel':
        return lower(op.model);
      case 'AddField':
        return `${lower(op.model)}_${op.field.name}`;
      case 'AlterField':
        return `alter_${lower(op.model)}_${op.field.name}`;
      case 'RemoveField':
        return `remove_${lower(op.model)}_${op.name}`;
      case 'DeleteModel':
        return `delete_${lower(op.model)}`;
      default:
        throw new Error(`Unknown operation ${JSON.stringify(op)}`);
    }
  };
  const [first, ...rest] = operations.map(fragment);
  let name = first;
  for (const next of rest) {
    if (`${name}_${next}`.length > 52) return `${name}_and_more`;
    name = `${name}_${next}`;
  }
  return name;
}

/** The writer's template: header, imports, and the Migration class. */
function renderMigration(djangoVersion: string, imports: Set<string>, dependencies: PyExpr[], operations: Operation[]): string {
  const body = [
    'class Migration(migrations.Migration):',
    '',
    ...(dependencies.length === 0 ? ['    initial = True', ''] : []),
    layout({ list: dependencies, exploded: dependencies.length > 0 }, 4, 'dependencies = '),
    '',
    layout({ list: operations.map(operationExpr), exploded: true }, 4, 'operations = '),
  ].join('\n');
  return `${migrationHeader(djangoVersion)}\n\n${sortImports(imports).join('\n')}\n\n\n${body}\n`;
}

/** The first line of a generated migration; Django's own carries a timestamp instead. */
export function migrationHeader(djangoVersion: string): string {
  return `# Generated by Dev Portal for Django ${djangoVersion}`;
}

/**
 * The autodetector's first draft for the models `created`: in reverse alphabetical order, each
 * `CreateModel` (without its relations) put in front of the list, each relation appended as an
 * `AddField` in field-name order.
 */
function autodetectedOperations(spec: ProjectSpec, created: ModelSpec[], imports: Set<string>): CreationOperation[] {
  const operations: CreationOperation[] = [];
  const models = [...created].sort((a, b) => compareText(b.name.toLowerCase(), a.name.toLowerCase()));
  for (const model of models) {
    const fields = migrationFields(spec, model, imports);
    operations.unshift({
      kind: 'CreateModel',
      model: model.name,
      fields: fields.filter(f => f.target === undefined),
      options: modelOptions(model),
    });
    const relations = fields.filter(f => f.target !== undefined).sort((a, b) => compareText(a.name, b.name));
    for (const field of relations) operations.push({ kind: 'AddField', model: model.name, field });
  }
  return operations;
}

/**
 * `graphlib.TopologicalSorter.static_order()` over the operations' in-app dependencies: a
 * relation waits for the `CreateModel` of both its models (a model that exists already waits
 * for nothing).
 */
function sortTopologically(operations: CreationOperation[]): CreationOperation[] {
  const creators = new Map(operations.filter(op => op.kind === 'CreateModel').map(op => [lower(op.model), op]));
  const predecessors = new Map<CreationOperation, number>();
  const successors = new Map<CreationOperation, CreationOperation[]>(operations.map(op => [op, []]));
  for (const op of operations) {
    predecessors.set(op, 0);
    if (op.kind !== 'AddField') continue;
    for (const needed of new Set([op.field.target!, lower(op.model)])) {
      const creator = creators.get(needed);
      if (!creator) continue;
      predecessors.set(op, predecessors.get(op)! + 1);
      successors.get(creator)!.push(op);
    }
  }
  const order: CreationOperation[] = [];
  let ready = operations.filter(op => predecessors.get(op) === 0);
  while (ready.length > 0) {
    order.push(...ready);
    const next: CreationOperation[] = [];
    for (const done of ready) {
      for (const successor of successors.get(done)!) {
        const left = predecessors.get(successor)! - 1;
        predecessors.set(successor, left);
        if (left === 0) next.push(successor);
      }
    }
    ready = next;
  }
  return order;
}

/** Django's `MigrationOptimizer.optimize`: reduce until nothing changes. */
function optimize(operations: CreationOperation[]): CreationOperation[] {
  for (let current = operations; ; ) {
    const result = optimizeOnce(current);
    if (sameOperations(result, current)) return result;
    current = result;
  }
}

function sameOperations(a: CreationOperation[], b: CreationOperation[]): boolean {
  return a.length === b.length && a.every((op, i) => op === b[i]);
}

function optimizeOnce(operations: CreationOperation[]): CreationOperation[] {
  const result: CreationOperation[] = [];
  for (let i = 0; i < operations.length; i++) {
    const operation = operations[i];
    let right = true;
    let merged = false;
    for (let j = i + 1; j < operations.length; j++) {
      const other = operations[j];
      const reduced = reduce(operation, other);
      if (Array.isArray(reduced)) {
        const between = operations.slice(i + 1, j);
        if (right) result.push(...between, ...reduced);
        else if (between.every(op => reduce(op, other) === true)) result.push(...reduced, ...between);
        else {
          result.push(operation);
          merged = true;
          break;
        }
        return [...result, ...operations.slice(j + 1)];
      }
      if (!reduced) right = false;
    }
    if (!merged) result.push(operation);
  }
  return result;
}

/**
 * `operation.reduce(other)`: a replacement when the two fold into one (a relation into the
 * `CreateModel` of its model), else whether `operation` may be moved across `other`.
 */
function reduce(operation: CreationOperation, other: CreationOperation): CreationOperation[] | boolean {
  if (operation.kind === 'CreateModel') {
    if (other.kind === 'AddField' && other.model === operation.model) {
      return [{ ...operation, fields: [...operation.fields, other.field] }];
    }
    return !referencesModel(other, lower(operation.model));
  }
  return !referencesField(other, lower(operation.model), operation.field.name);
}

function referencesModel(operation: CreationOperation, model: string): boolean {
  if (lower(operation.model) === model) return true;
  const fields = operation.kind === 'CreateModel' ? operation.fields : [operation.field];
  return fields.some(field => field.target === model);
}

function referencesField(operation: CreationOperation, model: string, fieldName: string): boolean {
  if (operation.kind === 'CreateModel') return referencesModel(operation, model);
  return (lower(operation.model) === model && operation.field.name === fieldName) || operation.field.target === model;
}

function operationExpr(operation: Operation): PyExpr {
  const fieldTuple = (field: MigrationField): PyExpr => ({ tuple: [pyStr(field.name), field.constructor] });
  const call = (kwargs: [string, PyExpr][]): PyExpr => ({ call: `migrations.${operation.kind}`, exploded: true, kwargs });
  switch (operation.kind) {
    case 'AddField':
    case 'AlterField':
      return call([
        ['model_name', pyStr(lower(operation.model))],
        ['name', pyStr(operation.field.name)],
        ['field', operation.field.constructor],
      ]);
    case 'RemoveField':
      return call([
        ['model_name', pyStr(lower(operation.model))],
        ['name', pyStr(operation.name)],
      ]);
    case 'DeleteModel':
      return call([['name', pyStr(operation.model)]]);
    default:
      break;
  }
  const kwargs: [string, PyExpr][] = [
    ['name', pyStr(operation.model)],
    ['fields', { list: operation.fields.map(fieldTuple), exploded: true }],
  ];
  if (operation.options.length > 0) {
    kwargs.push(['options', { dict: operation.options.map(([key, value]) => [pyStr(key), value]), exploded: true }]);
  }
  return call(kwargs);
}

/** `Meta` options in the order Django lists them (`Options.DEFAULT_NAMES`). */
function modelOptions(model: ModelSpec): [string, PyExpr][] {
  const options: [string, PyExpr][] = [];
  const plural = verboseNamePlural(model);
  if (plural) options.push(['verbose_name_plural', pyStr(plural)]);
  options.push(['ordering', MODEL_ORDERING]);
  return options;
}

/** The model's fields as `ModelState` holds them: the primary key first, then in class order. */
function migrationFields(spec: ProjectSpec, model: ModelSpec, imports: Set<string>): MigrationField[] {
  const primaryKey: MigrationField = {
    name: 'id',
    constructor: {
      call: 'models.BigAutoField',
      kwargs: [
        ['auto_created', 'True'],
        ['primary_key', 'True'],
        ['serialize', 'False'],
        ['verbose_name', pyStr('ID')],
      ],
    },
  };
  const declared = model.fields.map(field => deconstructed(spec, model, field, imports));
  const timestamps = TIMESTAMP_FIELDS.map(([name, constructor]) => ({ name, constructor }));
  return [primaryKey, ...declared, ...timestamps];
}

/** Types whose `deconstruct()` leaves out `max_length` when it is the type's default. */
const OMITTED_DEFAULT_MAX_LENGTH: Partial<Record<FieldSpec['type'], number>> = {
  URLField: 200,
  SlugField: 50,
  FileField: 100,
  ImageField: 100,
};
/** Types whose constructor sets a `max_length` that `deconstruct()` keeps. */
const IMPLICIT_MAX_LENGTH: Partial<Record<FieldSpec['type'], number>> = { EmailField: 254 };

/** `field.deconstruct()` as the writer serializes it: keyword arguments sorted by name. */
function deconstructed(spec: ProjectSpec, model: ModelSpec, field: FieldSpec, imports: Set<string>): MigrationField {
  const kwargs = new Map<string, PyExpr>();
  const maxLength = field.maxLength ?? IMPLICIT_MAX_LENGTH[field.type];
  if (maxLength !== undefined && maxLength !== OMITTED_DEFAULT_MAX_LENGTH[field.type]) kwargs.set('max_length', String(maxLength));
  // A one-to-one field is unique by nature: deconstruct() drops the flag.
  if (field.unique && field.type !== 'OneToOneField') kwargs.set('unique', 'True');
  if (!field.required) {
    kwargs.set('blank', 'True');
    if (isNullable(field)) kwargs.set('null', 'True');
  }
  if (field.default !== undefined) kwargs.set('default', defaultExpr(field.default as FieldDefault, imports, 'datetime.timezone.utc'));
  if (field.choices) kwargs.set('choices', { list: choicePairs(field) });
  if (field.helpText !== undefined) kwargs.set('help_text', pyStr(field.helpText));
  if (field.maxDigits !== undefined) kwargs.set('max_digits', String(field.maxDigits));
  if (field.decimalPlaces !== undefined) kwargs.set('decimal_places', String(field.decimalPlaces));
  if (field.type === 'FileField' || field.type === 'ImageField') {
    kwargs.set('upload_to', pyStr(uploadTo(model)));
    imports.add(`import ${spec.appName}.validators`);
    kwargs.set('validators', { list: fileValidators(field).map(name => `${spec.appName}.validators.${name}`) });
  }
  if (field.onDelete) {
    imports.add('import django.db.models.deletion');
    kwargs.set('on_delete', `django.db.models.deletion.${field.onDelete}`);
  }
  if (field.relatedName) kwargs.set('related_name', pyStr(field.relatedName));
  const target = field.to?.toLowerCase();
  if (target) kwargs.set('to', pyStr(`${spec.appName}.${target}`));

  const sorted = [...kwargs.entries()].sort(([a], [b]) => compareText(a, b));
  return { name: field.name, target, constructor: { call: `models.${field.type}`, kwargs: sorted } };
}

function lower(name: string): string {
  return name.toLowerCase();
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}
