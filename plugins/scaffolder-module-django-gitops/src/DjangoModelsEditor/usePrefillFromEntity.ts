import { useEffect, useRef, useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useDevPortalBackend } from './devPortalBackend';
import type { DraftModel } from './drafts';

/**
 * The entity each editor (by its field id) last took its models from. Outside React state on
 * purpose: the scaffolder mounts a page's fields again each time the user comes back to it, and
 * coming back must not throw away what they changed since.
 */
const loadedFrom = new Map<string, string>();

/** What became of the last attempt to load the models, for the user to read. */
export type PrefillStatus = { loaded: boolean; text: string };

/**
 * Fills the editor with the models of the service that `entityRef` names (its stored answers),
 * when the form has none yet or the user has picked another service since. A portal without the
 * answers route, or a service without answers, leaves the models to the user.
 */
export function usePrefillFromEntity(
  fieldId: string,
  entityRef: string | undefined,
  models: DraftModel[],
  onModels: (models: DraftModel[]) => void,
): PrefillStatus | undefined {
  const backend = useDevPortalBackend();
  const [status, setStatus] = useState<PrefillStatus>();
  // The form hands a new onChange on each render; the load must not start again for that.
  const latest = useRef({ onModels, models });
  latest.current = { onModels, models };

  useEffect(() => {
    if (!entityRef) return undefined;
    let entity: { kind: string; namespace: string; name: string };
    try {
      entity = parseEntityRef(entityRef, { defaultKind: 'component', defaultNamespace: 'default' });
    } catch {
      setStatus({ loaded: false, text: `"${entityRef}" names no service, so there are no models to start from.` });
      return undefined;
    }
    const ref = stringifyEntityRef(entity);
    const untouched = !latest.current.models.some(model => model.name);
    if (!untouched && loadedFrom.get(fieldId) === ref) return undefined;

    const abort = new AbortController();
    backend.serviceAnswers(entity, abort.signal).then(
      answers => {
        const stored = answers.project?.models;
        if (!Array.isArray(stored)) {
          setStatus({ loaded: false, text: `${ref} has no stored models: enter them here.` });
          return;
        }
        loadedFrom.set(fieldId, ref);
        latest.current.onModels(stored);
        setStatus({ loaded: true, text: `The models of ${ref}, as it was last generated: change them here.` });
      },
      (error: Error) => {
        if (!abort.signal.aborted) setStatus({ loaded: false, text: `Could not load the models of ${ref} (${error.message}): enter them here.` });
      },
    );
    return () => abort.abort();
  }, [backend, fieldId, entityRef]);

  return status;
}
