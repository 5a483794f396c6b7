import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_CICD_SPECS, EXAMPLE_WORKFLOWS } from './__testUtils__/exampleWorkflows';
import { DEPENDABOT_PATH, generateDependabotConfig } from './dependabot';
import { JOB_IDS, WORKFLOW_PATH } from './workflow';

/*
 * Every example workflow through the field's own checkers: GitHub's workflow parser, actionlint
 * (with shellcheck on each run: script) and zizmor, which also audits the Dependabot config. Each
 * example sits in a repository folder of its own, as `.github/workflows/ci-cd.yml` and
 * `.github/dependabot.yml`, where the tools expect them.
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
  for (const [name, spec] of EXAMPLE_CICD_SPECS) fs.writeFileSync(path.join(workDir, name, DEPENDABOT_PATH), generateDependabotConfig(spec));
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
  const zizmor = (name: string, persona: string, files = [workflowFile(name)]) => {
    const result = run('zizmor', ['--offline', '--no-config', `--persona=${persona}`, '--format=json', ...files]);
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
      // A registry other than GHCR needs its own credentials in the build job, which also runs for
      // pull requests (building without pushing) and so cannot sit in the deploy environment, whose
      // branch policy admits the default branch only. The login step runs on the default branch only.
      ...(name === 'otherRegistry' ? [`secrets-outside-env at jobs.${JOB_IDS.build}`, `secrets-outside-env at jobs.${JOB_IDS.build}`] : []),
      // The throwaway test database follows the official image's major-version tag (and its
      // security patches); a digest pin would need a bot to move it. Nothing it runs ships.
      ...(name === 'postgres' ? [`unpinned-images at jobs.${JOB_IDS.test}.services.postgres.image`] : []),
    ];
    expect(zizmor(name, 'auditor').sort()).toEqual(accepted.sort());
  });

  it.each(EXAMPLE_WORKFLOWS.map(([name]) => name))('finds nothing in the Dependabot config of the %s example (auditor persona)', name => {
    expect(zizmor(name, 'auditor', [path.join(workDir, name, DEPENDABOT_PATH)])).toEqual([]);
  });

  it('audits Dependabot configs: one without a cooldown is reported', () => {
    const file = path.join(workDir, 'no-cooldown', DEPENDABOT_PATH);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n');
    expect(zizmor('no-cooldown', 'auditor', [file])).toEqual(['dependabot-cooldown at updates.0.package-ecosystem']);
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
