import type { FieldSpec, ModelSpec, ProjectSpec } from './spec';
import type { SpecProblem } from './validate';

/**
 * The rules of changing a service's models later: what an update can do safely to a database
 * that already has rows, and what it must say out loud. The spec's own rules still apply to the
 * new spec (`validateProjectSpec`); these are about the step from the old one to the new one.
 */

/**
 * A change the update refuses, naming the field as `validateProjectSpec` does.
 *
 * @public
 */
export type ChangeProblem = SpecProblem;

/** Keys that name the deployed service or shape its data: they stay as they were. */
const FIXED_KEYS = ['name', 'packageName', 'appName', 'owner', 'database'] as const;

/** Types whose optional fields store NULL, or nothing at all, for rows that have no value. */
const NEEDS_NO_VALUE = new Set(['ManyToManyField']);

/**
 * What the update refuses: renaming what names the service, and fields the rows already in the
 * database could not fill (a required field added, or made required, without a default).
 *
 * @public
 */
export function changeProblems(before: ProjectSpec, after: ProjectSpec, root = 'project'): ChangeProblem[] {
  const problems: ChangeProblem[] = [];
  for (const key of FIXED_KEYS) {
    if (before[key] !== after[key]) {
      problems.push({ path: `${root}.${key}`, message: `cannot change in an update (was "${before[key]}"): it names the deployed service or holds its data` });
    }
  }
  after.models.forEach((model, m) => {
    const old = before.models.find(other => other.name.toLowerCase() === model.name.toLowerCase());
    if (!old) return;
    model.fields.forEach((field, f) => {
      const path = `${root}.models[${m}].fields[${f}]`;
      const previous = old.fields.find(other => other.name === field.name);
      if (!fillsExistingRows(field) && (!previous || !previous.required || previous.type !== field.type)) {
        const what = previous ? 'becomes required' : 'is added as required';
        problems.push({ path: `${path}.default`, message: `is needed: the field ${what}, and the rows ${model.name} already has would have no value; give it a default, or make it optional` });
      }
    });
  });
  return problems;
}

/** Whether the rows a table already has get a value for the field without being asked. */
function fillsExistingRows(field: FieldSpec): boolean {
  return !field.required || field.default !== undefined || NEEDS_NO_VALUE.has(field.type);
}

/**
 * What the migration of an update does to data that exists, in words for the pull request and
 * the task log: dropped columns and tables, conversions that may fail, renames that are not
 * guessed, and reverse accessors that hand-written code may use.
 *
 * @public
 */
export function changeRisks(before: ProjectSpec, after: ProjectSpec): string[] {
  const risks: string[] = [];
  const afterModels = new Map(after.models.map(model => [model.name.toLowerCase(), model]));
  for (const old of before.models) {
    const model = afterModels.get(old.name.toLowerCase());
    if (!model) {
      risks.push(`${old.name} is deleted: its table and every row in it are dropped.`);
      continue;
    }
    const removed = old.fields.filter(field => !model.fields.some(other => other.name === field.name));
    const added = model.fields.filter(field => !old.fields.some(other => other.name === field.name));
    for (const field of removed) {
      const renamedTo = added.find(other => other.type === field.type);
      risks.push(
        renamedTo
          ? `${model.name}.${field.name} is removed and ${model.name}.${renamedTo.name} added: if that is a rename, change the migration's RemoveField and AddField into RenameField to keep the data (renames are not guessed); as written, ${field.name}'s values are dropped.`
          : `${model.name}.${field.name} is removed: its values are dropped.`,
      );
    }
    for (const field of model.fields) {
      const previous = old.fields.find(other => other.name === field.name);
      if (previous) risks.push(...fieldRisks(model, previous, field));
    }
  }
  return risks;
}

function fieldRisks(model: ModelSpec, before: FieldSpec, after: FieldSpec): string[] {
  const name = `${model.name}.${after.name}`;
  const risks: string[] = [];
  if (before.type !== after.type) {
    const manyToMany = before.type === 'ManyToManyField' || after.type === 'ManyToManyField';
    risks.push(
      manyToMany
        ? `${name} changes from ${before.type} to ${after.type}: Django cannot convert between them, so the field is removed and added, and its values are dropped.`
        : `${name} changes from ${before.type} to ${after.type}: existing values are converted by the database; one that does not convert makes the migration fail.`,
    );
  }
  if (after.unique && !before.unique) risks.push(`${name} becomes unique: the migration fails if rows already share a value.`);
  if (after.maxLength !== undefined && before.maxLength !== undefined && after.maxLength < before.maxLength) {
    risks.push(`${name} gets shorter (${before.maxLength} -> ${after.maxLength}): on PostgreSQL the migration fails if a value is longer.`);
  }
  if (before.relatedName && after.relatedName && before.relatedName !== after.relatedName) {
    risks.push(`${after.to}.${before.relatedName} is now ${after.to}.${after.relatedName} (another relation to ${after.to} was added): code that used the old name must change.`);
  }
  return risks;
}
