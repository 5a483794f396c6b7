import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { createGitHubSandbox, type GitHubSandbox } from '@dev-portal/github-sandbox';
import { imageTagForCommit } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse } from 'yaml';
import { generatedAppFolder, generatedRepository } from './__testUtils__/generated';
import { devPortalPlugin } from './plugin';

/**
 * The routes in a real backend, reading a service that the module's own actions generated from
 * the GitHub sandbox (in-process), which counts every request and answers 304 to a current ETag.
 */
jest.setTimeout(30_000);

const TOKEN = 'ghp_devPortalBackendTest0123456789';
const PROJECT: JsonObject = {
  name: 'inventory-api',
  owner: 'acme',
  appName: 'api',
  description: 'Inventory service',
  models: [
    { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true }] },
    { name: 'Product', fields: [{ name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT' }] },
  ],
};
const WORKFLOW = { gitopsRepository: 'acme/gitops', gitopsBranch: 'main', defaultBranch: 'main' };
const IMAGE = 'ghcr.io/acme/inventory-api';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const DELIVERY = '/api/dev-portal/services/default/inventory-api/delivery';
/** Each state of a run lasts this long; tests move the sandbox's clock instead of waiting. */
const STATE_MS = 60_000;

/** What a page view cost: requests GitHub would count, and conditional ones it answered 304. */
function cost(sandbox: GitHubSandbox) {
  return {
    counted: sandbox.requestLog.count(entry => !entry.notModified),
    notModified: sandbox.requestLog.count(entry => entry.notModified),
  };
}

describe('the dev-portal routes', () => {
  const msw = setupServer();
  let sandbox: GitHubSandbox;
  let repositoryFiles: Record<string, string>;
  let entity: Entity;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    repositoryFiles = await generatedRepository({ project: PROJECT, workflow: WORKFLOW });
    // The component as the catalog holds it once catalog:register read the generated file.
    entity = parse(repositoryFiles['catalog-info.yaml']);
    entity.metadata.namespace = 'default';
    entity.metadata.annotations!['backstage.io/source-location'] = 'url:https://github.com/acme/inventory-api/tree/main/';
  });
  afterAll(() => msw.close());

  beforeEach(async () => {
    sandbox = createGitHubSandbox({ token: TOKEN });
    msw.resetHandlers(...sandbox.handlers);
    sandbox.workflows.configure({ appearAfterMs: STATE_MS, queuedMs: STATE_MS, inProgressMs: STATE_MS, outcome: 'success' });
    sandbox.createOrg('acme');
    await sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await sandbox.createRepo('acme', 'inventory-api');
    backend = await startBackend({ devPortal: { argocd: { url: 'https://argocd.example.com/' } } });
  });
  afterEach(async () => {
    await backend.stop();
    await sandbox.close();
  });

  function startBackend(config: JsonObject, entities: Entity[] = [entity]) {
    return startTestBackend({
      features: [
        devPortalPlugin,
        catalogServiceMock.factory({ entities }),
        // As in production: a request without a token has no credentials (the test utils' default is a user).
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        mockServices.rootConfig.factory({
          data: { integrations: { github: [{ host: 'github.com', token: TOKEN }] }, ...config },
        }),
      ],
    });
  }

  /** Pushes files to the app's main branch and lets the run it starts end (`advance` of its states). */
  async function push(files: Record<string, string>, end = 3 * STATE_MS): Promise<string> {
    const sha = await sandbox.commitFiles('acme', 'inventory-api', { message: 'Change', files });
    sandbox.workflows.advance(end);
    return sha;
  }

  /** Writes apps/inventory-api/ into the GitOps repository as k8s:manifests does, deploying this commit's image. */
  async function deploy(commitSha: string, route: JsonObject = { ingress: { host: 'inventory.example.com', className: 'nginx', tls: { enabled: true } } }) {
    const files = await generatedAppFolder({ name: 'inventory-api', image: IMAGE, commitSha, digest: DIGEST, ...route });
    await sandbox.commitFiles('acme', 'gitops', { message: 'Deploy inventory-api', files });
  }

  function view(path = DELIVERY) {
    sandbox.resetRequestLog();
    return request(backend.server).get(path).set('authorization', user);
  }

  it('shows the successful run, the image it built deployed, and the links', async () => {
    const sha = await push(repositoryFiles);
    await deploy(sha);

    const response = await view();

    expect(response.status).toBe(200);
    const [run] = sandbox.runs('acme', 'inventory-api');
    expect(response.body).toEqual({
      repository: { slug: 'acme/inventory-api', url: 'https://github.com/acme/inventory-api', defaultBranch: 'main' },
      ci: {
        latestRun: {
          id: run.id,
          runNumber: 1,
          status: 'completed',
          conclusion: 'success',
          commitSha: sha,
          url: `https://github.com/acme/inventory-api/actions/runs/${run.id}`,
          updatedAt: expect.any(String),
        },
        latestBuild: { imageTag: `sha-${sha.slice(0, 7)}`, commitSha: sha, runUrl: `https://github.com/acme/inventory-api/actions/runs/${run.id}` },
      },
      gitops: {
        repository: 'acme/gitops',
        branch: 'main',
        folder: 'apps/inventory-api',
        folderUrl: 'https://github.com/acme/gitops/tree/main/apps/inventory-api',
        deployed: { image: IMAGE, tag: `sha-${sha.slice(0, 7)}`, digest: DIGEST },
        upToDate: true,
      },
      argocdUrl: 'https://argocd.example.com/applications/argocd/inventory-api',
      apiDocsUrl: 'https://inventory.example.com/api/docs/',
    });
  });

  it('costs four counted requests on the first view, and none on the next while nothing changed', async () => {
    const sha = await push(repositoryFiles);
    await deploy(sha);

    await view().expect(200);
    // The answers file, the latest run, the kustomization and the Ingress.
    expect(cost(sandbox)).toEqual({ counted: 4, notModified: 0 });
    expect(sandbox.requestLog.filter().every(entry => entry.method === 'GET')).toBe(true);

    const again = await view();
    expect(again.status).toBe(200);
    expect(cost(sandbox)).toEqual({ counted: 0, notModified: 4 });
    expect(again.body.ci.latestRun.conclusion).toBe('success');
    expect(again.body.gitops.deployed.tag).toBe(`sha-${sha.slice(0, 7)}`);
  });

  it('shows a failed run with its job and step, the last successful build still deployed', async () => {
    const first = await push(repositoryFiles);
    await deploy(first);
    await view().expect(200);

    sandbox.workflows.configure({ outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    const second = await push({ 'README.md': `${repositoryFiles['README.md']}\nA change.\n` });
    const response = await view();

    expect(response.status).toBe(200);
    const failedRun = sandbox.runs('acme', 'inventory-api').find(run => run.headSha === second)!;
    expect(response.body.ci.latestRun).toMatchObject({
      runNumber: 2,
      status: 'completed',
      conclusion: 'failure',
      commitSha: second,
      failedJob: { name: 'Test', step: 'Run the tests', url: expect.stringContaining(`/actions/runs/${failedRun.id}/job/`) },
    });
    expect(response.body.ci.latestBuild).toMatchObject({ imageTag: `sha-${first.slice(0, 7)}`, commitSha: first });
    expect(response.body.gitops).toMatchObject({ deployed: { tag: `sha-${first.slice(0, 7)}` }, upToDate: true });
    // The changed run list, the latest successful run and the failed run's jobs; the answers
    // file, the kustomization and the Ingress unchanged.
    expect(cost(sandbox)).toEqual({ counted: 3, notModified: 3 });
  });

  it('says when the deployed image is not the latest successful build', async () => {
    const first = await push(repositoryFiles);
    await deploy(first);
    const second = await push({ 'README.md': 'Changed\n' });

    const response = await view();

    expect(response.body.ci.latestBuild.imageTag).toBe(imageTagForCommit(second));
    expect(response.body.gitops).toMatchObject({ deployed: { tag: imageTagForCommit(first) }, upToDate: false });
  });

  it('shows a run still going, and no deployment before the GitOps folder exists', async () => {
    await push(repositoryFiles, 2 * STATE_MS);

    const response = await view();

    expect(response.body.ci.latestRun).toMatchObject({ status: 'in_progress' });
    expect(response.body.ci.latestRun.conclusion).toBeUndefined();
    expect(response.body.ci.latestBuild).toBeUndefined();
    expect(response.body.gitops.deployed).toBeUndefined();
    expect(response.body.gitops.upToDate).toBeUndefined();
  });

  it('links the API docs of an HTTPRoute host, and none without a public host', async () => {
    const sha = await push(repositoryFiles);
    await deploy(sha, { httpRoute: { host: 'api.example.com', gateway: { name: 'public', namespace: 'gateways' } } });
    expect((await view()).body.apiDocsUrl).toBe('https://api.example.com/api/docs/');

    await sandbox.commitFiles('acme', 'gitops', { message: 'Internal only', files: await generatedAppFolder({ name: 'inventory-api', image: IMAGE, commitSha: sha }) });
    expect((await view()).body.apiDocsUrl).toBeUndefined();
  });

  it('answers the parsed answers file', async () => {
    await push(repositoryFiles);

    const response = await view('/api/dev-portal/services/default/inventory-api/answers');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ answers: JSON.parse(repositoryFiles['.devportal/project.json']) });
    expect(response.body.answers.workflow).toEqual(WORKFLOW);
  });

  it('answers 404 for a repository without its answers file, an unknown component and one not generated', async () => {
    await sandbox.commitFiles('acme', 'inventory-api', { message: 'No answers', files: { 'README.md': '# inventory-api\n' } });
    const noAnswers = await view('/api/dev-portal/services/default/inventory-api/answers');
    expect(noAnswers.status).toBe(404);
    expect(noAnswers.body.error.message).toBe('acme/inventory-api has no .devportal/project.json on its default branch');
    expect((await view()).status).toBe(404);

    const unknown = await view('/api/dev-portal/services/default/elsewhere/delivery');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No component:default/elsewhere in the catalog');

    await backend.stop();
    const handWritten = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'legacy', namespace: 'default' }, spec: {} };
    backend = await startBackend({}, [handWritten]);
    const legacy = await view('/api/dev-portal/services/default/legacy/delivery');
    expect(legacy.status).toBe(404);
    expect(legacy.body.error.message).toMatch(/^component:default\/legacy was not generated by Dev Portal/);
  });

  it('refuses requests without a Backstage token', async () => {
    expect((await request(backend.server).get(DELIVERY)).status).toBe(401);
    expect((await request(backend.server).post('/api/dev-portal/preview').send({ project: PROJECT })).status).toBe(401);
    expect(sandbox.requestLog.count()).toBe(0);
  });

  it('links no Argo CD application when the platform configured no Argo CD URL', async () => {
    const sha = await push(repositoryFiles);
    await deploy(sha);
    await backend.stop();
    backend = await startBackend({});

    const response = await view();

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('argocdUrl');
  });

  it('previews the endpoints and files of a spec, and names every problem of a bad one', async () => {
    const preview = await request(backend.server).post('/api/dev-portal/preview').set('authorization', user).send({ project: PROJECT });
    expect(preview.status).toBe(200);
    expect(preview.body.endpoints).toEqual([
      { model: 'Category', url: '/api/categories/' },
      { model: 'Product', url: '/api/products/' },
    ]);
    // Exactly what django:generate writes, sorted.
    expect(preview.body.files).toEqual(Object.keys(repositoryFiles).sort());

    const bad = { ...PROJECT, models: [{ name: 'Book', fields: [{ name: 'class', type: 'CharField' }] }] };
    const refused = await request(backend.server).post('/api/dev-portal/preview').set('authorization', user).send({ project: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      { path: 'project.models[0].fields[0].name', message: expect.stringContaining('keyword') },
      { path: 'project.models[0].fields[0].maxLength', message: expect.any(String) },
    ]);
    // Nothing was read from GitHub for a preview.
    expect(sandbox.requestLog.count()).toBe(0);
  });
});
