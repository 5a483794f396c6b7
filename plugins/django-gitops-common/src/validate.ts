import { z } from 'zod/v3';
import {
  catalogOwnerProblem,
  catalogOwnerRef,
  ENDPOINT_PATTERN,
  fieldNameProblem,
  modelEndpoint,
  modelNameProblem,
  pluralize,
  projectNameProblem,
  RESERVED_FIELD_NAMES,
  pythonModuleNameProblem,
  snakeCase,
} from './names';
import { parseFieldDefault } from './defaults';
import { type FieldOption, fieldNeeds, fieldTakes } from './fieldOptions';
import { PYTHON_KEYWORDS } from './python-reserved';
import { aFieldType, Choice, FieldInput, FieldSpec, FieldType, ModelSpec, ProjectSpec, ProjectSpecInput, projectSpecSchema } from './spec';
import { specProblemInWords } from './words';

/**
 * One thing wrong with a spec: where (`project.models[1].fields[3].maxLength`) and what
 * (`is required for a CharField`). The message completes a sentence that starts with the key's
 * label in the form: `specProblemInWords` writes it out.
 *
 * @public
 */
export interface SpecProblem {
  /** Where, from the spec's root. */
  path: string;
  /** What is wrong, in words. */
  message: string;
}

/**
 * Bad project input; `problems` names every offending field, the message lists them all, each
 * in words and by its path.
 *
 * @public
 */
export class ProjectSpecError extends Error {
  /** Every problem found, in the order of the spec. */
  readonly problems: SpecProblem[];
  /**
   * @param problems - what is wrong, by path
   * @param input - the spec they were found in, whose model and field names the message uses
   * @param root - where the problems' paths start
   */
  constructor(problems: SpecProblem[], input: unknown, root = 'project') {
    const lines = problems.map(p => `- ${specProblemInWords(p, input, root)} (${p.path})`);
    super(`Invalid project spec:\n${lines.join('\n')}`);
    this.name = 'ProjectSpecError';
    this.problems = problems;
  }
}

/** Built once: zod schemas are costly to build and reusable. */
const PROJECT_SPEC_SCHEMA = projectSpecSchema(z);
const MODELS_SCHEMA = PROJECT_SPEC_SCHEMA.shape.models;

const DESCRIBED_TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
};

/** Zod's issues in the validator's own words, completing the sentence the key's label starts. */
const errorMap: z.ZodErrorMap = (issue, context) => {
  switch (issue.code) {
    case 'invalid_type':
      return {
        message: issue.received === 'undefined'
          ? 'is required'
          : `must be ${DESCRIBED_TYPES[issue.expected] ?? issue.expected} (not ${DESCRIBED_TYPES[issue.received] ?? issue.received})`,
      };
    case 'invalid_enum_value':
      return { message: `must be one of ${issue.options.join(', ')} (not ${JSON.stringify(issue.received)})` };
    case 'unrecognized_keys':
      return { message: `has keys the spec does not know: ${issue.keys.join(', ')}` };
    case 'invalid_union':
      return { message: 'must be text, a number, true or false' };
    default:
      return { message: context.defaultError };
  }
};

