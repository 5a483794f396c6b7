import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_WORKFLOWS } from './__testUtils__/exampleWorkflows';
import { JOB_IDS, WORKFLOW_PATH } from './workflow';

/*
 * Every example workflow through the field's own checkers: GitHub's workflow parser, actionlint
 * (with shellcheck on each run: script) and zizmor. Each workflow sits in a repository folder of
 * its own, as `.github/workflows/ci-cd.yml`, where the tools expect it.
 */

const REPO_ROOT = path.resolve(__dirname, '../../../..');
/** Workflows each checker must find fault with: proof that a clean result means clean. */
const BAD_WORKFLOWS = {
  /** Not a valid workflow: a misspelt key. */
  invalid: `on: push
jobs:
  build:
    runs_on: ubuntu-24.04
    steps:
      - run: make
`,
  /** Valid, but unsafe: default permissions, an unpinned action, a checkout that keeps its token, untrusted input in a script. */
  unsafe: `on: issues
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "\${{ github.event.issue.title }}" $UNQUOTED
`,
};

let toolsBin: string;
let workDir: string;
const workflowFile = (name: string) => path.join(workDir, name, WORKFLOW_PATH);

beforeAll(() => {
  // Installs the pinned linters on first use; later runs find them cached under .cache/.
  toolsBin = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/ci-tools/workflow-linters.sh')], { encoding: 'utf8' }).trim();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-lint-'));
  for (const [name, text] of [...EXAMPLE_WORKFLOWS, ...Object.entries(BAD_WORKFLOWS)]) {
    fs.mkdirSync(path.dirname(workflowFile(name)), { recursive: true });
    fs.writeFileSync(workflowFile(name), text);
  }
}, 300_000);

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd: workDir,
    env: { ...process.env, PATH: `${toolsBin}:${process.env.PATH}`, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('@actions/workflow-parser', () => {
  const parse = (names: string[]) => {
    const result = run('node', [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, '__testUtils__', 'parseWorkflows.mjs'),
      ...names.map(workflowFile),
    ]);
    return JSON.parse(result.stdout) as Record<string, { errors: string[]; jobs: string[] }>;
  };

  it('parses every example workflow, all three jobs, with no error', () => {
    const report = parse(EXAMPLE_WORKFLOWS.map(([name]) => name));
    for (const [name] of EXAMPLE_WORKFLOWS) {
      expect(report[workflowFile(name)]).toEqual({ errors: [], jobs: [JOB_IDS.test, JOB_IDS.build, JOB_IDS.updateGitops] });
    }
  });

  it('reports the errors of an invalid workflow', () => {
    expect(parse(['invalid'])[workflowFile('invalid')].errors).toEqual(
      expect.arrayContaining([expect.stringContaining("Unexpected value 'runs_on'")]),
    );
  });
});

describe('actionlint 1.7.12 with shellcheck 0.11.0', () => {
  it('finds nothing in any example workflow', () => {
    const result = run('actionlint', ['-no-color', ...EXAMPLE_WORKFLOWS.map(([name]) => workflowFile(name))]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('reports schema errors, expression injection and shellcheck findings in bad workflows', () => {
    const result = run('actionlint', ['-no-color', workflowFile('invalid'), workflowFile('unsafe')]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('[syntax-check]');
    expect(result.stdout).toContain('[expression]');
    expect(result.stdout).toContain('shellcheck reported issue');
  });
});

describe('zizmor 1.32.0 (offline)', () => {
  type Finding = { ident: string; locations: { symbolic: { kind: string; route: { route: Record<string, string | number>[] } } }[] };
  /** Each finding as "<audit> at <path in the YAML>" (the route of its primary location). */
  const zizmor = (name: string, persona: string) => {
    const result = run('zizmor', ['--offline', '--no-config', `--persona=${persona}`, '--format=json', workflowFile(name)]);
    return (JSON.parse(result.stdout) as Finding[]).map(finding => {
      const primary = finding.locations.find(location => location.symbolic.kind === 'Primary')!;
      return `${finding.ident} at ${primary.symbolic.route.route.map(step => Object.values(step)[0]).join('.')}`;
    });
  };

  it.each(EXAMPLE_WORKFLOWS.map(([name]) => name))('finds nothing in the %s workflow (default persona)', name => {
    expect(zizmor(name, 'regular')).toEqual([]);
  });

  it.each(EXAMPLE_WORKFLOWS.map(([name]) => name))('finds only the accepted findings in the %s workflow (auditor persona)', name => {
    const accepted = [
      // The update job reads PAT_TOKEN / the App key as repository (or organisation) secrets: the
      // portal sets PAT_TOKEN at creation, where no deployment environment exists, and
      // environments are not available to private repositories on every GitHub plan. The job
      // already runs only for the default branch and holds no GITHUB_TOKEN permission.
      `secrets-outside-env at jobs.${JOB_IDS.updateGitops}`,
      `secrets-outside-env at jobs.${JOB_IDS.updateGitops}`,
      `secrets-outside-env at jobs.${JOB_IDS.updateGitops}`,
      `secrets-outside-env at jobs.${JOB_IDS.updateGitops}`,
      // The throwaway test database follows the official image's major-version tag (and its
      // security patches); a digest pin would need a bot to move it. Nothing it runs ships.
      // Same reason for the credentials of a registry other than GHCR (GITHUB_TOKEN cannot log in there).
      ...(name === 'otherRegistry' ? [`secrets-outside-env at jobs.${JOB_IDS.build}`, `secrets-outside-env at jobs.${JOB_IDS.build}`] : []),
      ...(name === 'postgres' ? [`unpinned-images at jobs.${JOB_IDS.test}.services.postgres.image`] : []),
    ];
    expect(zizmor(name, 'auditor').sort()).toEqual(accepted.sort());
  });

  it('reports default permissions, an unpinned action, a persisted token and template injection in an unsafe workflow', () => {
    expect(zizmor('unsafe', 'regular')).toEqual([
      'artipacked at jobs.greet.steps.0',
      'excessive-permissions at jobs.greet',
      'template-injection at jobs.greet.steps.1.run',
      'unpinned-uses at jobs.greet.steps.0.uses',
    ]);
  });
});
