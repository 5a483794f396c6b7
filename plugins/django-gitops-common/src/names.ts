import { makeValidator, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import pluralizeWord from 'pluralize';
import { INSTALLED_APP_LABELS, PROJECT_RESERVED_MODULES, PYTHON_KEYWORDS, PYTHON_STDLIB_MODULES } from './python-reserved';

/**
 * The project name becomes a repository, a namespace, a Deployment and an image name. Kubernetes
 * Service names are DNS-1035 labels (start with a letter), and 53 characters leave room for
 * suffixes such as `-data` under the 63-character label limit.
 *
 * @public
 */
export const PROJECT_NAME_MAX_LENGTH = 53;
/**
 * A DNS-1035 label (lowercase letters, digits and "-", starting with a letter): the shape of a project name.
 *
 * @public
 */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Namespaces an app must never deploy into: the project name is the namespace, and the manifests
 * label it for Pod Security, so `kube-system` would relabel the cluster's own. `*` ends a prefix.
 * The platform team adds its own through `devPortal.reservedNamespaces`.
 *
 * @public
 */
export const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-*', 'openshift', 'openshift-*', 'argocd'];

/**
 * Returns why `name` is not a valid project name, or undefined when it is. `reserved` adds the
 * platform's own reserved namespaces (exact names, or prefixes ending in `*`) to the built-in ones.
 *
 * @public
 */
export function projectNameProblem(name: string, reserved: readonly string[] = []): string | undefined {
  if (name.length > PROJECT_NAME_MAX_LENGTH) {
    return `must be at most ${PROJECT_NAME_MAX_LENGTH} characters (got ${name.length})`;
  }
  if (!DNS_LABEL.test(name)) {
    return 'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter and not ending with "-"';
  }
  const pattern = [...RESERVED_NAMESPACES, ...reserved].find(entry => namespaceMatches(entry, name));
  if (pattern) return `"${name}" is a reserved namespace (${pattern}): it belongs to the cluster or the platform`;
  return undefined;
}

/** Whether a reserved-namespace entry (a name, or a prefix ending in `*`) covers `name`. */
function namespaceMatches(entry: string, name: string): boolean {
  return entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry;
}

/**
 * Why `name` cannot be a Python package or Django app label, or undefined.
 *
 * @public
 */
export function pythonModuleNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    return 'must be a lowercase Python identifier: letters, digits and "_", starting with a letter';
  }
  if (name.includes('__')) return 'must not contain "__"';
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
  if (PYTHON_STDLIB_MODULES.has(name)) return `"${name}" would shadow the Python standard library module of that name`;
  const installedApp = INSTALLED_APP_LABELS.get(name);
  if (installedApp) {
    return `"${name}" is taken by ${installedApp}, an app the generated project installs (Django refuses two apps with one label)`;
  }
  if (PROJECT_RESERVED_MODULES.has(name)) {
    return `"${name}" would shadow a module the generated project uses (a dependency it installs, or one of its own folders)`;
  }
  return undefined;
}

/**
 * Attributes every Django model already has: a field with one of these names would shadow a
 * manager or a method (`save`, `delete`, ...) or clash with what we add to every model.
 *
 * @public
 */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  'id', 'pk', 'objects', 'created_at', 'updated_at',
  'adelete', 'arefresh_from_db', 'asave', 'check', 'clean', 'clean_fields', 'date_error_message',
  'delete', 'from_db', 'full_clean', 'get_constraints', 'get_deferred_fields',
  'prepare_database_save', 'refresh_from_db', 'save', 'save_base', 'serializable_value',
  'unique_error_message', 'validate_constraints', 'validate_unique',
]);

/** Modules models.py imports by name: a field of that name would shadow them in the class body. */
const MODULES_MODELS_IMPORT: ReadonlySet<string> = new Set(['models', 'datetime', 'uuid']);

/**
 * Why `name` cannot be a model field, or undefined.
 *
 * @public
 */
export function fieldNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    return 'must be snake_case: lowercase letters, digits and "_", starting with a letter';
  }
  if (name.includes('__')) return 'must not contain "__" (Django uses it for lookups)';
  if (name.endsWith('_')) return 'must not end with "_" (Django refuses such field names)';
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" is a Python keyword`;
  if (RESERVED_FIELD_NAMES.has(name)) return `"${name}" is reserved: every model already has it`;
  if (MODULES_MODELS_IMPORT.has(name)) return `"${name}" is reserved: it would shadow the module "${name}" that models.py imports`;
  return undefined;
}

/** PascalCase names the generated modules import; a model of the same name would clash. */
const RESERVED_MODEL_NAMES: ReadonlySet<string> = new Set([
  'APITestCase', 'AppConfig', 'ContentFile', 'Decimal', 'Meta', 'Model', 'SimpleUploadedFile', 'None', 'True', 'False',
]);

