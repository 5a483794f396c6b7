import { pluralize, snakeCase } from '../project/names';
import type { FieldSpec, ModelSpec, ProjectSpec } from '../project/spec';
import { choicesConstant, choicesExpr, FieldContext, fieldConstructor, fieldImports, PyImport } from './fields';
import { layout, PyExpr, pyStr } from './python';

const TIMESTAMP_FIELDS: [string, PyExpr][] = [
  ['created_at', { call: 'models.DateTimeField', kwargs: [['auto_now_add', 'True']] }],
  ['updated_at', { call: 'models.DateTimeField', kwargs: [['auto_now', 'True']] }],
];

/** Newest first, with the primary key breaking ties so pages never overlap. */
const ORDERING: PyExpr = { tuple: [pyStr('-created_at'), pyStr('-id')] };

/** Types a readable `__str__` can be built from, when the field is always set. */
const DISPLAY_TYPES = new Set(['CharField', 'SlugField', 'EmailField', 'URLField']);

/** Django's default verbose names, and ours where its "+s" plural would be wrong ("categorys"). */
export function verboseName(model: ModelSpec): string {
  return snakeCase(model.name).replace(/_/g, ' ');
}
function verboseNamePlural(model: ModelSpec): string | undefined {
  const plural = pluralize(verboseName(model));
  return plural === `${verboseName(model)}s` ? undefined : plural;
}

/** `models.py` of the app. */
export function renderModels(spec: ProjectSpec): string {
  const context: FieldContext = { kind: 'model' };
  const imports = collectImports(spec.models.flatMap(m => m.fields), context);
  const classes = spec.models.map(model => renderModelClass(model));
  return `${[importBlock(imports, ['from django.db import models']), ...classes].join('\n\n\n')}\n`;
}

function renderModelClass(model: ModelSpec): string {
  const context: FieldContext = { kind: 'model' };
  const lines: string[] = [`class ${model.name}(models.Model):`];
  const choiceFields = model.fields.filter(f => f.choices);
  for (const field of choiceFields) lines.push(layout(choicesExpr(field), 4, `${choicesConstant(field)} = `));
  if (choiceFields.length > 0) lines.push('');
  for (const field of model.fields) lines.push(layout(fieldConstructor(field, model, context), 4, `${field.name} = `));
  for (const [name, expr] of TIMESTAMP_FIELDS) lines.push(layout(expr, 4, `${name} = `));

  lines.push('', '    class Meta:', layout(ORDERING, 8, 'ordering = '));
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
 * `migrations/0001_initial.py`. Models are created without their relations, which are then
 * added one by one: that order works for any graph, cycles and self-references included.
 */
export function renderInitialMigration(spec: ProjectSpec, djangoVersion: string): string {
  const context: FieldContext = { kind: 'migration', appLabel: spec.appName };
  const fields = spec.models.flatMap(m => m.fields);
  const imports = collectImports(fields, context);
  const operations: PyExpr[] = [];

  for (const model of spec.models) {
    const columns: PyExpr[] = [
      {
        tuple: [
          pyStr('id'),
          {
            call: 'models.BigAutoField',
            kwargs: [
              ['auto_created', 'True'],
              ['primary_key', 'True'],
              ['serialize', 'False'],
              ['verbose_name', pyStr('ID')],
            ],
          },
        ],
      },
      ...model.fields.filter(f => !f.to).map(f => ({ tuple: [pyStr(f.name), fieldConstructor(f, model, context)] })),
      ...TIMESTAMP_FIELDS.map(([name, expr]) => ({ tuple: [pyStr(name), expr] })),
    ];
    const options: [PyExpr, PyExpr][] = [[pyStr('ordering'), ORDERING]];
    const plural = verboseNamePlural(model);
    if (plural) options.push([pyStr('verbose_name_plural'), pyStr(plural)]);
    operations.push({
      call: 'migrations.CreateModel',
      kwargs: [
        ['name', pyStr(model.name)],
        ['fields', { list: columns }],
        ['options', { dict: options }],
      ],
    });
  }
  for (const model of spec.models) {
    for (const field of model.fields.filter(f => f.to)) {
      operations.push({
        call: 'migrations.AddField',
        kwargs: [
          ['model_name', pyStr(model.name.toLowerCase())],
          ['name', pyStr(field.name)],
          ['field', fieldConstructor(field, model, context)],
        ],
      });
    }
  }

  const header = `# Initial schema of the ${spec.appName} app, written with the models (Django ${djangoVersion}).`;
  const body = [
    'class Migration(migrations.Migration):',
    '    initial = True',
    '',
    '    dependencies = []',
    '',
    layout({ list: operations }, 4, 'operations = '),
  ].join('\n');
  const djangoImports = ['from django.db import migrations, models'];
  if (imports.includes('deletion')) djangoImports.unshift('import django.db.models.deletion');
  return `${header}\n\n${importBlock(imports, djangoImports)}\n\n\n${body}\n`;
}

function collectImports(fields: FieldSpec[], context: FieldContext): PyImport[] {
  return [...new Set(fields.flatMap(f => fieldImports(f, context)))];
}

/** Standard-library imports, then Django's, as isort would group them. */
function importBlock(imports: PyImport[], djangoLines: string[]): string {
  const stdlib = [
    imports.includes('datetime') ? 'import datetime' : undefined,
    imports.includes('uuid') ? 'import uuid' : undefined,
    imports.includes('decimal') ? 'from decimal import Decimal' : undefined,
  ].filter((line): line is string => line !== undefined);
  return [stdlib.join('\n'), djangoLines.join('\n')].filter(Boolean).join('\n\n');
}
