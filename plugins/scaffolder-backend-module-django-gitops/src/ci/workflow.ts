import { InputError } from '@backstage/errors';
import YAML, { isMap, isScalar, visit } from 'yaml';
import { imageUpdaterPath } from '../k8s/imageUpdater';
import {
  GITOPS_APPS_FOLDER,
  GITOPS_ENVIRONMENT,
  GITOPS_TOKEN_SECRET,
  IMAGE_TAG_PREFIX,
  IMAGE_TAG_SHA_LENGTH,
  PYTHON_VERSION,
} from '../project/constants';
import { GIT_BRANCH_NAME, type ProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { pinnedVersion, uses } from './actions';
import { CHECK_GITOPS_TOKEN_SCRIPT, KUSTOMIZE_RELEASE, SET_UP_KUSTOMIZE_SCRIPT, UPDATE_GITOPS_SCRIPT } from './updateGitopsScript';

export const WORKFLOW_PATH = '.github/workflows/ci-cd.yml';

export interface WorkflowOptions {
  /** owner/repo of the GitOps repository; default `${spec.owner}/gitops`. */
  gitopsRepository?: string;
  /** Branch Argo CD watches in the GitOps repository; default main. */
  gitopsBranch?: string;
  /** The application repository's default branch: the only one that deploys; default main. */
  defaultBranch?: string;
}

/** Job ids, as the portal reports a failing job and as `needs:` refers to them. */
export const JOB_IDS = { test: 'test', build: 'build-and-push', updateGitops: 'update-gitops' } as const;

/** The GitHub-hosted runner image: a fixed one, so a new `ubuntu-latest` cannot change a build. */
const RUNNER = 'ubuntu-24.04';
const GHCR = 'ghcr.io';
const POSTGRES_IMAGE = 'postgres:17';
/** Where the update job checks out the GitOps repository, under the workspace. */
const GITOPS_CHECKOUT_PATH = 'gitops';
/** A GitHub App token when the App is configured, else the PAT the portal stored at creation. */
const GITOPS_TOKEN = `\${{ steps.app-token.outputs.token || secrets.${GITOPS_TOKEN_SECRET} }}`;

/**
 * The test job's linters, pinned: ruff and black at the versions the portal's own tests check the
 * generated code with (scripts/requirements-lint.txt), so a fresh project passes its first run.
 */
export const LINTERS = ['ruff==0.17.6', 'black==26.10.1', 'pip-audit==2.10.1'];

/** Why a job's token has each permission, written beside it (reviewers and zizmor ask). */
const PERMISSION_REASONS: Record<string, string> = {
  contents: 'check out the code',
  packages: 'push the image to GHCR with GITHUB_TOKEN',
};

const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}\/[A-Za-z0-9._-]{1,100}$/;

/** The image CI pushes, without tag: `<registry>/<owner>/<name>`, lowercase as registries require. */
export function imageRepository(spec: ProjectSpec): string {
  return `${spec.registry}/${spec.owner}/${spec.name}`.toLowerCase();
}

/** Whether the image goes to GHCR, where the job's GITHUB_TOKEN can log in. */
export function pushesToGhcr(spec: ProjectSpec): boolean {
  return spec.registry.toLowerCase() === GHCR;
}

/** The folder of the app in the GitOps repository (README: The GitOps repository). */
export function gitopsAppDir(spec: Pick<ProjectSpec, 'name'>): string {
  return `${GITOPS_APPS_FOLDER}/${spec.name}`;
}

/** The options with their defaults applied; throws InputError naming a bad one. */
export function resolveWorkflowOptions(spec: Pick<ProjectSpec, 'owner'>, options: WorkflowOptions): Required<WorkflowOptions> {
  const gitopsRepository = options.gitopsRepository ?? `${spec.owner}/gitops`;
  const gitopsBranch = options.gitopsBranch ?? 'main';
  const defaultBranch = options.defaultBranch ?? 'main';
  if (!GITHUB_REPOSITORY.test(gitopsRepository)) {
    throw new InputError(`gitopsRepository must be owner/repo, got ${JSON.stringify(gitopsRepository)}`);
  }
  for (const [option, branch] of Object.entries({ gitopsBranch, defaultBranch })) {
    if (!GIT_BRANCH_NAME.test(branch)) throw new InputError(`${option} is not a branch name: ${JSON.stringify(branch)}`);
  }
  return { gitopsRepository, gitopsBranch, defaultBranch };
}