const DEFAULT_REGISTRY = 'ghcr.io';
const GITHUB_OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;
/** Scheme and host (and port); no ",": settings read the origins as one comma-separated variable. */
const CORS_ORIGIN = /^https?:\/\/[^/\s?#,]+$/;
/** Router paths the project serves itself beside the models' endpoints. */
const RESERVED_ENDPOINTS = new Set(['schema', 'docs']);

const INTEGER_TYPES: ReadonlySet<FieldType> = new Set(['IntegerField', 'BigIntegerField', 'PositiveIntegerField']);

/**
 * Checks a project spec and resolves its defaults. Throws ProjectSpecError naming every bad
 * field; nothing downstream runs on a spec that has not passed here.
 *
 * @public
 */
export function validateProjectSpec(input: unknown, root = 'project'): ProjectSpec {
  const parsed = PROJECT_SPEC_SCHEMA.safeParse(input, { errorMap });
  if (!parsed.success) throw new ProjectSpecError(zodProblems(parsed.error, root), input, root);
  const problems: SpecProblem[] = [];
  const spec = resolveProject(parsed.data, (path, message) => problems.push({ path: formatPath(root, path), message }));
  if (problems.length > 0) throw new ProjectSpecError(problems, input, root);
  return spec;
}

/**
 * The problems of a spec's `models` alone, by the same rules and with the same paths
 * (`project.models[1]...`) as `validateProjectSpec`: what a form that edits only the models can
 * check while the rest of the spec is still being filled in.
 *
 * @public
 */
export function modelsProblems(models: unknown, root = 'project'): SpecProblem[] {
  const parsed = MODELS_SCHEMA.safeParse(models, { errorMap });
  if (!parsed.success) return zodProblems(parsed.error, `${root}.models`);
  const problems: SpecProblem[] = [];
  resolveModels(parsed.data, (path, message) => problems.push({ path: formatPath(root, path), message }));
  return problems;
}

function zodProblems(error: z.ZodError, root: string): SpecProblem[] {
  return error.issues.map(issue => ({ path: formatPath(root, issue.path), message: issue.message }));
}

type Report = (path: (string | number)[], message: string) => void;

function resolveProject(input: ProjectSpecInput, report: Report): ProjectSpec {
  const nameProblem = projectNameProblem(input.name);
  if (nameProblem) report(['name'], nameProblem);

  const packageName = input.packageName ?? input.name.replace(/-/g, '_');
  const packageProblem = pythonModuleNameProblem(packageName);
  if (packageProblem && input.packageName === undefined) report(['name'], `as a Python package name ${packageProblem}`);
  else if (packageProblem) report(['packageName'], packageProblem);

  const appProblem = pythonModuleNameProblem(input.appName);
  if (appProblem) report(['appName'], appProblem);
  else if (input.appName === packageName) report(['appName'], `must differ from the project package "${packageName}"`);

  if (!GITHUB_OWNER.test(input.owner)) {
    report(['owner'], 'must be a GitHub user or organisation name: letters, digits and single "-", at most 39');
  }
  const registry = input.registry ?? DEFAULT_REGISTRY;
  if (!REGISTRY.test(registry)) report(['registry'], 'must be a lowercase registry host, optionally with a port');
  // An empty text is what a form sends for "not chosen".
  const catalogOwner = input.catalogOwner || undefined;
  const ownerProblem = catalogOwner === undefined ? undefined : catalogOwnerProblem(catalogOwner);
  if (ownerProblem) report(['catalogOwner'], ownerProblem);

  const cors = { enabled: input.cors?.enabled ?? false, allowedOrigins: input.cors?.allowedOrigins ?? [] };
  cors.allowedOrigins.forEach((origin, i) => {
    if (!CORS_ORIGIN.test(origin)) {
      report(['cors', 'allowedOrigins', i], `"${origin}" is not an origin: scheme and host only, like https://app.example.com`);
    }
  });
  if (cors.enabled && cors.allowedOrigins.length === 0) {
    report(['cors', 'allowedOrigins'], 'must list at least one origin when CORS is enabled');
  }

  const models = resolveModels(input.models, report);

  return {
    name: input.name,
    packageName,
    appName: input.appName,
    description: input.description ?? '',
    owner: input.owner,
    ...(catalogOwner && !ownerProblem ? { catalogOwner: catalogOwnerRef(catalogOwner) } : {}),
    registry,
    database: input.database ?? 'sqlite',
    access: input.access ?? 'authenticated',
    cors,
    cicd: input.cicd ?? true,
    models,
  };
}

function resolveModels(inputs: ProjectSpecInput['models'], report: Report): ModelSpec[] {
  if (inputs.length === 0) report(['models'], 'are missing: add at least one model');
  const modelNames = new Set(inputs.map(m => m.name));
  const seenNames = new Map<string, number>();
  const seenEndpoints = new Map<string, number>();

  const models = inputs.map((input, m): ModelSpec => {
    const nameProblem = modelNameProblem(input.name);
    if (nameProblem) report(['models', m, 'name'], nameProblem);
    // Table names and URL routes are lowercase, so `Item` and `ITEM` would collide.
    const folded = input.name.toLowerCase();
    const earlier = seenNames.get(folded);
    if (earlier !== undefined) {
      report(['models', m, 'name'], `is taken by another model ("${inputs[earlier].name}"): names that differ only in case clash`);
    }
    else seenNames.set(folded, m);

    const endpoint = modelEndpoint(input);
    // The endpoint a bad name would give is that name's problem, already said.
    if (input.endpoint || !nameProblem) {
      if (!ENDPOINT_PATTERN.test(endpoint)) {
        report(['models', m, 'endpoint'], `"${endpoint}" must be lowercase letters, digits and "-"`);
      } else if (RESERVED_ENDPOINTS.has(endpoint)) {
        report(['models', m, 'endpoint'], `"${endpoint}" is reserved for the API's own pages`);
      }
      const endpointOwner = seenEndpoints.get(endpoint);
      if (endpointOwner !== undefined) report(['models', m, 'endpoint'], `"${endpoint}" is already used by ${inputs[endpointOwner].name}`);
      else seenEndpoints.set(endpoint, m);
    }

    if (input.fields.length === 0) report(['models', m, 'fields'], 'are missing: add at least one field');
    const seenFields = new Set<string>();
    const fields = input.fields.map((field, f) => {
      const path = ['models', m, 'fields', f];
      if (seenFields.has(field.name)) report([...path, 'name'], `is taken by another field of ${input.name}`);
      seenFields.add(field.name);
      return resolveField(field, input.name, modelNames, (key, message) => report([...path, key], message));
    });
    return { name: input.name, endpoint, fields };
  });

  refuseGeneratedClassNames(models, report);
  assignRelatedNames(models, report);
  refuseRequiredCycles(models, report);
  return models;
}

/** Classes the generated code defines for each model, beside the model itself. */
const GENERATED_CLASS_SUFFIXES: [string, string][] = [
  ['Serializer', 'serializer'],
  ['ViewSet', 'view set'],
  ['Admin', 'admin class'],
  ['ApiTests', 'test case'],
];

/**
 * The modules that import the models also define `<Model>Serializer`, `<Model>ViewSet`, ...: a
 * model named like one of them (`Product` and `ProductSerializer`) would be replaced by it.
 */
function refuseGeneratedClassNames(models: ModelSpec[], report: Report) {
  const generated = new Map<string, string>();
  for (const model of models) {
    for (const [suffix, what] of GENERATED_CLASS_SUFFIXES) generated.set(`${model.name}${suffix}`, `the ${what} generated for ${model.name}`);
  }
  models.forEach((model, m) => {
    const owner = generated.get(model.name);
    if (owner) report(['models', m, 'name'], `"${model.name}" is the name of ${owner}; rename one of the models`);
  });
}

/**
 * Required relations that lead back to where they started would make the first row impossible
 * to save (it needs a row that needs it); one of them has to be optional.
 */
function refuseRequiredCycles(models: ModelSpec[], report: Report) {
  const index = new Map(models.map((model, m) => [model.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    state.set(name, 'visiting');
    const m = index.get(name)!;
    models[m].fields.forEach((field, f) => {
      if (!field.required || !field.to || !index.has(field.to)) return;
      const edge = `${name}.${field.name}`;
      if (state.get(field.to) === 'visiting') {
        const cycle = [...trail.slice(trail.findIndex(e => e.startsWith(`${field.to}.`))), edge];
        report(['models', m, 'fields', f, 'required'], `closes a cycle of required relations (${cycle.join(' -> ')} -> ${field.to}); make one of them optional`);
      } else if (!state.has(field.to)) {
        visit(field.to, [...trail, edge]);
      }
    });
    state.set(name, 'done');
  };
  for (const model of models) if (!state.has(model.name)) visit(model.name, []);
}

type FieldReport = (key: string, message: string) => void;

/**
 * What a browser form sends for options left alone: an empty list, an empty text. They mean
 * "not set", exactly like a key the form left out.
 */
function withoutEmptyOptions(input: FieldInput): FieldInput {
  const { choices, to, helpText, ...rest } = input;
  return {
    ...rest,
    ...(choices && choices.length > 0 ? { choices } : {}),
    ...(to ? { to } : {}),
    ...(helpText ? { helpText } : {}),
  };
}

/** Why a type takes no `unique`, where Django's reason says more than "not possible". */
const UNIQUE_REFUSALS: Partial<Record<FieldType, string>> = {
  ForeignKey: 'makes a ForeignKey a OneToOneField: choose that type instead (Django warns otherwise, fields.W342)',
  BooleanField: 'is not possible for a BooleanField: it holds two values, so a third row could never be saved',
};

function resolveField(formInput: FieldInput, modelName: string, modelNames: Set<string>, report: FieldReport): FieldSpec {
  const input = withoutEmptyOptions(formInput);
  const type = input.type;
  const field: FieldSpec = { name: input.name, type, required: input.required ?? true, unique: input.unique ?? false };
  const nameProblem = fieldNameProblem(input.name);
  if (nameProblem) report('name', nameProblem);
  if (input.helpText !== undefined) field.helpText = input.helpText;
  const doesNotApply = (option: FieldOption) => report(option, `does not apply to ${aFieldType(type)}`);
  const requiredUnlessGiven = (option: FieldOption, how = '') => {
    if (fieldNeeds(type, option)) report(option, `is required for ${aFieldType(type)}${how}`);
  };

  if (field.unique && !fieldTakes(type, 'unique')) report('unique', UNIQUE_REFUSALS[type] ?? `is not possible for ${aFieldType(type)}`);

  if (input.maxLength !== undefined) {
    const least = leastMaxLength(type, modelName);
    if (!fieldTakes(type, 'maxLength')) doesNotApply('maxLength');
    else if (input.maxLength < least.length) report('maxLength', `must be at least ${least.length} for ${aFieldType(type)}: ${least.why}`);
    else field.maxLength = input.maxLength;
  } else {
    requiredUnlessGiven('maxLength');
  }

  if (fieldTakes(type, 'maxDigits')) {
    if (input.maxDigits === undefined) requiredUnlessGiven('maxDigits');
    else if (input.maxDigits < 1) report('maxDigits', 'must be at least 1');
    if (input.decimalPlaces === undefined) requiredUnlessGiven('decimalPlaces');
    else if (input.decimalPlaces < 0) report('decimalPlaces', 'must not be negative');
    if (input.maxDigits !== undefined && input.decimalPlaces !== undefined && input.decimalPlaces > input.maxDigits) {
      report('decimalPlaces', `(${input.decimalPlaces}) must not exceed the max digits (${input.maxDigits})`);
    }
    field.maxDigits = input.maxDigits;
    field.decimalPlaces = input.decimalPlaces;
  } else {
    if (input.maxDigits !== undefined) doesNotApply('maxDigits');
    if (input.decimalPlaces !== undefined) doesNotApply('decimalPlaces');
  }

  if (fieldTakes(type, 'to')) {
    const target = input.to === 'self' ? modelName : input.to;
    if (!target) requiredUnlessGiven('to', ': choose the model it points to');
    else if (!modelNames.has(target)) report('to', `"${target}" is not a model of this project`);
    else field.to = target;
  } else if (input.to !== undefined) {
    doesNotApply('to');
  }
  if (fieldTakes(type, 'onDelete')) {
    field.onDelete = input.onDelete ?? 'CASCADE';
    if (field.onDelete === 'SET_NULL' && field.required) {
      report('onDelete', 'SET_NULL needs the field to be optional ("required: false"): the column must allow null');
    }
  } else if (input.onDelete !== undefined) {
    doesNotApply('onDelete');
  }

  if (input.choices !== undefined) {
    if (!fieldTakes(type, 'choices')) report('choices', `do not apply to ${aFieldType(type)}`);
    else field.choices = resolveChoices(input.choices, field, report);
  }

  // A blank form input means "no default", whatever the type.
  if (input.default === undefined || input.default === null || input.default === '') return field;
  if (!fieldTakes(type, 'default')) {
    report('default', `is not possible for ${aFieldType(type)}`);
    return field;
  }
  const parsed = parseFieldDefault(field, input.default);
  if ('problem' in parsed) {
    report('default', parsed.problem);
    return field;
  }
  field.default = parsed.value;
  // Every row would get the same value, so the second one could not be saved.
  const newPerRow = parsed.value.kind === 'callable' && parsed.value.name === 'uuid.uuid4';
  if (field.unique && !newPerRow) {
    report('default', 'cannot be fixed on a unique field: every row would get the same value (a UUIDField can default to "uuid4", new per row)');
  }
  return field;
}

/**
 * The smallest maxLength that leaves room for a valid value: `a@b.io`, `https://a.io`, and for
 * uploads the folder (`upload_to`, named after the model) plus a file name Django can shorten.
 */
function leastMaxLength(type: FieldType, modelName: string): { length: number; why: string } {
  switch (type) {
    case 'EmailField':
      return { length: 6, why: 'no shorter email address is valid ("a@b.io")' };
    case 'URLField':
      return { length: 12, why: 'no shorter http(s) URL is valid ("https://a.io")' };
    case 'FileField':
    case 'ImageField': {
      const folder = `${pluralize(snakeCase(modelName))}/`;
      return { length: Math.max(60, folder.length + 30), why: `room for the upload folder "${folder}" and a file name` };
    }
    default:
      return { length: 1, why: 'an empty text is no value' };
  }
}

function resolveChoices(input: Choice[], field: FieldSpec, report: FieldReport): Choice[] {
  // Forms send every value as text; integer fields store numbers.
  const choices = INTEGER_TYPES.has(field.type)
    ? input.map(c => (typeof c.value === 'string' && /^-?\d+$/.test(c.value) ? { ...c, value: Number(c.value) } : c))
    : input;
  const seen = new Set<string | number>();
  choices.forEach(({ value }, i) => {
    const which = `(choice ${i + 1}: ${JSON.stringify(value)})`;
    if (seen.has(value)) report('choices', `have the value ${JSON.stringify(value)} twice`);
    seen.add(value);
    if (INTEGER_TYPES.has(field.type)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) report('choices', `must be whole numbers for ${aFieldType(field.type)} ${which}`);
      else if (field.type === 'PositiveIntegerField' && value < 0) report('choices', `must not be negative for a PositiveIntegerField ${which}`);
    } else if (typeof value !== 'string' || value === '') {
      report('choices', `must be non-empty text for ${aFieldType(field.type)} ${which}`);
    } else if (field.maxLength !== undefined && value.length > field.maxLength) {
      report('choices', `must fit the max length (${field.maxLength}) ${which}`);
    }
  });
  return choices;
}

/**
 * Gives each relation an explicit, readable reverse accessor (`category.products`) and refuses
 * specs where two accessors, or an accessor and a field or an attribute every model has
 * (`objects`, `save`, ...), would share a name on the target (Django's fields.E302-E305), or
 * where the accessor would be a Python keyword (`Class` one-to-one gives `class`).
 */
function assignRelatedNames(models: ModelSpec[], report: Report) {
  const byName = new Map(models.map(model => [model.name, model]));
  const taken = new Map<string, Map<string, string>>(
    models.map(model => [
      model.name,
      new Map(model.fields.map(f => [f.name, `its field "${f.name}"`])),
    ]),
  );
  models.forEach((model, m) => {
    model.fields.forEach((field, f) => {
      if (!field.to || !byName.has(field.to)) return;
      // Django gives a symmetrical self M2M no reverse accessor.
      if (field.type === 'ManyToManyField' && field.to === model.name) return;
      const sameTarget = model.fields.filter(other => other.to === field.to).length;
      const base = field.type === 'OneToOneField' ? snakeCase(model.name) : pluralize(snakeCase(model.name));
      const relatedName = sameTarget > 1 || field.to === model.name ? `${field.name}_${base}` : base;
      // The key's label ("related model") starts the sentence.
      const refuse = (why: string) => report(['models', m, 'fields', f, 'to'], `${field.to} would get the reverse accessor "${relatedName}", ${why}`);
      if (PYTHON_KEYWORDS.has(relatedName)) {
        refuse(`a Python keyword; rename ${model.name}`);
        return;
      }
      if (RESERVED_FIELD_NAMES.has(relatedName)) {
        refuse(`which would replace the "${relatedName}" every model has; rename ${model.name}`);
        return;
      }
      const names = taken.get(field.to)!;
      const holder = names.get(relatedName);
      if (holder) {
        refuse(`which clashes with ${holder}; rename one of them`);
        return;
      }
      names.set(relatedName, `the reverse accessor of ${model.name}.${field.name}`);
      field.relatedName = relatedName;
    });
  });
}

function formatPath(root: string, path: (string | number)[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${key}`), root);
}
