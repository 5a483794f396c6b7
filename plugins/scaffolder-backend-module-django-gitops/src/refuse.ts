import { InputError } from '@backstage/errors';

/**
 * Refuses bad input, naming the field so the person filling the form knows what to fix. The
 * scaffolder shows an InputError's message as it is.
 */
export function refuse(field: string, problem: string): never {
  throw new InputError(`${field}: ${problem}`);
}
