import { type FieldDefault, type FieldInput, type FieldSpec, type ProjectSpec, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { gitopsAppDir, resolveWorkflowOptions, WORKFLOW_PATH, type WorkflowOptions } from '../ci/workflow';

/**
 * The answers a service was generated from, kept in its repository so that it can be changed
 * later from the portal: the spec (every default written out), where its workflow deploys, the
 * generator's version and the template. Rendering the same answers again gives the same files,
 * which is what an update merges against.
 */
export const ANSWERS_PATH = '.devportal/project.json';

/** The catalog annotation that points at the answers file in the repository. */
export const ANSWERS_ANNOTATION = 'dev-portal.io/project-answers';
/** The catalog annotation naming the template family a component came from (templates filter on it). */
export const GENERATOR_ANNOTATION = 'dev-portal.io/generator';

/** This generator, as the answers name it. */
export const GENERATOR = { name: '@dev-portal/plugin-scaffolder-backend-module-django-gitops', version: '0.1.0' } as const;

export interface ProjectAnswers {
  generator: { name: string; version: string };
  /** The template that created the service, e.g. `template:default/django-gitops`. */
  template?: string;
  project: ProjectSpecInput;
  workflow: WorkflowOptions;
}

export function renderAnswers(spec: ProjectSpec, workflow: WorkflowOptions, template?: string): string {
  const answers: ProjectAnswers = { generator: { ...GENERATOR }, ...(template ? { template } : {}), project: answersOf(spec), workflow };
  return `${JSON.stringify(answers, null, 2)}\n`;
}

/** Reads an answers file; throws naming what is wrong with it. */
export function parseAnswers(text: string): { answers: ProjectAnswers; spec: ProjectSpec } {
  const answers = readAnswersJson(text);
  return { answers, spec: validateProjectSpec(answers.project, `${ANSWERS_PATH} project`) };
}

function readAnswersJson(text: string): ProjectAnswers {
  let answers: ProjectAnswers;
  try {
    answers = JSON.parse(text);
  } catch (error) {
    throw new Error(`${ANSWERS_PATH} is not JSON: ${(error as Error).message}`);
  }
  if (!answers || typeof answers !== 'object' || !answers.project) throw new Error(`${ANSWERS_PATH} holds no project`);
  return answers;
}

/**
 * Where a generated service is built and deployed, as its answers file says: what the portal's
 * service page reads.
 *
 * @public
 */
export interface ServiceLayout {
  /** The project name: repository, GitOps folder, Argo CD application and namespace. */
  name: string;
  /** Whether the repository has the CI/CD workflow. */
  cicd: boolean;
  /** The branch whose pushes are built and deployed. */
  defaultBranch: string;
  /** The CI/CD workflow's file name, as the Actions API takes it. */
  workflowFile: string;
  /** The GitOps repository (`owner/repo`), the branch Argo CD watches and the app's folder. */
  gitops: { repository: string; branch: string; folder: string };
}

/**
 * The service layout of an answers file, with the generator's defaults. Only the keys it needs
 * are read: answers that a newer rule of the spec would refuse still describe a deployed service.
 * Throws naming what is wrong with the file.
 *
 * @public
 */
export function readServiceLayout(answersText: string): ServiceLayout {
  const { project, workflow } = readAnswersJson(answersText);
  if (typeof project.name !== 'string' || typeof project.owner !== 'string') {
    throw new Error(`${ANSWERS_PATH} project has no name and owner`);
  }
  const resolved = resolveWorkflowOptions(project, workflow ?? {});
  return {
    name: project.name,
    // The answers write every default out; the spec's own default is on.
    cicd: project.cicd !== false,
    defaultBranch: resolved.defaultBranch,
    workflowFile: WORKFLOW_PATH.slice(WORKFLOW_PATH.lastIndexOf('/') + 1),
    gitops: { repository: resolved.gitopsRepository, branch: resolved.gitopsBranch, folder: gitopsAppDir(project) },
  };
}

/**
 * The spec as form input with every default written out, the form's empty options left out and
 * defaults in their plain text form: validating it gives back the same spec.
 */
export function answersOf(spec: ProjectSpec): ProjectSpecInput {
  return {
    name: spec.name,
    packageName: spec.packageName,
    appName: spec.appName,
    description: spec.description,
    owner: spec.owner,
    ...(spec.catalogOwner ? { catalogOwner: spec.catalogOwner } : {}),
    registry: spec.registry,
    database: spec.database,
    access: spec.access,
    cors: spec.cors,
    cicd: spec.cicd,
    models: spec.models.map(model => ({ name: model.name, endpoint: model.endpoint, fields: model.fields.map(fieldAnswers) })),
  };
}

function fieldAnswers(field: FieldSpec): FieldInput {
  const input: FieldInput = { name: field.name, type: field.type, required: field.required, unique: field.unique };
  if (field.default !== undefined) input.default = defaultAnswer(field.default as FieldDefault);
  if (field.maxLength !== undefined) input.maxLength = field.maxLength;
  if (field.maxDigits !== undefined) input.maxDigits = field.maxDigits;
  if (field.decimalPlaces !== undefined) input.decimalPlaces = field.decimalPlaces;
  if (field.choices) input.choices = field.choices;
  if (field.helpText !== undefined) input.helpText = field.helpText;
  if (field.to) input.to = field.to;
  if (field.onDelete) input.onDelete = field.onDelete;
  return input;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A parsed default back in the text the form takes (numbers and booleans as such). */
function defaultAnswer(value: FieldDefault): string | number | boolean {
  switch (value.kind) {
    case 'str':
    case 'decimal':
    case 'uuid':
      return value.value;
    case 'int':
      return Number.isSafeInteger(Number(value.value)) ? Number(value.value) : value.value;
    case 'float':
    case 'bool':
      return value.value;
    case 'date':
      return `${value.year}-${two(value.month)}-${two(value.day)}`;
    case 'time':
      return `${two(value.hour)}:${two(value.minute)}:${two(value.second)}`;
    case 'datetime':
      return `${value.year}-${two(value.month)}-${two(value.day)}T${two(value.hour)}:${two(value.minute)}:${two(value.second)}Z`;
    case 'duration':
      return value.seconds;
    case 'callable':
      return { 'uuid.uuid4': 'uuid4', dict: '{}', list: '[]' }[value.name];
    default:
      throw new Error(`Unknown default ${JSON.stringify(value)}`);
  }
}
