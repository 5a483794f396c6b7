import path from 'node:path';
import nunjucks from 'nunjucks';
import { stringify } from 'yaml';
import {
  CONTAINER_DATA_DIR,
  CONTAINER_GID,
  CONTAINER_PORT,
  CONTAINER_UID,
  LIVENESS_PATH,
  METRICS_PATH,
  METRICS_PORT,
  PYTHON_VERSION,
  READINESS_PATH,
} from '../project/constants';
import { type ApiAccess, type FieldSpec, modelEndpointPath, type ModelSpec, type ProjectSpec, snakeCase, usesFieldType, usesUploads } from '@dev-portal/plugin-django-gitops-common';
import { workflowReadmeSection } from '../ci/readme';
import { generateWorkflow, imageRepository, WORKFLOW_PATH, WorkflowOptions } from '../ci/workflow';
import { DEPENDABOT_PATH, generateDependabotConfig } from '../ci/dependabot';
import { renderAdmin, renderAppUrls, renderSerializers, renderViews } from './api';
import { ANSWERS_ANNOTATION, ANSWERS_PATH, GENERATOR_ANNOTATION, renderAnswers } from './answers';
import { migrationHeader, renderInitialMigration } from './migrations';
import { renderModels } from './models';
import { layout, LINE_LENGTH, pyStr } from './python';
import { DJANGO_VERSION, renderRequirements } from './requirements';
import { renderModelTests } from './modelTests';
import { renderProjectTests } from './projectTests';
import { renderFactories, renderImageHelper, renderTestBase } from './tests';

/** The generated project: file contents by path, and which of them are executable. */
export interface DjangoProject {
  files: Map<string, string>;
  executables: ReadonlySet<string>;
  /** Image reference without a tag: `ghcr.io/<owner>/<name>`, lowercase. */
  image: string;
}

/**
 * The base image of the Dockerfile: the Python of CI, pinned by the digest of its multi-arch
 * index so every build starts from the same bytes; Dependabot proposes newer ones.
 */
const PYTHON_IMAGE = 'python:3.12.12-slim-bookworm@sha256:593bd06efe90efa80dc4eee3948be7c0fde4134606dd40d8dd8dbcade98e669c';

/** What `access` in the spec means for REST framework, and the comment that says so. */
const PERMISSIONS: Record<ApiAccess, { permissionClass: string; comment: string }> = {
  authenticated: {
    permissionClass: 'rest_framework.permissions.IsAuthenticatedOrReadOnly',
    comment: 'Anyone may read; writing needs a signed-in client (API access "authenticated").',
  },
  private: {
    permissionClass: 'rest_framework.permissions.IsAuthenticated',
    comment: 'Every request needs a signed-in client (API access "private").',
  },
  public: {
    permissionClass: 'rest_framework.permissions.AllowAny',
    comment: 'Anyone may read AND write (API access "public"): see README.md.',
  },
};

// The build copies templates/ beside the compiled module (dist/django/templates), so __dirname
// finds them from the sources and from the package alike.
// eslint-disable-next-line no-restricted-syntax
const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(__dirname, 'templates')), {
  autoescape: false,
  throwOnUndefined: true,
});
templates.addFilter('py', (value: string) => pyStr(value));

/** Where the project comes from and goes to, beside its spec. */
export interface GenerationOptions {
  /** Where the CI/CD workflow deploys (the GitOps repository and branch). */
  workflow?: WorkflowOptions;
  /** The template creating the service, recorded in its answers (`template:default/django-gitops`). */
  template?: string;
}

