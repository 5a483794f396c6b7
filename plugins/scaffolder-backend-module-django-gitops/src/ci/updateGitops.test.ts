import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { generateManifests } from '../k8s';
import { installK8sTools } from '../k8s/__testUtils__/k8sTools';
import { inventorySpec, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { runJobLocally, StepResult } from './__testUtils__/runJobLocally';
import { gitopsAppDir, generateWorkflow, imageRepository, JOB_IDS } from './workflow';

/*
 * The update-gitops job of the generated workflow, run for real: its scripts, extracted from the
 * YAML, with the pinned kustomize, against a local bare repository standing in for the GitOps
 * repository.
 */

const spec = validateProjectSpec(inventorySpec);
const workflowText = generateWorkflow(spec, { gitopsRepository: 'acme/gitops' });
const IMAGE = imageRepository(spec);
const APP_DIR = gitopsAppDir(spec);
const KUSTOMIZATION = `${APP_DIR}/kustomization.yaml`;
const COMMIT = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const TAG = 'sha-1a2b3c4';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const PAT = 'pat-value-for-tests';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
/** The app folder exactly as the portal (k8s:manifests) writes it, at an older tag. */
const portalFolder = () =>
  Object.fromEntries([...generateManifests({ name: spec.name, image: IMAGE, tag: 'sha-0000000' })].map(([file, content]) => [`${APP_DIR}/${file}`, content]));

let kustomizeBin: string;
let root: string;
let gitEnv: Record<string, string>;

beforeAll(() => {
  kustomizeBin = path.dirname(installK8sTools().kustomize);
}, 15 * 60_000);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'update-gitops-'));
  fs.mkdirSync(path.join(root, 'home'));
  // A git of our own: no user config, no system config, the runner's identity left to the script.
  gitEnv = { HOME: path.join(root, 'home'), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(root, 'home', '.gitconfig') };
  fs.writeFileSync(gitEnv.GIT_CONFIG_GLOBAL, '[init]\n\tdefaultBranch = main\n');
  git(root, 'init', '--quiet', '--bare', 'gitops.git');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  const env = { PATH: process.env.PATH, ...gitEnv };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Commits files to the GitOps repository's main branch from a clone of its own. */
function pushToGitops(files: Record<string, string>, message: string, clone = path.join(root, 'seed')): void {
  if (!fs.existsSync(clone)) git(root, 'clone', '--quiet', path.join(root, 'gitops.git'), clone);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.writeFileSync(path.join(clone, file), content);
  }
  git(clone, 'add', '--all');
  git(clone, '-c', 'user.name=Someone', '-c', 'user.email=someone@example.com', 'commit', '--quiet', '-m', message);
  git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
}

const gitops = (...args: string[]) => git(path.join(root, 'gitops.git'), ...args);
const gitopsFile = (file: string) => gitops('show', `main:${file}`);
const gitopsLog = () => gitops('log', '--format=%s', 'main').split('\n');

/** The job as a runner with kustomize on its PATH (GitHub's images have it) runs it. */
let runs = 0;
function runUpdateJob({ token = PAT, tag = TAG, pathPrefix = [kustomizeBin] } = {}): StepResult[] {
  // Every run on a fresh runner, as GitHub's hosted runners are.
  const workspace = path.join(root, `workspace-${++runs}`);
  fs.mkdirSync(workspace, { recursive: true });
  return runJobLocally(workflowText, JOB_IDS.updateGitops, {
    workspace,
    repositories: { 'acme/gitops': `file://${path.join(root, 'gitops.git')}` },
    conditions: { "vars.GITOPS_APP_CLIENT_ID != ''": false },
    expressions: {
      // The App step was skipped: its output is empty, so the PAT is used.
      'steps.app-token.outputs.token || secrets.PAT_TOKEN': token,
      [`needs.${JOB_IDS.build}.outputs.tag`]: tag,
      [`needs.${JOB_IDS.build}.outputs.digest`]: DIGEST,
    },
    env: { ...gitEnv, PATH: [...pathPrefix, process.env.PATH].join(path.delimiter), GITHUB_REPOSITORY: 'acme/inventory-api', GITHUB_SHA: COMMIT },
  });
}

const jobLog = (results: StepResult[]) => results.map(step => step.log).join('');
const STEPS = ['Check the GitOps credentials', 'Check out the GitOps repository', 'Set up kustomize', 'Set the image, commit and push'];

function expectJobSucceeded(results: StepResult[]): void {
  expect(results.map(step => [step.name, step.exitCode])).toEqual(STEPS.map(name => [name, 0]));
}

