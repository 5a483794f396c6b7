import { parseEntityRef } from '@backstage/catalog-model';
import type { DraftModel } from './drafts';

/**
 * The service whose stored answers the models start from: the entity ref held by the sibling
 * field that `ui:options.prefillFrom` names (an `EntityPicker`), read from the whole form's
 * answers; undefined while none is picked or the option is not set.
 */
export function prefillEntityRef(prefillFrom: string | undefined, answers: Record<string, unknown>): string | undefined {
  const ref = prefillFrom ? answers[prefillFrom] : undefined;
  return typeof ref === 'string' && ref ? ref : undefined;
}

/** The `component:namespace/name` parts the answers route takes; throws in words on a malformed ref. */
export function serviceOf(entityRef: string): { namespace: string; name: string } {
  const { namespace, name } = parseEntityRef(entityRef, { defaultKind: 'component', defaultNamespace: 'default' });
  return { namespace, name };
}

/**
 * The models of a service's stored answers (`project.models` of `.devportal/project.json`, as the
 * answers route returns it); throws in words when there are none to start from.
 */
export function storedModels(entityRef: string, answers: Record<string, unknown> | undefined): DraftModel[] {
  if (!answers) throw new Error(`${entityRef} has no stored answers in its repository`);
  const models = (answers.project as { models?: unknown } | undefined)?.models;
  if (!Array.isArray(models) || models.length === 0) throw new Error(`the stored answers of ${entityRef} hold no models`);
  return models as DraftModel[];
}

/**
 * Whether the stored models, just read, replace what the field holds: only a field with nothing
 * typed in (the form starts it with a blank model, to reach `minItems`), or models the field itself
 * filled in earlier (from another service) and nobody has changed since. Anything else is the
 * user's work, which is never overwritten without being asked.
 */
export function shouldPrefill(current: DraftModel[], stored: DraftModel[], lastFilled: DraftModel[] | undefined): boolean {
  if (current.every(isBlank)) return true;
  if (sameModels(current, stored)) return false;
  return lastFilled !== undefined && sameModels(current, lastFilled);
}

/** A model with no name, no endpoint and only nameless fields: nothing typed in yet. */
function isBlank(model: DraftModel): boolean {
  return !model.name && !model.endpoint && (model.fields ?? []).every(field => !field.name);
}

/**
 * The same models, as the form holds them: whatever the order of each object's keys (the form puts
 * its defaults first), an empty list (the form's default `choices: []`) the same as none.
 */
export function sameModels(a: DraftModel[], b: DraftModel[]): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .filter(key => !(Array.isArray(item[key]) && item[key].length === 0))
            .map(key => [key, item[key]]),
        )
      : item,
  );
}