/** Everything of the Django project for a validated spec. Pure: no disk, no network. */
export function generateDjangoProject(spec: ProjectSpec, options: GenerationOptions = {}): DjangoProject {
  const workflow = options.workflow ?? {};
  const image = imageRepository(spec);
  const corsOrigins = spec.cors.allowedOrigins.join(',');
  const context = {
    spec,
    image,
    corsOrigins,
    corsSetting: layout({ call: 'env_list', args: [pyStr('CORS_ALLOWED_ORIGINS'), pyStr(corsOrigins)] }, 0, 'CORS_ALLOWED_ORIGINS = '),
    hasUploads: usesUploads(spec),
    // SQLite and uploads live on the pod's volume.
    dataOnVolume: spec.database === 'sqlite' || usesUploads(spec),
    permissionSetting: [
      `    # ${PERMISSIONS[spec.access].comment}`,
      layout({ list: [pyStr(PERMISSIONS[spec.access].permissionClass)] }, 4, '"DEFAULT_PERMISSION_CLASSES": ', ','),
    ].join('\n'),
    appConfigClass: `${spec.appName.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Config`,
    endpointPath: modelEndpointPath,
    livenessPath: LIVENESS_PATH,
    readinessPath: READINESS_PATH,
    pythonVersion: PYTHON_VERSION,
    dataDir: CONTAINER_DATA_DIR,
    lineLength: LINE_LENGTH,
    uid: CONTAINER_UID,
    gid: CONTAINER_GID,
    port: CONTAINER_PORT,
    metricsPort: METRICS_PORT,
    metricsPath: METRICS_PATH,
    pythonImage: PYTHON_IMAGE,
    migrationHeader: migrationHeader(DJANGO_VERSION),
    ciSection: spec.cicd ? workflowReadmeSection(spec, workflow) : '',
    // One argument for the shell, whatever the choice values hold.
    curlBody: `'${JSON.stringify(exampleBody(spec.models[0])).replace(/'/g, `'\\''`)}'`,
  };
  const render = (template: string) => ensureNewline(templates.render(template, context));
  const pkg = spec.packageName;
  const app = spec.appName;

  const files = new Map<string, string>([
    ['manage.py', render('manage.py.njk')],
    [`${pkg}/__init__.py`, ''],
    [`${pkg}/settings.py`, render('settings.py.njk')],
    [`${pkg}/urls.py`, render('urls.py.njk')],
    [`${pkg}/wsgi.py`, render('wsgi.py.njk')],
    [`${pkg}/asgi.py`, render('asgi.py.njk')],
    [`${pkg}/health.py`, render('health.py.njk')],
    [`${pkg}/metrics.py`, render('metrics.py.njk')],
    [`${pkg}/logs.py`, render('logs.py.njk')],
    [`${pkg}/api.py`, render('api.py.njk')],
    ['accounts/__init__.py', ''],
    ['accounts/apps.py', render('accounts/apps.py.njk')],
    ['accounts/models.py', render('accounts/models.py.njk')],
    ['accounts/admin.py', render('accounts/admin.py.njk')],
    ['accounts/migrations/__init__.py', ''],
    ['accounts/migrations/0001_initial.py', render('accounts/0001_initial.py.njk')],
    [`${app}/__init__.py`, ''],
    [`${app}/apps.py`, render('apps.py.njk')],
    [`${app}/models.py`, renderModels(spec)],
    [`${app}/serializers.py`, renderSerializers(spec)],
    [`${app}/views.py`, renderViews(spec)],
    [`${app}/urls.py`, renderAppUrls(spec)],
    [`${app}/admin.py`, renderAdmin(spec)],
    [`${app}/migrations/__init__.py`, ''],
    [`${app}/migrations/0001_initial.py`, renderInitialMigration(spec, DJANGO_VERSION)],
    [`${app}/tests/__init__.py`, ''],
    [`${app}/tests/base.py`, renderTestBase()],
    [`${app}/tests/factories.py`, renderFactories(spec)],
    [`${app}/tests/test_project.py`, renderProjectTests(spec)],
  ]);
  if (usesUploads(spec)) {
    files.set(`${pkg}/uploads.py`, render('uploads.py.njk'));
    files.set(`${app}/validators.py`, render('validators.py.njk'));
  }
  if (usesFieldType(spec, 'ImageField')) files.set(`${app}/tests/images.py`, renderImageHelper());
  for (const model of spec.models) {
    files.set(`${app}/tests/test_${snakeCase(model.name)}.py`, renderModelTests(spec, model));
  }
  files.set('requirements.txt', renderRequirements(spec));
  files.set('gunicorn.conf.py', render('gunicorn.conf.py.njk'));
  files.set('pyproject.toml', render('pyproject.toml.njk'));
  files.set('Dockerfile', render('Dockerfile.njk'));
  files.set('.dockerignore', render('dockerignore.njk'));
  files.set('.gitignore', render('gitignore.njk'));
  files.set('README.md', render('README.md.njk'));
  files.set('catalog-info.yaml', renderCatalogInfo(spec));
  files.set(ANSWERS_PATH, renderAnswers(spec, workflow, options.template));
  // With CI/CD off there is no workflow file at all, not an empty one.
  if (spec.cicd) files.set(WORKFLOW_PATH, generateWorkflow(spec, workflow));
  files.set(DEPENDABOT_PATH, generateDependabotConfig(spec));

  return { files, executables: new Set(['manage.py']), image };
}

/**
 * What a client would post to create a row of the model, for the README's curl example: every
 * required field with a plausible value (uploads need a multipart body, so they are left out).
 */
function exampleBody(model: ModelSpec): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of model.fields.filter(f => f.required && f.default === undefined)) {
    const value = exampleValue(field);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}

function exampleValue(field: FieldSpec): unknown {
  if (field.choices) return field.choices[0].value;
  switch (field.type) {
    case 'CharField':
    case 'TextField':
      return 'Example'.slice(0, field.maxLength);
    case 'SlugField':
      return 'example'.slice(0, field.maxLength);
    case 'EmailField':
      return 'a@b.io';
    case 'URLField':
      return 'https://a.io';
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField':
    case 'FloatField':
      return 1;
    case 'DecimalField':
      return (field.decimalPlaces ?? 0) > 0 ? `0.${'0'.repeat(field.decimalPlaces!)}` : '0';
    case 'BooleanField':
      return true;
    case 'DateField':
      return '2024-05-17';
    case 'DateTimeField':
      return '2024-05-17T10:30:00Z';
    case 'TimeField':
      return '10:30:00';
    case 'DurationField':
      return '01:00:00';
    case 'UUIDField':
      return '3f2b8c1e-6a53-4c8e-9d3a-2f1f0b7c9e11';
    case 'JSONField':
      return {};
    case 'ForeignKey':
    case 'OneToOneField':
      return 1;
    case 'ManyToManyField':
      return [1];
    default:
      return undefined;
  }
}

/** The Backstage entity of the new service, linked to its repository and deployment. */
function renderCatalogInfo(spec: ProjectSpec): string {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      ...(spec.description ? { description: spec.description } : {}),
      annotations: {
        'github.com/project-slug': `${spec.owner}/${spec.name}`,
        // What the portal's day-two templates look for: the answers to change the service with.
        [GENERATOR_ANNOTATION]: 'django-gitops',
        [ANSWERS_ANNOTATION]: ANSWERS_PATH,
        'argocd/app-name': spec.name,
        'backstage.io/kubernetes-id': spec.name,
      },
      tags: ['django', 'rest-api', 'python'],
    },
    // The GitHub owner stays the image's and the annotations'; the catalog owner is a group or user.
    spec: { type: 'service', lifecycle: 'experimental', owner: spec.catalogOwner ?? spec.owner },
  };
  return stringify(entity, { lineWidth: 0 });
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