/** The text of `.github/workflows/ci-cd.yml`: test, build and push the image, bump its tag in GitOps. */
export function generateWorkflow(spec: ProjectSpec, options: WorkflowOptions = {}): string {
  const { gitopsRepository, gitopsBranch, defaultBranch } = resolveWorkflowOptions(spec, options);
  // Pushes and deploys happen from the default branch only, never from a pull request.
  const onDefaultBranch = `github.ref == 'refs/heads/${defaultBranch}'`;
  const checkoutApp = {
    name: 'Check out',
    uses: uses('checkout'),
    // Later steps run the project's own code: it must not find a token in .git/config.
    with: { 'persist-credentials': false },
  };

  const workflow = {
    name: 'CI/CD',
    on: {
      push: { branches: [defaultBranch] },
      pull_request: { branches: [defaultBranch] },
      workflow_dispatch: {},
    },
    // Runs of one branch queue instead of overlapping, so tag bumps land in push order; a newer
    // commit on a pull request cancels the run of the older one.
    concurrency: {
      group: '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    },
    permissions: { contents: 'read' },
    defaults: { run: { shell: 'bash' } },
    env: { IMAGE: imageRepository(spec) },
    jobs: {
      [JOB_IDS.test]: testJob(spec, checkoutApp),
      [JOB_IDS.build]: buildJob(spec, checkoutApp, onDefaultBranch),
      [JOB_IDS.updateGitops]: updateGitopsJob(spec, { gitopsRepository, gitopsBranch, onDefaultBranch }),
    },
  };

  // No anchors: a reused step object is written out in full, as people read and edit it.
  const document = new YAML.Document(workflow, { aliasDuplicateObjects: false });
  document.commentBefore = [
    ` Generated by Dev Portal for ${spec.name}.`,
    ' test -> build-and-push (multi-arch image) -> update-gitops (sets the image Argo CD deploys, tag and digest).',
    ` Image ${imageRepository(spec)}, pushed with ${pushesToGhcr(spec) ? 'GITHUB_TOKEN' : 'the REGISTRY_USERNAME and REGISTRY_PASSWORD secrets'}.`,
    ` GitOps: ${GITOPS_TOKEN_SECRET}, or a GitHub App (GITOPS_APP_CLIENT_ID variable + GITOPS_APP_PRIVATE_KEY secret),`,
    ` with contents: write on ${gitopsRepository}, secrets of the "${GITOPS_ENVIRONMENT}" environment (default branch only).`,
  ].join('\n');
  visit(document, {
    Scalar(_key, node) {
      const version = typeof node.value === 'string' ? pinnedVersion(node.value) : undefined;
      if (version) node.comment = ` ${version}`;
    },
  });
  for (const path of [['permissions'], ...Object.keys(workflow.jobs).map(job => ['jobs', job, 'permissions'])]) {
    const permissions = document.getIn(path, true);
    for (const pair of isMap(permissions) ? permissions.items : []) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const reason = PERMISSION_REASONS[String(pair.key.value)];
      if (!reason) throw new Error(`No reason written down for the permission ${pair.key.value}`);
      pair.value.comment = ` ${reason}`;
    }
  }
  return document.toString({ lineWidth: 0, blockQuote: 'literal' });
}

function testJob(spec: ProjectSpec, checkoutApp: object) {
  const postgres = spec.database === 'postgres';
  return {
    name: 'Test',
    'runs-on': RUNNER,
    'timeout-minutes': 20,
    permissions: { contents: 'read' },
    ...(postgres && {
      services: {
        postgres: {
          image: POSTGRES_IMAGE,
          // Throwaway credentials of a database that lives as long as this job.
          env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'app', POSTGRES_DB: 'app' },
          ports: ['5432:5432'],
          options: '--health-cmd "pg_isready -U app" --health-interval 5s --health-timeout 5s --health-retries 10',
        },
      },
    }),
    env: {
      // Production settings (DEBUG off), with a key that exists only in this job.
      SECRET_KEY: 'ci-only-throwaway-key-never-used-to-sign-anything-real-0123456789',
      DEBUG: '0',
      ALLOWED_HOSTS: 'localhost',
      ...(postgres && { DATABASE_URL: 'postgres://app:app@localhost:5432/app' }),
    },
    steps: [
      checkoutApp,
      {
        name: 'Set up Python',
        uses: uses('setupPython'),
        // The Python of the image's base (python:<version>-slim), so tests run what ships.
        with: { 'python-version': PYTHON_VERSION, cache: 'pip', 'cache-dependency-path': 'requirements.txt' },
      },
      { name: 'Install the pinned requirements', run: 'python -m pip install --requirement requirements.txt' },
      { name: 'Install the linters', run: `python -m pip install ${LINTERS.join(' ')}` },
      { name: 'Lint (ruff)', run: 'ruff check .' },
      { name: 'Check the formatting (black)', run: 'black --check .' },
      {
        name: 'Audit the requirements for known vulnerabilities (pip-audit)',
        // Every dependency is pinned in the file: no resolution, no install, just the advisories.
        run: 'pip-audit --requirement requirements.txt --no-deps --disable-pip',
      },
      { name: 'Check that migrations are committed', run: 'python manage.py makemigrations --check --dry-run' },
      // Production settings pass Django's deployment checks with no warning.
      { name: 'Check the production settings', run: 'python manage.py check --deploy --fail-level WARNING' },
      { name: 'Run the tests', run: 'python manage.py test' },
    ],
  };
}

