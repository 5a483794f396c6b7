import { modelsProblems, specProblemInWords, specProblemPlace } from '@dev-portal/plugin-django-gitops-common';
import type { DraftModel } from './drafts';

/** A problem of the models, where the editor shows it, in the words it shows. */
export interface ShownProblem {
  model?: number;
  field?: number;
  /** The option it is about (`maxLength`), to mark that input. */
  key?: string;
  words: string;
}

/** The shared validator's problems with the models, placed and worded for the editor. */
export function modelProblems(models: DraftModel[]): ShownProblem[] {
  return modelsProblems(models).map(problem => {
    const { model, field, keys } = specProblemPlace(problem);
    return { model, field, key: typeof keys[0] === 'string' ? keys[0] : undefined, words: specProblemInWords(problem, { models }) };
  });
}
