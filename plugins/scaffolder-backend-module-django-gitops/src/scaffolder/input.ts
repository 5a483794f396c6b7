import { InputError } from '@backstage/errors';
import type { z } from 'zod/v3';

/**
 * Checks a step's input against the action's zod schema, in the handler. The scaffolder has
 * already checked it against the JSON Schema made from the same zod schema, which carries every
 * single-field rule but not the cross-field rules of a `superRefine` (JSON Schema cannot say
 * them), and a handler called directly (a test, another action) gets no check at all. The
 * schemas use no defaults or transforms (the scaffolder would not apply them): the handler goes on
 * with the input as given.
 */
export function checkInput(schema: z.ZodTypeAny, input: unknown): void {
  const result = schema.safeParse(input);
  if (result.success) return;
  const problems = result.error.issues.map(issue => `${issue.path.join('.') || 'input'}: ${issue.message}`);
  throw new InputError(problems.join('; '));
}
