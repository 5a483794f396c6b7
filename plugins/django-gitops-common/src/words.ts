import type { SpecProblem } from './validate';

/**
 * How the form labels each key of the spec. Every message of the validator completes the
 * sentence its key's label starts ("max length" + "is required for a CharField"); a key with an
 * empty label has messages that stand alone ("closes a cycle of required relations").
 */
const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  type: 'type',
  required: '',
  unique: 'unique',
  default: 'default',
  maxLength: 'max length',
  maxDigits: 'max digits',
  decimalPlaces: 'decimal places',
  choices: 'choices',
  helpText: 'help text',
  to: 'related model',
  onDelete: 'on delete',
};
const MODEL_LABELS: Record<string, string> = { name: 'name', endpoint: 'API endpoint', fields: 'fields' };
const PROJECT_LABELS: Record<string, string> = {
  '': 'the project',
  name: 'project name',
  packageName: 'Python package name',
  appName: 'Django app name',
  description: 'description',
  owner: 'GitHub owner',
  catalogOwner: 'catalog owner',
  registry: 'image registry',
  database: 'database',
  access: 'API access',
  cors: 'CORS',
  'cors.enabled': 'CORS',
  'cors.allowedOrigins': 'allowed origins',
  cicd: 'CI/CD',
  models: 'models',
};

/**
 * Where a problem of the spec is: the model and field it is in (by index), and the keys inside
 * them (`['maxLength']`, `['choices', 0, 'value']`; for the project itself, `['cors', 'enabled']`).
 *
 * @public
 */
export interface SpecProblemPlace {
  /** The index of the model the problem is in, if it is in one. */
  model?: number;
  /** The index of the field in that model, if it is in one. */
  field?: number;
  /** The path inside the project, model or field: a key, then any deeper keys and indexes. */
  keys: (string | number)[];
}

/**
 * Where `problem` is, read from its path (`project.models[1].fields[3].maxLength` is field 3 of
 * model 1, key `maxLength`); `root` is where the path starts.
 *
 * @public
 */
export function specProblemPlace(problem: SpecProblem, root = 'project'): SpecProblemPlace {
  const path = problem.path.startsWith(root) ? pathSegments(problem.path.slice(root.length)) : [];
  const [first, model, second, field, ...rest] = path;
  if (first !== 'models' || typeof model !== 'number') return { keys: path };
  if (second !== 'fields' || typeof field !== 'number') return { model, keys: path.slice(2) };
  return { model, field, keys: rest };
}

/**
 * A problem of the validator in the words of the form, naming the model and the field by the
 * names they were given: `project.models[1].fields[3].maxLength` with "is required for a
 * CharField" becomes "Book.title: max length is required for a CharField". `input` is the spec
 * the problem was found in (at least its `models`); `root` is where its paths start.
 *
 * @public
 */
export function specProblemInWords(problem: SpecProblem, input: unknown, root = 'project'): string {
  const { model, field, keys } = specProblemPlace(problem, root);
  if (model === undefined) {
    const named = keys.filter((key): key is string => typeof key === 'string').join('.');
    return capitalize([PROJECT_LABELS[named] ?? named, problem.message].filter(Boolean).join(' '));
  }
  const modelInput = itemOf(propertyOf(input, 'models'), model);
  const modelName = textOf(propertyOf(modelInput, 'name')) || `Model ${model + 1}`;
  if (field === undefined) return sentence(modelName, labelOf(MODEL_LABELS, keys), problem.message);
  const fieldName = textOf(propertyOf(itemOf(propertyOf(modelInput, 'fields'), field), 'name'));
  return sentence(fieldName ? `${modelName}.${fieldName}` : `${modelName}, field ${field + 1}`, labelOf(FIELD_LABELS, keys), problem.message);
}

function sentence(subject: string, label: string, message: string): string {
  return `${subject}: ${[label, message].filter(Boolean).join(' ')}`;
}

/** The label of a key, followed by where inside it (`choices 2 value`) when the path goes deeper. */
function labelOf(labels: Record<string, string>, [key, ...inside]: (string | number)[]): string {
  if (key === undefined) return '';
  const label = labels[String(key)] ?? String(key);
  return [label, ...inside.map(step => (typeof step === 'number' ? String(step + 1) : step))].filter(Boolean).join(' ');
}

/** `.models[1].fields[3].maxLength` -> `['models', 1, 'fields', 3, 'maxLength']`. */
function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) => (index === undefined ? key : Number(index)));
}

function propertyOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function itemOf(value: unknown, index: number): unknown {
  return Array.isArray(value) ? value[index] : undefined;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
