import { type FieldInput, type FieldOption, fieldTakes, type FieldType } from '@dev-portal/plugin-django-gitops-common';

/**
 * A field as the form holds it while the user fills it in: the spec's field, any key still
 * missing. What the editor hands the form is always the spec's own shape, never more.
 */
export type DraftField = Partial<FieldInput>;

/** A model as the form holds it while the user fills it in. */
export interface DraftModel {
  name?: string;
  endpoint?: string;
  fields?: DraftField[];
}

export function newField(): DraftField {
  return { name: '', type: 'CharField' };
}

export function newModel(): DraftModel {
  return { name: '', fields: [newField()] };
}

/** Every option a field can have beyond name, type and required. */
const OPTIONS: FieldOption[] = ['unique', 'default', 'maxLength', 'maxDigits', 'decimalPlaces', 'choices', 'to', 'onDelete'];

/** The field with another type, without the options the new type does not take. */
export function withType(field: DraftField, type: FieldType): DraftField {
  const changed: DraftField = { ...field, type };
  for (const option of OPTIONS) if (!fieldTakes(type, option)) delete changed[option];
  return changed;
}

/**
 * The draft with `key` set, or removed when the value is empty: a form's blank input means "not
 * set", and the spec leaves unset keys out.
 */
export function withValue<T extends object, K extends keyof T>(draft: T, key: K, value: T[K] | undefined): T {
  const changed = { ...draft };
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) delete changed[key];
  else changed[key] = value;
  return changed;
}

/**
 * The models with model `index` renamed. Relations that pointed at it by its old name follow it,
 * unless another model had that name too (then nobody knows which one they meant).
 */
export function withModelRenamed(models: DraftModel[], index: number, name: string): DraftModel[] {
  const oldName = models[index].name ?? '';
  const follow = oldName !== '' && models.filter(model => model.name === oldName).length === 1;
  return models.map((model, m) => {
    const pointing = follow && model.fields?.some(field => field.to === oldName);
    const followed = pointing ? { ...model, fields: model.fields!.map(field => (field.to === oldName ? { ...field, to: name } : field)) } : model;
    return m === index ? { ...followed, name } : followed;
  });
}

export function replaced<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((current, i) => (i === index ? item : current));
}

export function removed<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The items with the one at `from` moved to `to` (both in range). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [item] = result.splice(from, 1);
  result.splice(to, 0, item);
  return result;
}