function buildJob(spec: ProjectSpec, checkoutApp: object, onDefaultBranch: string) {
  const ghcr = pushesToGhcr(spec);
  const push = `\${{ ${onDefaultBranch} }}`;
  return {
    name: 'Build and push image',
    needs: JOB_IDS.test,
    'runs-on': RUNNER,
    // arm64 builds under QEMU emulation are slow.
    'timeout-minutes': 60,
    // GHCR accepts the job's GITHUB_TOKEN: this is the only job that may write packages.
    permissions: ghcr ? { contents: 'read', packages: 'write' } : { contents: 'read' },
    outputs: { tag: '${{ steps.tag.outputs.tag }}', digest: '${{ steps.build.outputs.digest }}' },
    steps: [
      checkoutApp,
      {
        name: 'Compute the image tag',
        id: 'tag',
        // Immutable and traceable: sha- and the commit's first 7 hex digits (imageTagForCommit).
        run: `echo "tag=${IMAGE_TAG_PREFIX}\${GITHUB_SHA::${IMAGE_TAG_SHA_LENGTH}}" >> "$GITHUB_OUTPUT"`,
      },
      { name: 'Set up QEMU', uses: uses('setupQemu'), with: { platforms: 'arm64' } },
      { name: 'Set up Docker Buildx', uses: uses('setupBuildx') },
      {
        name: `Log in to ${spec.registry}`,
        if: onDefaultBranch,
        uses: uses('login'),
        with: ghcr
          ? { registry: GHCR, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }
          : {
              registry: spec.registry,
              username: '${{ secrets.REGISTRY_USERNAME }}',
              password: '${{ secrets.REGISTRY_PASSWORD }}',
            },
      },
      {
        name: 'Image tags and OCI labels',
        id: 'meta',
        uses: uses('metadata'),
        with: {
          images: '${{ env.IMAGE }}',
          tags: ['type=raw,value=${{ steps.tag.outputs.tag }}', 'type=ref,event=branch', 'type=ref,event=pr'].join('\n'),
        },
      },
      {
        name: 'Build (and push from the default branch)',
        id: 'build',
        uses: uses('buildPush'),
        with: {
          context: '.',
          platforms: 'linux/amd64,linux/arm64',
          push,
          tags: '${{ steps.meta.outputs.tags }}',
          labels: '${{ steps.meta.outputs.labels }}',
          annotations: '${{ steps.meta.outputs.annotations }}',
          'cache-from': 'type=gha',
          'cache-to': 'type=gha,mode=max',
        },
      },
    ],
  };
}

function updateGitopsJob(
  spec: ProjectSpec,
  { gitopsRepository, gitopsBranch, onDefaultBranch }: { gitopsRepository: string; gitopsBranch: string; onDefaultBranch: string },
) {
  const [gitopsOwner, gitopsRepo] = gitopsRepository.split('/');
  return {
    name: 'Deploy: update the GitOps repository',
    needs: JOB_IDS.build,
    if: onDefaultBranch,
    // The GitOps credential is a secret of this environment, which only the default branch may use.
    environment: GITOPS_ENVIRONMENT,
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    // Writes to another repository only, with its own credential: the job's token needs nothing.
    permissions: {},
    env: {
      GITOPS_REPOSITORY: gitopsRepository,
      GITOPS_BRANCH: gitopsBranch,
      APP_DIR: gitopsAppDir(spec),
      IMAGE_UPDATER_FILE: imageUpdaterPath(spec.name),
    },
    steps: [
      {
        name: 'Create a GitHub App token for the GitOps repository',
        id: 'app-token',
        if: "vars.GITOPS_APP_CLIENT_ID != ''",
        uses: uses('githubAppToken'),
        with: {
          'client-id': '${{ vars.GITOPS_APP_CLIENT_ID }}',
          'private-key': '${{ secrets.GITOPS_APP_PRIVATE_KEY }}',
          owner: gitopsOwner,
          repositories: gitopsRepo,
          'permission-contents': 'write',
        },
      },
      { name: 'Check the GitOps credentials', env: { GITOPS_TOKEN }, run: CHECK_GITOPS_TOKEN_SCRIPT },
      {
        name: 'Check out the GitOps repository',
        uses: uses('checkout'),
        with: {
          repository: gitopsRepository,
          ref: gitopsBranch,
          token: GITOPS_TOKEN,
          path: GITOPS_CHECKOUT_PATH,
          // The push step hands the token to git itself, only for as long as it runs.
          'persist-credentials': false,
        },
      },
      {
        name: 'Set up kustomize',
        env: { KUSTOMIZE_VERSION: KUSTOMIZE_RELEASE.version, KUSTOMIZE_SHA256: KUSTOMIZE_RELEASE.sha256 },
        run: SET_UP_KUSTOMIZE_SCRIPT,
      },
      {
        name: 'Set the image, commit and push',
        'working-directory': GITOPS_CHECKOUT_PATH,
        env: {
          GITOPS_TOKEN,
          TAG: `\${{ needs.${JOB_IDS.build}.outputs.tag }}`,
          DIGEST: `\${{ needs.${JOB_IDS.build}.outputs.digest }}`,
        },
        run: UPDATE_GITOPS_SCRIPT,
      },
    ],
  };
}
