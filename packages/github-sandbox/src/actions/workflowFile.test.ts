import { parseWorkflow, runsOnPushTo, skipsCi } from './workflowFile';

const workflow = (on: string) => parseWorkflow('.github/workflows/ci.yml', `on: ${on}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo hi }]\n`);

describe('workflow files', () => {
  it.each([
    ['push', 'main', true],
    ['[push, pull_request]', 'main', true],
    ['pull_request', 'main', false],
    ['[workflow_dispatch]', 'main', false],
    ['{ push: }', 'main', true],
    ['{ push: { branches: [main] } }', 'main', true],
    ['{ push: { branches: [main] } }', 'develop', false],
    ["{ push: { branches: ['release/*'] } }", 'release/1', true],
    ["{ push: { branches: ['release/*'] } }", 'release/1/hotfix', false],
    ["{ push: { branches: ['release/**'] } }", 'release/1/hotfix', true],
    ["{ push: { branches: ['**', '!main'] } }", 'main', false],
    ['{ push: { branches-ignore: [main] } }', 'main', false],
    ['{ push: { branches-ignore: [main] } }', 'dev', true],
    ["{ push: { tags: ['v*'] } }", 'main', false],
    ['{ push: { paths: [src/**] } }', 'main', true],
  ])('on: %s, push to %s -> runs: %s', (on, branch, expected) => {
    expect(runsOnPushTo(workflow(on), branch)).toBe(expected);
  });

  it('names jobs and steps as GitHub shows them, in needs order', () => {
    const parsed = parseWorkflow(
      '.github/workflows/ci-cd.yml',
      `name: CI/CD
on: push
jobs:
  update:
    needs: [build]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
  build:
    name: Build and push
    needs: test
    runs-on: [ubuntu-latest, x64]
    steps:
      - name: Log in to GHCR
        uses: docker/login-action@v3
  test:
    runs-on: ubuntu-latest
    steps:
      - run: |
          python manage.py test
          echo done
`,
    );
    expect(parsed.name).toBe('CI/CD');
    expect(parsed.jobs.map(job => [job.id, job.name, job.needs, job.labels])).toEqual([
      ['test', 'test', [], ['ubuntu-latest']],
      ['build', 'Build and push', ['test'], ['ubuntu-latest', 'x64']],
      ['update', 'update', ['build'], ['ubuntu-latest']],
    ]);
    expect(parsed.jobs.map(job => job.steps)).toEqual([
      ['Set up job', 'Run python manage.py test', 'Complete job'],
      ['Set up job', 'Log in to GHCR', 'Complete job'],
      ['Set up job', 'Run actions/checkout@v4', 'Complete job'],
    ]);
  });

  it('marks files GitHub could not load', () => {
    expect(parseWorkflow('w.yml', 'on: push\njobs: [').valid).toBe(false);
    expect(parseWorkflow('w.yml', 'on: push\n').valid).toBe(false);
  });

  it('recognises every skip marker', () => {
    for (const marker of ['[skip ci]', '[ci skip]', '[no ci]', '[skip actions]', '[actions skip]', '[SKIP CI]']) {
      expect(skipsCi(`chore: bump ${marker}`)).toBe(true);
    }
    expect(skipsCi('skip ci')).toBe(false);
  });
});
