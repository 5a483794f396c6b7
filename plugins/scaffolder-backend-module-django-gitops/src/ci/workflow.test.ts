import { InputError } from '@backstage/errors';
import YAML from 'yaml';
import { PYTHON_VERSION } from '../project/constants';
import { EXAMPLE_SPECS, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { ACTIONS } from './actions';
import { EXAMPLE_CICD_SPECS, EXAMPLE_WORKFLOWS } from './__testUtils__/exampleWorkflows';
import fs from 'node:fs';
import path from 'node:path';
import { KUSTOMIZE_RELEASE } from './updateGitopsScript';
import { generateWorkflow, JOB_IDS, LINTERS } from './workflow';

type Step = { name: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { name: string; needs?: string; if?: string; permissions: Record<string, string>; env?: Record<string, string>; services?: Record<string, any>; outputs?: Record<string, string>; steps: Step[] };

const inventory = validateProjectSpec(EXAMPLE_SPECS.inventory);
const postgres = validateProjectSpec(EXAMPLE_SPECS.postgres);
const parse = (text: string) => YAML.parse(text) as { on: any; concurrency: any; permissions: any; env: any; jobs: Record<string, Job> };
const jobsOf = (text: string) => parse(text).jobs;
const stepNamed = (job: Job, name: string) => job.steps.find(step => step.name === name)!;

describe.each(EXAMPLE_WORKFLOWS)('the workflow of the %s example', (_name, text) => {
  const workflow = parse(text);

  it('chains test -> build-and-push -> update-gitops', () => {
    expect(Object.entries(workflow.jobs).map(([id, job]) => [id, job.needs])).toEqual([
      [JOB_IDS.test, undefined],
      [JOB_IDS.build, JOB_IDS.test],
      [JOB_IDS.updateGitops, JOB_IDS.build],
    ]);
  });

  it('interpolates no expression into any run: script (values come through env)', () => {
    const scripts = Object.values(workflow.jobs).flatMap(job => job.steps.flatMap(step => step.run ?? []));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).not.toContain('${{');
  });

  it('grants write permissions to no job but build-and-push, and read-only contents by default', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions).includes('write'));
    expect(writers.map(([id]) => id)).toEqual(text.includes('registry.example.com') ? [] : [JOB_IDS.build]);
    expect(workflow.jobs[JOB_IDS.updateGitops].permissions).toEqual({});
  });

  it('pins every action to a full commit SHA of the table, its release beside it', () => {
    const usesLines = text.split('\n').filter(line => /^\s*(- )?uses:/.test(line));
    const pinned = Object.values(ACTIONS).map(action => `uses: ${action.repository}@${action.sha} # ${action.version}`);
    expect(usesLines.length).toBeGreaterThan(0);
    for (const line of usesLines) expect(pinned).toContain(line.trim().replace(/^- /, ''));
  });

  it('never leaves a token in a checkout', () => {
    const checkouts = Object.values(workflow.jobs).flatMap(job => job.steps).filter(step => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(3);
    for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
  });
});

