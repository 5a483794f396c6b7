import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { SANDBOX_TOKEN } from './sandbox';

/** Test support for running our actions as the scaffolder would. */

/** Integrations that point github.com at the in-process sandbox, with its token (or another). */
export const sandboxIntegrations = (token = SANDBOX_TOKEN) =>
  ScmIntegrations.fromConfig(new ConfigReader({ integrations: { github: [{ host: 'github.com', token }] } }));

/**
 * Task state that outlives one run of a step, as the scaffolder keeps it: a checkpoint that
 * succeeded is not run again when the step is retried.
 */
export function taskState() {
  const checkpoints = new Map<string, unknown>();
  return async <T>({ key, fn }: { key: string; fn: () => Promise<T> | T }): Promise<T> => {
    if (checkpoints.has(key)) return checkpoints.get(key) as T;
    const value = await fn();
    checkpoints.set(key, value);
    return value;
  };
}

export interface RecordedContext<C> {
  ctx: C;
  /** Every log line and output value, to scan for secrets. */
  transcript: () => string;
}

/**
 * A mock context whose input is unchecked JSON (as the scaffolder passes it), with a logger that
 * records every line, and any of the context's members replaced (checkpoint, signal, isDryRun).
 */
export function actionContext<C extends ActionContext<any, any>>(
  input: object,
  overrides: Partial<ActionContext<JsonObject, JsonObject>> = {},
): RecordedContext<C> {
  const lines: unknown[] = [];
  const record = (level: string) => jest.fn((...args: unknown[]) => lines.push([level, ...args]));
  const logger = { info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };
  const base = createMockActionContext({ input: input as JsonObject, workspacePath: overrides.workspacePath });
  const ctx = { ...base, logger, ...overrides } as unknown as C;
  const transcript = () => JSON.stringify([lines, jest.mocked(base.output).mock.calls]);
  return { ctx, transcript };
}

/** The value an action passed to `ctx.output(name, ...)`. */
export function outputOf(ctx: ActionContext<any, any>, name: string): unknown {
  return jest.mocked(ctx.output).mock.calls.find(([key]) => key === name)?.[1];
}
