import type { FieldSpec, FieldType, ModelSpec, ProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { pluralVerboseName, verboseName } from './models';
import { importLine, layout, PyExpr, pyStr } from './python';

/** Types that full-text search makes sense on. */
const SEARCHABLE: ReadonlySet<FieldType> = new Set(['CharField', 'TextField', 'EmailField', 'SlugField', 'URLField']);
/** Types that make no sense to sort by. */
const NOT_ORDERABLE: ReadonlySet<FieldType> = new Set(['JSONField', 'FileField', 'ImageField', 'ManyToManyField', 'TextField']);
/** Values with an order: filtered by range as well as exactly. */
const RANGED: ReadonlySet<FieldType> = new Set([
  'IntegerField', 'BigIntegerField', 'PositiveIntegerField', 'FloatField', 'DecimalField',
  'DateField', 'DateTimeField', 'TimeField', 'DurationField',
]);
/** Values django-filter cannot compare. */
const NOT_FILTERABLE: ReadonlySet<FieldType> = new Set(['JSONField', 'FileField', 'ImageField']);
/** Short values worth a column in the admin's change list. */
const ADMIN_COLUMNS: ReadonlySet<FieldType> = new Set([
  'CharField', 'SlugField', 'EmailField', 'IntegerField', 'BigIntegerField', 'PositiveIntegerField',
  'FloatField', 'DecimalField', 'BooleanField', 'DateField', 'DateTimeField', 'ForeignKey', 'OneToOneField',
]);
const ADMIN_FILTERS: ReadonlySet<FieldType> = new Set(['BooleanField', 'DateField', 'DateTimeField']);

const quotedNames = (fields: FieldSpec[]) => fields.map(f => pyStr(f.name));

/**
 * The lookups a list endpoint offers for a field (`?name=`, `?name__icontains=`,
 * `?price__gte=`): text by part, ordered values by range, the rest exactly.
 */
export function filterLookups(field: FieldSpec): string[] {
  if (NOT_FILTERABLE.has(field.type)) return [];
  if (field.choices) return ['exact'];
  if (SEARCHABLE.has(field.type)) return ['exact', 'icontains'];
  if (RANGED.has(field.type)) return ['exact', 'gte', 'lte'];
  return ['exact'];
}

/** Fields `?search=` looks in; choice fields are found by their labels too (`SearchFilter`). */
export function searchableFields(model: ModelSpec): FieldSpec[] {
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

/** `views.py`: one ModelViewSet per model, with filtering, search, ordering and API docs. */
export function renderViews(spec: ProjectSpec): string {
  const classes = spec.models.map(model => {
    const lines = [
      layout({ call: 'extend_schema_view', kwargs: operationDescriptions(spec, model), exploded: true }, 0, '@'),
      `class ${model.name}ViewSet(viewsets.ModelViewSet):`,
      layout(queryset(model), 4, 'queryset = '),
      `    serializer_class = ${model.name}Serializer`,
    ];
    const filters = model.fields
      .map((field): [PyExpr, PyExpr] => [pyStr(field.name), { list: filterLookups(field).map(pyStr) }])
      .filter(([, lookups]) => (lookups as { list: PyExpr[] }).list.length > 0);
    if (filters.length > 0) lines.push(layout({ dict: filters, exploded: true }, 4, 'filterset_fields = '));
    const searchable = searchableFields(model);
    if (searchable.length > 0) lines.push(layout({ tuple: quotedNames(searchable) }, 4, 'search_fields = '));
    const orderable = model.fields.filter(f => !NOT_ORDERABLE.has(f.type));
    lines.push(
      layout({ tuple: [...quotedNames(orderable), pyStr('created_at'), pyStr('updated_at')] }, 4, 'ordering_fields = '),
    );
    return lines.join('\n');
  });
  const header = [
    'from drf_spectacular.utils import extend_schema, extend_schema_view',
    'from rest_framework import viewsets',
    '',
    importLine('.models', spec.models.map(m => m.name)),
    importLine('.serializers', spec.models.map(m => `${m.name}Serializer`)),
  ].join('\n');
  return `${[header, ...classes].join('\n\n\n')}\n`;
}

/** What each operation of a model's endpoint does, for the OpenAPI schema and Swagger UI. */
function operationDescriptions(spec: ProjectSpec, model: ModelSpec): [string, PyExpr][] {
  const one = verboseName(model);
  const many = pluralVerboseName(model);
  const describe = (text: string): PyExpr => ({ call: 'extend_schema', kwargs: [['description', pyStr(text)]] });
  const filters = model.fields.flatMap(field =>
    filterLookups(field).map(lookup => (lookup === 'exact' ? field.name : `${field.name}__${lookup}`)),
  );
  const searched = [...searchableFields(model).map(f => f.name), ...model.fields.filter(f => f.choices).map(f => `${f.name} labels`)];
  const list = [
    `The ${many}, newest first, a page at a time (?page=, ?page_size=).`,
    filters.length > 0 ? `Filter with ${filters.map(f => `?${f}=`).join(', ')}.` : '',
    searched.length > 0 ? `Search ${searched.join(', ')} with ?search=.` : '',
    'Sort with ?ordering= (a field name, "-" first for descending).',
  ];
  const protectors = protectingModels(spec, model);
  const destroy = [
    `Delete a ${one}.`,
    protectors.length > 0 ? `Refused with 409 while ${protectors.join(' or ')} still refer to it.` : '',
  ];
  return [
    ['list', describe(list.filter(Boolean).join(' '))],
    ['create', describe(`Create a ${one}.`)],
    ['retrieve', describe(`One ${one}, by id.`)],
    ['update', describe(`Replace a ${one}: every writable field.`)],
    ['partial_update', describe(`Change some fields of a ${one}.`)],
    ['destroy', describe(destroy.filter(Boolean).join(' '))],
  ];
}

/** Whether the relation keeps the row it points at from being deleted. */
export function protectsTarget(field: FieldSpec): boolean {
  return field.onDelete === 'PROTECT' || field.onDelete === 'RESTRICT';
}

/** What keeps a row of `model` from being deleted: the models with protecting relations to it. */
function protectingModels(spec: ProjectSpec, model: ModelSpec): string[] {
  return spec.models.filter(other => other.fields.some(f => f.to === model.name && protectsTarget(f))).map(pluralVerboseName);
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