describe('triggers and concurrency', () => {
  it('runs on pushes to and pull requests into the default branch, and by hand', () => {
    expect(parse(generateWorkflow(inventory, { defaultBranch: 'trunk' })).on).toEqual({
      push: { branches: ['trunk'] },
      pull_request: { branches: ['trunk'] },
      workflow_dispatch: {},
    });
  });

  it('queues the runs of one branch so tag bumps land in push order, cancelling only on pull requests', () => {
    expect(parse(generateWorkflow(inventory)).concurrency).toEqual({
      group: '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
  });
});

describe('the test job', () => {
  it('runs the project checks under production settings with the Python of the image', () => {
    const test = jobsOf(generateWorkflow(inventory))[JOB_IDS.test];
    expect(stepNamed(test, 'Set up Python').with).toEqual({
      'python-version': PYTHON_VERSION,
      cache: 'pip',
      'cache-dependency-path': 'requirements.txt',
    });
    expect(test.steps.flatMap(step => step.run ?? [])).toEqual([
      'python -m pip install --requirement requirements.txt',
      'python -m pip install ruff==0.17.6 black==26.10.1 pip-audit==2.10.1',
      'ruff check .',
      'black --check .',
      'pip-audit --requirement requirements.txt --no-deps --disable-pip',
      'python manage.py makemigrations --check --dry-run',
      'python manage.py check --deploy --fail-level WARNING',
      'python manage.py test',
    ]);
    expect(test.env).toEqual({ SECRET_KEY: expect.stringMatching(/^.{50,}$/), DEBUG: '0', ALLOWED_HOSTS: 'localhost' });
    expect(test.services).toBeUndefined();
  });

  it("lints with the ruff and black the portal's own tests check the generated code with", () => {
    const pinned = fs.readFileSync(path.resolve(__dirname, '../../../../scripts/requirements-lint.txt'), 'utf8');
    for (const tool of LINTERS.filter(pin => /^(ruff|black)==/.test(pin))) expect(pinned).toContain(`${tool}\n`);
  });

  it('gives a PostgreSQL project a PostgreSQL service and DATABASE_URL pointing at it', () => {
    const test = jobsOf(generateWorkflow(postgres))[JOB_IDS.test];
    const service = test.services!.postgres;
    expect(service.image).toMatch(/^postgres:\d+$/);
    expect(service.ports).toEqual(['5432:5432']);
    expect(service.options).toContain('--health-cmd "pg_isready');
    const { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: db } = service.env;
    expect(test.env!.DATABASE_URL).toBe(`postgres://${user}:${password}@localhost:5432/${db}`);
  });
});

describe('the build-and-push job', () => {
  const build = jobsOf(generateWorkflow(inventory))[JOB_IDS.build];
  const buildStep = stepNamed(build, 'Build (and push from the default branch)');

  it('builds for amd64 and arm64 with the GitHub Actions cache, pushing from the default branch only', () => {
    expect(buildStep.with).toMatchObject({
      platforms: 'linux/amd64,linux/arm64',
      push: "${{ github.ref == 'refs/heads/main' }}",
      'cache-from': 'type=gha',
      'cache-to': 'type=gha,mode=max',
      labels: '${{ steps.meta.outputs.labels }}',
    });
    expect(stepNamed(build, 'Set up QEMU').uses).toContain('docker/setup-qemu-action@');
    expect(stepNamed(build, 'Set up Docker Buildx').uses).toContain('docker/setup-buildx-action@');
  });

  it('logs in to GHCR with the job token, only where it pushes', () => {
    expect(stepNamed(build, 'Log in to ghcr.io')).toMatchObject({
      if: "github.ref == 'refs/heads/main'",
      with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
    });
    expect(build.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  it('logs in to another registry with its own secrets, and then needs no packages permission', () => {
    const other = jobsOf(generateWorkflow(validateProjectSpec({ ...EXAMPLE_SPECS.inventory, registry: 'registry.example.com' })))[JOB_IDS.build];
    expect(stepNamed(other, 'Log in to registry.example.com').with).toEqual({
      registry: 'registry.example.com',
      username: '${{ secrets.REGISTRY_USERNAME }}',
      password: '${{ secrets.REGISTRY_PASSWORD }}',
    });
    expect(other.permissions).toEqual({ contents: 'read' });
  });

  it('tags the lowercase image sha-<7 of the commit> (handed to update-gitops) and the branch name', () => {
    const workflow = parse(generateWorkflow(validateProjectSpec(EXAMPLE_SPECS.everyField)));
    expect(workflow.env.IMAGE).toBe('ghcr.io/acme-labs/field-zoo');
    const job = workflow.jobs[JOB_IDS.build];
    expect(stepNamed(job, 'Compute the image tag').run).toBe('echo "tag=sha-${GITHUB_SHA::7}" >> "$GITHUB_OUTPUT"');
    expect(job.outputs).toEqual({ tag: '${{ steps.tag.outputs.tag }}', digest: '${{ steps.build.outputs.digest }}' });
    expect(stepNamed(job, 'Build (and push from the default branch)').id).toBe('build');
    expect(stepNamed(job, 'Image tags and OCI labels').with).toEqual({
      images: '${{ env.IMAGE }}',
      tags: 'type=raw,value=${{ steps.tag.outputs.tag }}\ntype=ref,event=branch\ntype=ref,event=pr',
    });
  });
});

describe('the update-gitops job', () => {
  it('runs on the default branch only, for the app folder, in the owner\'s gitops repository by default', () => {
    const update = jobsOf(generateWorkflow(inventory))[JOB_IDS.updateGitops];
    expect(update.if).toBe("github.ref == 'refs/heads/main'");
    expect(update.env).toEqual({
      GITOPS_REPOSITORY: 'acme/gitops',
      GITOPS_BRANCH: 'main',
      APP_DIR: 'apps/inventory-api',
      IMAGE_UPDATER_FILE: 'image-updaters/inventory-api.yaml',
    });
    expect(stepNamed(update, 'Check out the GitOps repository').with).toMatchObject({ repository: 'acme/gitops', ref: 'main' });
    expect(stepNamed(update, 'Set the image, commit and push').env).toEqual({
      GITOPS_TOKEN: '${{ steps.app-token.outputs.token || secrets.PAT_TOKEN }}',
      TAG: `\${{ needs.${JOB_IDS.build}.outputs.tag }}`,
      DIGEST: `\${{ needs.${JOB_IDS.build}.outputs.digest }}`,
    });
  });

  it('runs in the protected gitops environment, whose secrets only the default branch can read', () => {
    const update = jobsOf(generateWorkflow(inventory))[JOB_IDS.updateGitops] as Job & { environment: unknown };
    expect(update.environment).toBe('gitops');
  });

  it('uses the pinned kustomize release, checked against its SHA-256, when the runner has none', () => {
    const update = jobsOf(generateWorkflow(inventory))[JOB_IDS.updateGitops];
    expect(stepNamed(update, 'Set up kustomize').env).toEqual({ KUSTOMIZE_VERSION: 'v5.8.2', KUSTOMIZE_SHA256: KUSTOMIZE_RELEASE.sha256 });
    expect(KUSTOMIZE_RELEASE.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stepNamed(update, 'Set up kustomize').run).toContain('sha256sum --check --strict');
  });

  it('uses a GitHub App token, scoped to the GitOps repository, when the App is configured', () => {
    const update = jobsOf(generateWorkflow(inventory, { gitopsRepository: 'platform/deployments', gitopsBranch: 'live' }))[JOB_IDS.updateGitops];
    expect(stepNamed(update, 'Create a GitHub App token for the GitOps repository')).toMatchObject({
      id: 'app-token',
      if: "vars.GITOPS_APP_CLIENT_ID != ''",
      with: { owner: 'platform', repositories: 'deployments', 'permission-contents': 'write' },
    });
    expect(stepNamed(update, 'Check out the GitOps repository').with).toMatchObject({ repository: 'platform/deployments', ref: 'live' });
  });
});

it('uses exactly the secrets the README lists', () => {
  const secretsOf = (text: string) => [...new Set(text.match(/secrets\.[A-Z_]+/g))].sort();
  expect(secretsOf(generateWorkflow(inventory))).toEqual(['secrets.GITHUB_TOKEN', 'secrets.GITOPS_APP_PRIVATE_KEY', 'secrets.PAT_TOKEN']);
  const otherRegistry = EXAMPLE_CICD_SPECS.find(([name]) => name === 'otherRegistry')![1];
  expect(secretsOf(generateWorkflow(otherRegistry))).toEqual([
    'secrets.GITOPS_APP_PRIVATE_KEY', 'secrets.PAT_TOKEN', 'secrets.REGISTRY_PASSWORD', 'secrets.REGISTRY_USERNAME',
  ]);
});

it.each([
  [{ gitopsRepository: 'gitops' }, 'gitopsRepository must be owner/repo'],
  [{ gitopsRepository: 'acme/git ops' }, 'gitopsRepository must be owner/repo'],
  [{ gitopsBranch: '${{ secrets.PAT_TOKEN }}' }, 'gitopsBranch is not a branch name'],
  [{ defaultBranch: 'a..b' }, 'defaultBranch is not a branch name'],
  [{ defaultBranch: 'feature/' }, 'defaultBranch is not a branch name'],
])('refuses the options %j', (options, message) => {
  expect(() => generateWorkflow(inventory, options)).toThrow(InputError);
  expect(() => generateWorkflow(inventory, options)).toThrow(message);
});
