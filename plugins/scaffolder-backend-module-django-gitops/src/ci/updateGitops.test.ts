import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { generateManifests } from '../k8s';
import { inventorySpec } from '../project/examples';
import { validateProjectSpec } from '../project/validate';
import { runJobLocally, StepResult } from './__testUtils__/runJobLocally';
import { gitopsAppDir, generateWorkflow, imageRepository, JOB_IDS } from './workflow';

/*
 * The update-gitops job of the generated workflow, run for real: its scripts, extracted from the
 * YAML, against a local bare repository standing in for the GitOps repository.
 */

const spec = validateProjectSpec(inventorySpec);
const workflowText = generateWorkflow(spec, { gitopsRepository: 'acme/gitops' });
const IMAGE = imageRepository(spec);
const KUSTOMIZATION = `${gitopsAppDir(spec)}/kustomization.yaml`;
const COMMIT = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const TAG = 'sha-1a2b3c4';
const PAT = 'pat-value-for-tests';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

/** A kustomization as people leave it: comments, blank lines, quotes, a second image. */
const kustomization = (tag: string) => `# Managed by Dev Portal: CI sets images[].newTag, edit the rest freely.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: inventory-api
resources:
  - namespace.yaml
  - deployment.yaml # the app
  - service.yaml

images:
  # The one place the tag lives.
  - name: docker.io/library/busybox
    newTag: "1.36"
  - name: ${IMAGE}
    newTag: ${tag}  # set by CI
`;

let root: string;
let gitEnv: Record<string, string>;

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

function runUpdateJob(token = PAT): StepResult[] {
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  return runJobLocally(workflowText, JOB_IDS.updateGitops, {
    workspace,
    repositories: { 'acme/gitops': `file://${path.join(root, 'gitops.git')}` },
    conditions: { "vars.GITOPS_APP_CLIENT_ID != ''": false },
    expressions: {
      // The App step was skipped: its output is empty, so the PAT is used.
      'steps.app-token.outputs.token || secrets.PAT_TOKEN': token,
      [`needs.${JOB_IDS.build}.outputs.tag`]: TAG,
    },
    env: { ...gitEnv, GITHUB_REPOSITORY: 'acme/inventory-api', GITHUB_SHA: COMMIT },
  });
}

const jobLog = (results: StepResult[]) => results.map(step => step.log).join('');

function expectJobSucceeded(results: StepResult[]): void {
  expect(results.map(step => [step.name, step.exitCode])).toEqual([
    ['Check the GitOps credentials', 0],
    ['Check out the GitOps repository', 0],
    ['Set the image tag, commit and push', 0],
  ]);
}

it('succeeds with a notice and no commit while the app folder is not in the GitOps repository', () => {
  pushToGitops({ 'README.md': 'GitOps\n' }, 'init');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain(
    '::notice title=GitOps update skipped::apps/inventory-api is not in acme/gitops yet',
  );
  expect(gitopsLog()).toEqual(['init']);
});

it('sets the tag and nothing else, in one [skip ci] commit by the bot', () => {
  pushToGitops({ [KUSTOMIZATION]: kustomization('sha-0000000') }, 'add inventory-api');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(gitopsLog()).toEqual(['deploy: apps/inventory-api to sha-1a2b3c4 [skip ci]', 'add inventory-api']);
  expect(gitops('log', '-1', '--format=%an <%ae>%n%b', 'main')).toBe(
    `github-actions[bot] <${BOT_EMAIL}>\nImage ${IMAGE}:${TAG} built from acme/inventory-api@${COMMIT}.`,
  );
  const updated = gitopsFile(KUSTOMIZATION);
  expect(updated).toBe(kustomization(TAG).trimEnd());
  expect(YAML.parse(updated).images).toEqual([
    { name: 'docker.io/library/busybox', newTag: '1.36' },
    { name: IMAGE, newTag: TAG },
  ]);
  expect(gitops('diff', '--name-only', 'main~1', 'main')).toBe(KUSTOMIZATION);
});

it('sets the tag in the app folder exactly as the portal writes it (k8s:manifests)', () => {
  const manifests = generateManifests({ name: spec.name, image: IMAGE, tag: 'sha-0000000' });
  pushToGitops(
    Object.fromEntries([...manifests].map(([file, content]) => [`${gitopsAppDir(spec)}/${file}`, content])),
    'add inventory-api',
  );

  const before = manifests.get('kustomization.yaml')!;
  expect(before).toContain('newTag: sha-0000000');

  expectJobSucceeded(runUpdateJob());

  expect(`${gitopsFile(KUSTOMIZATION)}\n`).toBe(before.replace('newTag: sha-0000000', `newTag: ${TAG}`));
});

it('hands the token to git through a credential helper, not the remote URL', () => {
  pushToGitops({ [KUSTOMIZATION]: kustomization('sha-0000000') }, 'add inventory-api');
  runUpdateJob();
  const checkout = path.join(root, 'workspace', 'gitops');

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
  pushToGitops({ [KUSTOMIZATION]: kustomization('sha-0000000') }, 'add inventory-api');
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
  expect(gitopsFile(KUSTOMIZATION)).toBe(kustomization(TAG).trimEnd());
});

it('makes no commit when the tag is already set', () => {
  pushToGitops({ [KUSTOMIZATION]: kustomization(TAG) }, 'add inventory-api');

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain(`::notice title=Already deployed::${KUSTOMIZATION} already sets ${IMAGE} to ${TAG}.`);
  expect(gitopsLog()).toEqual(['add inventory-api']);
});

