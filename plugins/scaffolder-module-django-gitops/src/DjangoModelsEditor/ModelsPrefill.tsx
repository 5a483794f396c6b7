import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { DraftModel } from './drafts';
import { sameModels, serviceOf, shouldPrefill, storedModels } from './prefill';
import { useDevPortalApi } from './useDevPortalApi';

/** The stored models of the picked service, or why they cannot be read. */
type Stored = { entityRef: string; models: DraftModel[] } | { entityRef: string; error: string };

/**
 * The models of `entityRef`'s stored answers (the dev-portal backend's answers route), put into
 * the field when it is empty or holds only what an earlier pre-fill put there: never over the
 * user's edits. Returns what was read, for {@link PrefillNote}.
 */
export function useModelsPrefill(
  entityRef: string | undefined,
  models: DraftModel[],
  onChange: (models: DraftModel[]) => void,
): Stored | undefined {
  const api = useDevPortalApi();
  const [stored, setStored] = useState<Stored>();
  useEffect(() => {
    setStored(undefined);
    if (!entityRef) return undefined;
    // Another service picked meanwhile: its answers replace these.
    let current = true;
    (async () => storedModels(entityRef, await api.getServiceAnswers(serviceOf(entityRef))))().then(
      read => current && setStored({ entityRef, models: read }),
      (error: Error) => current && setStored({ entityRef, error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [api, entityRef]);

  // Read once per answer, with the models and the form's callback of that moment.
  const latest = useRef({ models, onChange });
  latest.current = { models, onChange };
  const lastFilled = useRef<DraftModel[]>();
  useEffect(() => {
    if (!stored || !('models' in stored)) return;
    if (shouldPrefill(latest.current.models, stored.models, lastFilled.current)) {
      lastFilled.current = stored.models;
      latest.current.onChange(stored.models);
    }
  }, [stored]);
  return stored;
}

export interface PrefillNoteProps {
  /** The picked service's entity ref; undefined while none is picked. */
  entityRef?: string;
  stored?: Stored;
  models: DraftModel[];
  /** Replaces the models with the stored ones, on the user's request. */
  onReplace: (models: DraftModel[]) => void;
}

/** One line saying where the models came from, or why the stored ones cannot be read. */
export function PrefillNote({ entityRef, stored, models, onReplace }: PrefillNoteProps) {
  const note = (text: string) => (
    <Typography variant="body2" role="status" paragraph>
      {text}
    </Typography>
  );
  if (!entityRef) return note('Pick the service first: its stored models will appear here.');
  if (!stored || stored.entityRef !== entityRef) return note(`Reading the stored models of ${entityRef}…`);
  if ('error' in stored) return note(`The stored models cannot be read: ${stored.error}. Enter the models by hand.`);
  if (sameModels(models, stored.models)) {
    return note(`Pre-filled from the stored answers of ${entityRef} (.devportal/project.json in its repository).`);
  }
  return (
    <Typography variant="body2" role="status" paragraph>
      These models differ from the stored answers of {entityRef}, and are kept as they are.{' '}
      <Button size="small" variant="outlined" onClick={() => onReplace(stored.models)}>
        Start again from the stored models
      </Button>
    </Typography>
  );
}
