import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ACTIONS } from '../actions';

/**
 * Runs one job of a generated workflow on this machine the way a GitHub runner would run its
 * steps: each `run:` script unchanged, with GitHub's bash invocation, the merged env of workflow,
 * job and step, the step's working directory, `RUNNER_TEMP`, and `GITHUB_PATH` (folders a step
 * adds there are on the PATH of the steps after it). `actions/checkout` is emulated by a shallow
 * clone from a local repository; any other action must be skipped by its `if:` or the run fails.
 */
export interface LocalRunOptions {
  /** What each `${{ expression }}` in env and inputs evaluates to, keyed by its text. */
  expressions: Record<string, string>;
  /** What each step's `if:` evaluates to, keyed by its text. */
  conditions: Record<string, boolean>;
  /** Where checkout clones each repository from: owner/repo -> git URL. */
  repositories: Record<string, string>;
  /** The runner's workspace ($GITHUB_WORKSPACE). */
  workspace: string;
  /** Variables the runner sets itself (GITHUB_REPOSITORY, GITHUB_SHA, ...) and any extra. */
  env: Record<string, string>;
}

export interface StepResult {
  name: string;
  exitCode: number;
  /** stdout and stderr, interleaved as the runner's log shows them. */
  log: string;
}

type Step = {
  name: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'working-directory'?: string;
};

/** The command GitHub runs for `shell: bash` (documented in "Workflow syntax", jobs.<id>.steps[*].shell). */
const GITHUB_BASH = ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
const CHECKOUT = `${ACTIONS.checkout.repository}@${ACTIONS.checkout.sha}`;

/** Runs the job's steps in order until one fails; returns what each step that ran did. */
export function runJobLocally(workflowText: string, jobId: string, options: LocalRunOptions): StepResult[] {
  const workflow = YAML.parse(workflowText);
  if (workflow.defaults?.run?.shell !== 'bash') throw new Error('only workflows whose run steps use bash are supported');
  const job = workflow.jobs[jobId];
  const evaluate = (text: string) => substituteExpressions(text, options.expressions);
  const results: StepResult[] = [];
  const runner = { temp: fs.mkdtempSync(path.join(options.workspace, '..', 'runner-temp-')), path: [] as string[] };
  for (const step of job.steps as Step[]) {
    if (step.if !== undefined) {
      if (!(step.if in options.conditions)) throw new Error(`no value given for the condition ${step.if}`);
      if (!options.conditions[step.if]) continue;
    }
    const result = step.uses
      ? emulateAction(step, options, evaluate)
      : runScript(step, options, runner, {
          ...evaluateAll(workflow.env, evaluate),
          ...evaluateAll(job.env, evaluate),
          ...evaluateAll(step.env, evaluate),
        });
    results.push(result);
    if (result.exitCode !== 0) break;
  }
  return results;
}

function runScript(step: Step, options: LocalRunOptions, runner: { temp: string; path: string[] }, stepEnv: Record<string, string>): StepResult {
  if (step.run!.includes('${{')) throw new Error(`step "${step.name}" interpolates an expression into its script`);
  const scriptFile = path.join(fs.mkdtempSync(path.join(options.workspace, '..', 'script-')), 'step.sh');
  fs.writeFileSync(scriptFile, step.run!);
  const outputFile = `${scriptFile}.output`;
  const pathFile = `${scriptFile}.path`;
  fs.writeFileSync(pathFile, '');
  const cwd = path.join(options.workspace, step['working-directory'] ?? '.');
  // Only what a runner provides: nothing leaks in from the developer's shell but PATH.
  const env = { PATH: process.env.PATH, GITHUB_WORKSPACE: options.workspace, CI: 'true', ...options.env };
  const run = spawnSync(GITHUB_BASH[0], [...GITHUB_BASH.slice(1), scriptFile], {
    cwd,
    env: {
      ...env,
      PATH: [...runner.path, env.PATH].join(path.delimiter),
      GITHUB_OUTPUT: outputFile,
      GITHUB_PATH: pathFile,
      RUNNER_TEMP: runner.temp,
      ...stepEnv,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // GitHub prepends what a step appends to GITHUB_PATH, for the steps after it.
  runner.path.unshift(...fs.readFileSync(pathFile, 'utf8').split('\n').filter(Boolean).reverse());
  return { name: step.name, exitCode: run.status ?? 1, log: `${run.stdout}${run.stderr}` };
}

function emulateAction(step: Step, options: LocalRunOptions, evaluate: (text: string) => string): StepResult {
  if (step.uses !== CHECKOUT) throw new Error(`step "${step.name}" uses ${step.uses}, which this runner cannot emulate`);
  const inputs = evaluateAll(step.with, evaluate);
  if (inputs['persist-credentials'] !== 'false') throw new Error('checkout must not persist credentials');
  const url = options.repositories[inputs.repository];
  if (!url) throw new Error(`no local copy of ${inputs.repository}`);
  // actions/checkout: a depth-1 fetch of the ref, checked out as a local branch.
  const clone = spawnSync('git', ['clone', '--quiet', '--depth', '1', '--no-tags', '--branch', inputs.ref, url, inputs.path], {
    cwd: options.workspace,
    env: { PATH: process.env.PATH, ...options.env },
    encoding: 'utf8',
  });
  return { name: step.name, exitCode: clone.status ?? 1, log: `${clone.stdout}${clone.stderr}` };
}

function evaluateAll(values: Record<string, unknown> | undefined, evaluate: (text: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, evaluate(String(value))]));
}

function substituteExpressions(text: string, expressions: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_match, expression: string) => {
    if (!(expression in expressions)) throw new Error(`no value given for the expression ${expression}`);
    return expressions[expression];
  });
}
