import { pluralize } from '../project/names';
import type { FieldSpec, FieldType, ModelSpec, ProjectSpec } from '../project/spec';
import { verboseName } from './models';
import { layout, LINE_LENGTH, PyExpr, pyStr } from './python';

/** Types that full-text search makes sense on. */
const SEARCHABLE: ReadonlySet<FieldType> = new Set(['CharField', 'TextField', 'EmailField', 'SlugField', 'URLField']);
/** Types django-filter cannot filter by exact value out of the box. */
const NOT_FILTERABLE: ReadonlySet<FieldType> = new Set(['JSONField', 'FileField', 'ImageField', 'TextField']);
/** Types that make no sense to sort by. */
const NOT_ORDERABLE: ReadonlySet<FieldType> = new Set(['JSONField', 'FileField', 'ImageField', 'ManyToManyField', 'TextField']);
/** Short values worth a column in the admin's change list. */
const ADMIN_COLUMNS: ReadonlySet<FieldType> = new Set([
  'CharField', 'SlugField', 'EmailField', 'IntegerField', 'BigIntegerField', 'PositiveIntegerField',
  'FloatField', 'DecimalField', 'BooleanField', 'DateField', 'DateTimeField', 'ForeignKey', 'OneToOneField',
]);
const ADMIN_FILTERS: ReadonlySet<FieldType> = new Set(['BooleanField', 'DateField', 'DateTimeField']);

const quotedNames = (fields: FieldSpec[]) => fields.map(f => pyStr(f.name));

function filterableFields(model: ModelSpec): FieldSpec[] {
  return model.fields.filter(f => !NOT_FILTERABLE.has(f.type));
}
function searchableFields(model: ModelSpec): FieldSpec[] {
  return model.fields.filter(f => SEARCHABLE.has(f.type));
}

/** `serializers.py`: relations are written and read as primary keys. */
export function renderSerializers(spec: ProjectSpec): string {
  const classes = spec.models.map(model => {
    const all = [pyStr('id'), ...quotedNames(model.fields), pyStr('created_at'), pyStr('updated_at')];
    return [
      `class ${model.name}Serializer(serializers.ModelSerializer):`,
      '    class Meta:',
      `        model = ${model.name}`,
      layout({ tuple: all }, 8, 'fields = '),
      layout({ tuple: [pyStr('id'), pyStr('created_at'), pyStr('updated_at')] }, 8, 'read_only_fields = '),
    ].join('\n');
  });
  const header = ['from rest_framework import serializers', '', importLine('.models', spec.models.map(m => m.name))].join(
    '\n',
  );
  return `${[header, ...classes].join('\n\n\n')}\n`;
}

/** `views.py`: one ModelViewSet per model, with filtering, search and ordering. */
export function renderViews(spec: ProjectSpec): string {
  const classes = spec.models.map(model => {
    const lines = [
      `class ${model.name}ViewSet(viewsets.ModelViewSet):`,
      `    """Create, list, retrieve, update and delete ${pluralVerbose(model)}."""`,
      '',
      layout(queryset(model), 4, 'queryset = '),
      `    serializer_class = ${model.name}Serializer`,
    ];
    const filterable = filterableFields(model);
    if (filterable.length > 0) lines.push(layout({ tuple: quotedNames(filterable) }, 4, 'filterset_fields = '));
    const searchable = searchableFields(model);
    if (searchable.length > 0) lines.push(layout({ tuple: quotedNames(searchable) }, 4, 'search_fields = '));
    const orderable = model.fields.filter(f => !NOT_ORDERABLE.has(f.type));
    lines.push(
      layout({ tuple: [...quotedNames(orderable), pyStr('created_at'), pyStr('updated_at')] }, 4, 'ordering_fields = '),
    );
    return lines.join('\n');
  });
  const header = [
    'from rest_framework import viewsets',
    '',
    importLine('.models', spec.models.map(m => m.name)),
    importLine('.serializers', spec.models.map(m => `${m.name}Serializer`)),
  ].join('\n');
  return `${[header, ...classes].join('\n\n\n')}\n`;
}

/**
 * Related rows are fetched in the same query (or one more per many-to-many), not one per row.
 * The last call is the one that wraps, as Black would wrap it.
 */
function queryset(model: ModelSpec): PyExpr {
  const single = model.fields.filter(f => f.type === 'ForeignKey' || f.type === 'OneToOneField');
  const many = model.fields.filter(f => f.type === 'ManyToManyField');
  const calls: [string, string[]][] = [];
  if (single.length > 0) calls.push(['select_related', quotedNames(single)]);
  if (many.length > 0) calls.push(['prefetch_related', quotedNames(many)]);
  if (calls.length === 0) calls.push(['all', []]);
  const [lastMethod, lastArgs] = calls.pop()!;
  const chain = calls.map(([method, args]) => `.${method}(${args.join(', ')})`).join('');
  return { call: `${model.name}.objects${chain}.${lastMethod}`, args: lastArgs };
}

/** The app's `urls.py`: a DefaultRouter with one route per model. */
export function renderAppUrls(spec: ProjectSpec): string {
  const routes = spec.models.map(m => `router.register(${pyStr(m.endpoint)}, views.${m.name}ViewSet)`);
  return [
    'from rest_framework.routers import DefaultRouter',
    '',
    'from . import views',
    '',
    'router = DefaultRouter()',
    ...routes,
    '',
    'urlpatterns = router.urls',
    '',
  ].join('\n');
}

/** `admin.py`: every model registered with useful columns, search and filters. */
export function renderAdmin(spec: ProjectSpec): string {
  const classes = spec.models.map(model => {
    const columns = model.fields.filter(f => ADMIN_COLUMNS.has(f.type)).slice(0, 5);
    const filters = model.fields.filter(f => ADMIN_FILTERS.has(f.type) || f.choices);
    const searchable = searchableFields(model).filter(f => f.type !== 'TextField');
    const lines = [
      `@admin.register(${model.name})`,
      `class ${model.name}Admin(admin.ModelAdmin):`,
      layout({ tuple: [pyStr('id'), ...quotedNames(columns), pyStr('created_at')] }, 4, 'list_display = '),
    ];
    if (filters.length > 0) lines.push(layout({ tuple: quotedNames(filters) }, 4, 'list_filter = '));
    if (searchable.length > 0) lines.push(layout({ tuple: quotedNames(searchable) }, 4, 'search_fields = '));
    lines.push(layout({ tuple: [pyStr('created_at'), pyStr('updated_at')] }, 4, 'readonly_fields = '));
    return lines.join('\n');
  });
  const header = ['from django.contrib import admin', '', importLine('.models', spec.models.map(m => m.name))].join('\n');
  return `${[header, ...classes].join('\n\n\n')}\n`;
}

/** `from module import A, B`, sorted as isort would and wrapped the way Black wraps it. */
export function importLine(module: string, identifiers: string[]): string {
  const imported = [...identifiers].sort();
  const oneLine = `from ${module} import ${imported.join(', ')}`;
  if (oneLine.length <= LINE_LENGTH) return oneLine;
  return [`from ${module} import (`, ...imported.map(name => `    ${name},`), ')'].join('\n');
}

function pluralVerbose(model: ModelSpec): string {
  return pluralize(verboseName(model));
}
