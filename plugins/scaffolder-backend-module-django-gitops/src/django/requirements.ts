import { type ProjectSpec, usesFieldType, usesUploads } from '@dev-portal/plugin-django-gitops-common';

/**
 * Exact versions of everything the generated project installs, its dependencies' dependencies
 * included, so a build today and a build next year install the same code. The harness installs
 * exactly these and runs the project's tests on them; change them together, then run it.
 */
export const DJANGO_VERSION = '5.2.19';

type Pin = { name: string; version: string; why: string };

const CORE: Pin[] = [
  { name: 'Django', version: DJANGO_VERSION, why: 'LTS, supported until April 2028' },
  { name: 'djangorestframework', version: '3.18.3', why: 'the REST API' },
  { name: 'django-filter', version: '26.2', why: 'filtering of list endpoints' },
  { name: 'drf-spectacular', version: '0.30.0', why: 'OpenAPI schema' },
  { name: 'drf-spectacular-sidecar', version: '2026.10.1', why: 'Swagger UI assets, served locally' },
  { name: 'dj-database-url', version: '3.1.2', why: 'DATABASE_URL parsing' },
  { name: 'whitenoise', version: '6.12.0', why: 'static files' },
  { name: 'gunicorn', version: '27.0.1', why: 'the WSGI server of the image' },
  { name: 'django-prometheus', version: '2.5.0', why: 'request and database metrics' },
];
const CORS: Pin = { name: 'django-cors-headers', version: '4.9.0', why: 'CORS' };
const IMAGES: Pin = { name: 'pillow', version: '13.0.0', why: 'ImageField validation' };
const POSTGRES: Pin[] = [
  { name: 'psycopg', version: '3.3.9', why: 'PostgreSQL driver' },
  { name: 'psycopg-binary', version: '3.3.9', why: 'its prebuilt C implementation' },
];
/** Uploads go to S3-compatible object storage when the environment names a bucket. */
const OBJECT_STORAGE: Pin[] = [
  { name: 'django-storages', version: '1.14.6', why: 'uploads on S3-compatible storage' },
  { name: 'boto3', version: '1.44.8', why: "django-storages' S3 client" },
];
const OBJECT_STORAGE_TRANSITIVE: Pin[] = [
  { name: 'botocore', version: '1.44.8', why: 'boto3' },
  { name: 'jmespath', version: '1.1.0', why: 'boto3' },
  { name: 'python-dateutil', version: '2.9.0.post0', why: 'botocore' },
  { name: 's3transfer', version: '0.19.3', why: 'boto3' },
  { name: 'six', version: '1.17.0', why: 'python-dateutil' },
  { name: 'urllib3', version: '2.8.0', why: 'botocore' },
];

const TRANSITIVE: Pin[] = [
  { name: 'asgiref', version: '3.13.0', why: 'Django' },
  { name: 'attrs', version: '26.1.0', why: 'jsonschema' },
  { name: 'inflection', version: '0.5.1', why: 'drf-spectacular' },
  { name: 'jsonschema', version: '4.26.0', why: 'drf-spectacular' },
  { name: 'jsonschema-specifications', version: '2025.9.1', why: 'jsonschema' },
  { name: 'prometheus-client', version: '0.26.0', why: 'django-prometheus' },
  { name: 'PyYAML', version: '6.0.4', why: 'drf-spectacular' },
  { name: 'referencing', version: '0.37.0', why: 'jsonschema' },
  { name: 'rpds-py', version: '2026.9.1', why: 'jsonschema' },
  { name: 'sqlparse', version: '0.6.1', why: 'Django' },
  { name: 'typing_extensions', version: '4.16.0', why: 'referencing, psycopg' },
  { name: 'uritemplate', version: '4.2.0', why: 'drf-spectacular' },
];

/**
 * What this spec installs: Pillow only with an ImageField, psycopg only for postgres, the S3
 * client only when there are uploads to store.
 */
function requirements(spec: ProjectSpec): { direct: Pin[]; transitive: Pin[] } {
  const direct = [...CORE];
  const transitive = [...TRANSITIVE];
  if (spec.cors.enabled) direct.push(CORS);
  if (usesFieldType(spec, 'ImageField')) direct.push(IMAGES);
  if (spec.database === 'postgres') direct.push(...POSTGRES);
  if (usesUploads(spec)) {
    direct.push(...OBJECT_STORAGE);
    transitive.push(...OBJECT_STORAGE_TRANSITIVE);
  }
  const byName = (a: Pin, b: Pin) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());
  return { direct, transitive: transitive.sort(byName) };
}

export function renderRequirements(spec: ProjectSpec): string {
  const line = (pin: Pin) => `${`${pin.name}==${pin.version}`.padEnd(36)}  # ${pin.why}`;
  const { direct, transitive } = requirements(spec);
  return [
    '# Exact versions: the image and CI install these and nothing else.',
    ...direct.map(line),
    '',
    '# Their dependencies, pinned too.',
    ...transitive.map(line),
    '',
  ].join('\n');
}