it('succeeds with a notice and no commit while the app folder is not in the GitOps repository', () => {
  pushToGitops({ 'README.md': 'GitOps\n' }, 'init');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain('::notice title=GitOps update skipped::apps/inventory-api is not in acme/gitops yet');
  expect(gitopsLog()).toEqual(['init']);
});

it('writes the tag, the digest and the version label with kustomize, and nothing else, in one [skip ci] commit by the bot', () => {
  const folder = portalFolder();
  pushToGitops(folder, 'add inventory-api');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toMatch(/kustomize v5\.\d+\.\d+ from the runner image/);
  expect(gitopsLog()).toEqual(['deploy: apps/inventory-api to sha-1a2b3c4 [skip ci]', 'add inventory-api']);
  expect(gitops('log', '-1', '--format=%an <%ae>%n%b', 'main')).toBe(
    `github-actions[bot] <${BOT_EMAIL}>\nImage ${IMAGE}:${TAG}@${DIGEST} built from acme/inventory-api@${COMMIT}.`,
  );
  expect(gitops('diff', '--name-only', 'main~1', 'main')).toBe(KUSTOMIZATION);
  // The portal writes the file as kustomize does: only the image and version lines change.
  const changed = gitops('diff', '--unified=0', 'main~1', 'main').split('\n').filter(line => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
  expect(changed).toEqual([
    '-    app.kubernetes.io/version: sha-0000000',
    `+    app.kubernetes.io/version: ${TAG}`,
    `-- name: ${IMAGE}`,
    '-  newTag: sha-0000000',
    `+- digest: ${DIGEST}`,
    `+  name: ${IMAGE}`,
    `+  newTag: ${TAG}`,
  ]);
  expect(YAML.parse(gitopsFile(KUSTOMIZATION)).images).toEqual([{ digest: DIGEST, name: IMAGE, newTag: TAG }]);
  expect(gitopsFile(`${APP_DIR}/deployment.yaml`)).toBe(folder[`${APP_DIR}/deployment.yaml`].trimEnd());
});

it('hands the token to git through a credential helper, not the remote URL', () => {
  pushToGitops(portalFolder(), 'add inventory-api');
  runUpdateJob();
  const checkout = path.join(root, `workspace-${runs}`, 'gitops');

  const credentials = spawnSync('git', ['credential', 'fill'], {
    cwd: checkout,
    env: { PATH: process.env.PATH, ...gitEnv, GITOPS_TOKEN: PAT, GIT_TERMINAL_PROMPT: '0' },
    input: 'protocol=https\nhost=github.com\npath=acme/gitops.git\n\n',
    encoding: 'utf8',
  });

  expect(credentials.stdout).toContain(`username=x-access-token\npassword=${PAT}\n`);
  expect(git(checkout, 'remote', 'get-url', 'origin')).not.toContain(PAT);
  expect(fs.readFileSync(path.join(checkout, '.git', 'config'), 'utf8')).not.toContain(PAT);
});

it('lands on top of a commit pushed between its fetch and its push, keeping both', () => {
  pushToGitops(portalFolder(), 'add inventory-api');
  // A pre-push hook (for every repository, through the global config) makes someone else push
  // once, after the job has fetched and just before its own push reaches the remote.
  const hooks = path.join(root, 'hooks');
  fs.mkdirSync(hooks);
  const competitor = path.join(root, 'competitor');
  git(root, 'clone', '--quiet', path.join(root, 'gitops.git'), competitor);
  fs.writeFileSync(
    path.join(hooks, 'pre-push'),
    `#!/bin/bash
set -e
[ -e "${hooks}/done" ] && exit 0
touch "${hooks}/done"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "${competitor}"
mkdir -p apps/billing && echo "resources: []" > apps/billing/kustomization.yaml
git add --all && git -c user.name=Portal -c user.email=portal@example.com commit --quiet -m "add billing"
git push --quiet origin HEAD:main
`,
    { mode: 0o755 },
  );
  fs.appendFileSync(gitEnv.GIT_CONFIG_GLOBAL, `[core]\n\thooksPath = ${hooks}\n`);

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain('[remote rejected] HEAD -> main');
  expect(gitopsLog()).toEqual(['deploy: apps/inventory-api to sha-1a2b3c4 [skip ci]', 'add billing', 'add inventory-api']);
  expect(gitopsFile('apps/billing/kustomization.yaml')).toBe('resources: []');
  expect(YAML.parse(gitopsFile(KUSTOMIZATION)).images).toEqual([{ digest: DIGEST, name: IMAGE, newTag: TAG }]);
});

it('makes no commit when the image is already deployed', () => {
  pushToGitops(portalFolder(), 'add inventory-api');
  runUpdateJob();

  const again = runUpdateJob();

  expectJobSucceeded(again);
  expect(jobLog(again)).toContain(`::notice title=Already deployed::${KUSTOMIZATION} already sets ${IMAGE} to ${TAG}@${DIGEST}.`);
  expect(gitopsLog()).toEqual(['deploy: apps/inventory-api to sha-1a2b3c4 [skip ci]', 'add inventory-api']);
});

it('leaves the image to Argo CD Image Updater when the app has an ImageUpdater', () => {
  pushToGitops({ ...portalFolder(), 'image-updaters/inventory-api.yaml': 'kind: ImageUpdater\n' }, 'add inventory-api');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain('::notice title=GitOps update skipped::Argo CD Image Updater sets the image of apps/inventory-api');
  expect(gitopsLog()).toEqual(['add inventory-api']);
});

it('refuses a tag that is not sha- and 7 hex digits, changing nothing', () => {
  pushToGitops(portalFolder(), 'add inventory-api');

  const results = runUpdateJob({ tag: 'latest' });

  expect(results.at(-1)).toMatchObject({ name: 'Set the image, commit and push', exitCode: 1 });
  expect(jobLog(results)).toContain("::error title=Not deploying::expected the tag sha-<7 hex digits> and a sha256 digest from the build, got 'latest'");
  expect(gitopsLog()).toEqual(['add inventory-api']);
});

it('fails before checkout, saying which secret to add, when no GitOps credential is set', () => {
  pushToGitops(portalFolder(), 'add inventory-api');

  const results = runUpdateJob({ token: '' });

  expect(results.map(step => [step.name, step.exitCode])).toEqual([['Check the GitOps credentials', 1]]);
  expect(jobLog(results)).toContain('::error title=No GitOps credentials::Add the PAT_TOKEN secret');
});

it('installs the pinned kustomize when the runner has none, and refuses an archive whose checksum differs', () => {
  pushToGitops(portalFolder(), 'add inventory-api');
  // No network here: a stand-in curl serves an archive with a kustomize in it that is not the release.
  const fakeBin = path.join(root, 'fake-bin');
  fs.mkdirSync(path.join(fakeBin, 'archive'), { recursive: true });
  fs.writeFileSync(path.join(fakeBin, 'archive', 'kustomize'), '#!/bin/sh\necho tampered\n', { mode: 0o755 });
  execFileSync('tar', ['--create', '--gzip', '--file', path.join(fakeBin, 'kustomize.tar.gz'), '--directory', path.join(fakeBin, 'archive'), 'kustomize']);
  fs.writeFileSync(
    path.join(fakeBin, 'curl'),
    `#!/bin/bash\nwhile [ "$1" != "--output" ]; do shift; done\ncp "${path.join(fakeBin, 'kustomize.tar.gz')}" "$2"\necho "$@" >> "${path.join(fakeBin, 'curl.log')}"\n`,
    { mode: 0o755 },
  );
  // A PATH with git, bash and coreutils but no kustomize.
  const withoutKustomize = (process.env.PATH ?? '').split(path.delimiter).filter(dir => !fs.existsSync(path.join(dir, 'kustomize')));
  fs.mkdirSync(path.join(root, 'workspace'));

  const results = runJobLocally(workflowText, JOB_IDS.updateGitops, {
    workspace: path.join(root, 'workspace'),
    repositories: { 'acme/gitops': `file://${path.join(root, 'gitops.git')}` },
    conditions: { "vars.GITOPS_APP_CLIENT_ID != ''": false },
    expressions: {
      'steps.app-token.outputs.token || secrets.PAT_TOKEN': PAT,
      [`needs.${JOB_IDS.build}.outputs.tag`]: TAG,
      [`needs.${JOB_IDS.build}.outputs.digest`]: DIGEST,
    },
    env: { ...gitEnv, PATH: [fakeBin, ...withoutKustomize].join(path.delimiter), GITHUB_REPOSITORY: 'acme/inventory-api', GITHUB_SHA: COMMIT },
  });

  expect(results.map(step => [step.name, step.exitCode])).toEqual([...STEPS.slice(0, 2).map(name => [name, 0]), ['Set up kustomize', 1]]);
  expect(jobLog(results)).toContain('FAILED');
  expect(fs.readFileSync(path.join(fakeBin, 'curl.log'), 'utf8')).toContain(
    'https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.8.2/kustomize_v5.8.2_linux_amd64.tar.gz',
  );
  expect(gitopsLog()).toEqual(['add inventory-api']);
});