it('leaves the tag to Argo CD Image Updater when the app is in that mode', () => {
  pushToGitops(
    { [KUSTOMIZATION]: kustomization('sha-0000000'), [`${gitopsAppDir(spec)}/image-updater.yaml`]: 'kind: ImageUpdater\n' },
    'add inventory-api',
  );

  const results = runUpdateJob();

  expectJobSucceeded(results);
  expect(jobLog(results)).toContain('::notice title=GitOps update skipped::Argo CD Image Updater sets the image tag');
  expect(gitopsLog()).toEqual(['add inventory-api']);
});

it('fails before checkout, saying which secret to add, when no GitOps credential is set', () => {
  pushToGitops({ [KUSTOMIZATION]: kustomization('sha-0000000') }, 'add inventory-api');

  const results = runUpdateJob('');

  expect(results.map(step => [step.name, step.exitCode])).toEqual([['Check the GitOps credentials', 1]]);
  expect(jobLog(results)).toContain('::error title=No GitOps credentials::Add the PAT_TOKEN secret');
});

describe('the tag edit of the update step', () => {
  const updateScript = (YAML.parse(workflowText).jobs[JOB_IDS.updateGitops].steps as { run?: string }[])
    .map(step => step.run ?? '')
    .find(run => run.includes("python3 - <<'PY'"))!;
  const setImageTag = /python3 - <<'PY'\n([\s\S]*?)\nPY\n/.exec(updateScript)![1];

  function edit(content: string, tag = TAG) {
    const file = path.join(root, 'kustomization.yaml');
    fs.writeFileSync(file, content);
    const run = spawnSync('python3', ['-'], {
      input: setImageTag,
      env: { PATH: process.env.PATH, KUSTOMIZATION: file, IMAGE, TAG: tag },
      encoding: 'utf8',
    });
    return { exitCode: run.status, stdout: run.stdout, content: fs.readFileSync(file, 'utf8') };
  }

  it.each([
    ['a list at the key\'s indentation, newTag first (kustomize\'s own style)', `images:\n- newTag: old\n  name: ${IMAGE}\n`, `images:\n- newTag: ${TAG}\n  name: ${IMAGE}\n`],
    ['single quotes, kept', `images:\n  - name: '${IMAGE}'\n    newTag: 'sha-0000000'\n`, `images:\n  - name: '${IMAGE}'\n    newTag: '${TAG}'\n`],
    ['double quotes, kept', `images:\n  - name: "${IMAGE}"\n    newTag: "sha-0000000"\n`, `images:\n  - name: "${IMAGE}"\n    newTag: "${TAG}"\n`],
    ['no newTag yet: added under the name', `images:\n  - name: ${IMAGE}\n    newName: ${IMAGE}\nnamespace: x\n`, `images:\n  - name: ${IMAGE}\n    newTag: ${TAG}\n    newName: ${IMAGE}\nnamespace: x\n`],
    ['no newTag and no final newline', `images:\n  - name: ${IMAGE}`, `images:\n  - name: ${IMAGE}\n    newTag: ${TAG}\n`],
    ['an empty newTag', `images:\n  - name: ${IMAGE}\n    newTag:\n`, `images:\n  - name: ${IMAGE}\n    newTag: ${TAG}\n`],
    ['CRLF line endings, kept', `images:\r\n  - name: ${IMAGE}\r\n    newTag: old\r\n`, `images:\r\n  - name: ${IMAGE}\r\n    newTag: ${TAG}\r\n`],
    ['a same-named key after the list, untouched', `images:\n  - name: ${IMAGE}\n    newTag: old\nlabels:\n  - newTag: keep\n`, `images:\n  - name: ${IMAGE}\n    newTag: ${TAG}\nlabels:\n  - newTag: keep\n`],
  ])('edits %s', (_case, before, after) => {
    expect(edit(before)).toEqual({ exitCode: 0, stdout: `${path.join(root, 'kustomization.yaml')}: ${IMAGE} -> ${TAG}\n`, content: after });
  });

  it.each([
    ['no images list', 'resources: []\n', "no block list 'images:' at the top level"],
    ['a flow-style list', `images: [{name: ${IMAGE}, newTag: old}]\n`, "no block list 'images:' at the top level"],
    ['no entry for this image', 'images:\n  - name: ghcr.io/acme/other\n    newTag: old\n', `expected one images[] entry named ${IMAGE}, found 0`],
    ['two entries for this image', `images:\n  - name: ${IMAGE}\n  - name: ${IMAGE}\n`, `expected one images[] entry named ${IMAGE}, found 2`],
    ['a digest pin', `images:\n  - name: ${IMAGE}\n    digest: sha256:0123\n`, `the images[] entry of ${IMAGE} pins a digest`],
  ])('refuses %s and leaves the file alone', (_case, before, message) => {
    const result = edit(before);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`::error file=${path.join(root, 'kustomization.yaml')}::${message}`);
    expect(result.content).toBe(before);
  });

  it('refuses a tag that is not sha- and 7 hex digits', () => {
    const before = `images:\n  - name: ${IMAGE}\n    newTag: old\n`;
    expect(edit(before, 'latest')).toMatchObject({ exitCode: 1, content: before });
  });
});
