/**
 * The Django GitOps project spec, shared by the scaffolder actions (which trust nothing the
 * browser says) and the form (which explains the same rules while the user types): its types,
 * defaults, name rules and the one validator. Browser-safe: no Node.js modules.
 *
 * @packageDocumentation
 */
export {
  API_ACCESS_LEVELS,
  type ApiAccess,
  type Choice,
  DATABASES,
  type Database,
  FIELD_TYPES,
  type FieldInput,
  type FieldSpec,
  type FieldType,
  type ModelSpec,
  ON_DELETE_ACTIONS,
  type OnDelete,
  type ProjectSpec,
  type ProjectSpecInput,
  projectSpecSchema,
  RELATION_TYPES,
  usesFieldType,
  usesUploads,
} from './spec';
export { modelsProblems, ProjectSpecError, type SpecProblem, validateProjectSpec } from './validate';
export { specProblemInWords, specProblemPlace, type SpecProblemPlace } from './words';
export { type FieldOption, fieldNeeds, fieldTakes } from './fieldOptions';
export {
  defaultEndpoint,
  DNS_LABEL,
  ENDPOINT_PATTERN,
  fieldNameProblem,
  GIT_BRANCH_NAME,
  modelEndpointPath,
  modelNameProblem,
  pluralize,
  PROJECT_NAME_MAX_LENGTH,
  projectNameProblem,
  pythonModuleNameProblem,
  RESERVED_FIELD_NAMES,
  RESERVED_NAMESPACES,
  snakeCase,
} from './names';
export type { FieldDefault } from './defaults';
export { type ChangeProblem, changeProblems, changeRisks } from './change';
export { EXAMPLE_SPECS, everyFieldSpec, inventorySpec, postgresSpec, relationsSpec } from './examples';