/**
 * Why `name` cannot be a model class, or undefined.
 *
 * @public
 */
export function modelNameProblem(name: string): string | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    return 'must be PascalCase: letters and digits, starting with an uppercase letter';
  }
  if (name.length > 60) return 'must be at most 60 characters';
  if (RESERVED_MODEL_NAMES.has(name)) return `"${name}" is reserved: the generated code imports a name like it`;
  return undefined;
}

/** Generators ask for the same model names many times. */
const snakeCases = new Map<string, string>();

/**
 * `OrderItem -> order_item`.
 *
 * @public
 */
export function snakeCase(name: string): string {
  let snake = snakeCases.get(name);
  if (snake === undefined) {
    snake = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .toLowerCase();
    snakeCases.set(name, snake);
  }
  return snake;
}

/**
 * Words the inflection library gets wrong: it reads "-men" as a plural already and turns every
 * "-man" into "-men".
 */
const PLURAL_CORRECTIONS: [string, string][] = [
  ['abdomen', 'abdomens'], ['caiman', 'caimans'], ['dolmen', 'dolmens'], ['german', 'germans'],
  ['omen', 'omens'], ['ottoman', 'ottomans'], ['regimen', 'regimens'], ['shaman', 'shamans'],
  ['specimen', 'specimens'], ['stamen', 'stamens'], ['talisman', 'talismans'],
];
for (const [single, plural] of PLURAL_CORRECTIONS) pluralizeWord.addIrregularRule(single, plural);

/** The library tries hundreds of rules a word; generators ask for the same few names often. */
const plurals = new Map<string, string>();

/**
 * English plural of a lowercase snake_case name, for URL segments, verbose names and reverse
 * accessors: `shelf -> shelves`, `person -> people`, `order_item -> order_items`. Only the
 * last word changes; uncountable words (`equipment`) stay as they are.
 *
 * @public
 */
export function pluralize(name: string): string {
  let plural = plurals.get(name);
  if (plural === undefined) {
    const words = name.split('_');
    words.push(pluralizeWord.plural(words.pop()!));
    plural = words.join('_');
    plurals.set(name, plural);
  }
  return plural;
}

/**
 * The default API endpoint of a model: `OrderItem -> order-items`.
 *
 * @public
 */
export function defaultEndpoint(modelName: string): string {
  return pluralize(snakeCase(modelName)).replace(/_/g, '-');
}

/**
 * The URL segment of a model's API endpoint: lowercase letters, digits and "-".
 *
 * @public
 */
export const ENDPOINT_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/**
 * The URL segment of a model's API: the one the spec gives, else the plural of its name.
 *
 * @public
 */
export function modelEndpoint(model: { name: string; endpoint?: string }): string {
  return model.endpoint || defaultEndpoint(model.name);
}

/**
 * Where the generated project serves its models' endpoints.
 *
 * @public
 */
export const API_ROOT = '/api/';

/**
 * The path the generated API serves a model at: `/api/order-items/`.
 *
 * @public
 */
export function modelEndpointPath(model: { name: string; endpoint?: string }): string {
  return `${API_ROOT}${modelEndpoint(model)}/`;
}

/** The entity kinds that can own a catalog entity. */
const OWNER_KINDS = new Set(['group', 'user']);
/** The catalog's own rules for entity names and namespaces. */
const entityRules = makeValidator();

/**
 * Why `ref` cannot own the service's catalog entity, or undefined: it must be a group or user
 * reference (`group:default/team-a`, `user:jane`; a bare name is a group), as OwnerPicker gives.
 *
 * @public
 */
export function catalogOwnerProblem(ref: string): string | undefined {
  let parsed: { kind: string; namespace: string; name: string };
  try {
    parsed = parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' });
  } catch {
    return `"${ref}" is not an entity reference like group:default/team-a`;
  }
  if (!OWNER_KINDS.has(parsed.kind.toLocaleLowerCase('en-US'))) return `must be a group or a user, not a ${parsed.kind}`;
  if (!entityRules.isValidEntityName(parsed.name)) return `"${parsed.name}" is not a valid entity name`;
  if (!entityRules.isValidNamespace(parsed.namespace)) return `"${parsed.namespace}" is not a valid namespace`;
  return undefined;
}

/**
 * A valid catalog owner written out in full (`team-a` -> `group:default/team-a`).
 *
 * @public
 */
export function catalogOwnerRef(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' });
  return stringifyEntityRef({ kind: kind.toLocaleLowerCase('en-US'), namespace, name });
}

/**
 * A Git branch name the workflow, the manifests and the ApplicationSet can all carry safely: git's
 * own rules (no `..`, `//`, trailing `.` or `/`, `.lock` suffix), without characters that YAML or
 * a shell would read.
 *
 * @public
 */
export const GIT_BRANCH_NAME = /^(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}(?<![./])$/;
