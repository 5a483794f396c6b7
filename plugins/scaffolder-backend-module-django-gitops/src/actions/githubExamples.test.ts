import { createMockDirectory } from '@backstage/backend-test-utils';
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import nunjucks from 'nunjucks';
import { parse } from 'yaml';
import { appManifests } from '../gitops/__testUtils__/apps';
import { actionContext, outputOf, sandboxIntegrations } from '../testing/actionContext';
import { SANDBOX_TOKEN, useGitHubSandbox } from '../testing/sandbox';
import { CI_WORKFLOW } from '../testing/workflows';
import { createGithubAddSecretAction } from './githubAddSecret';
import { createGithubBatchPushAction } from './githubBatchPush';
import { createGithubEnsureRepoAction } from './githubEnsureRepo';
import { createGithubWaitWorkflowAction } from './githubWaitWorkflow';
import { createGitopsPushRepoBAction } from './gitopsPushRepoB';

/**
 * Every example the Actions page shows for the GitHub actions and gitops:push-repo-b, run as
 * written against the sandbox: its `${{ }}` expressions rendered as the scaffolder renders them
 * (nunjucks with those delimiters) from parameters, secrets and earlier steps' outputs.
 */
const templating = new nunjucks.Environment(null, { tags: { variableStart: '${{', variableEnd: '}}' }, autoescape: false });
const DATABASE_URL = 'postgres://app:s3cret@db/app';

describe('the examples of the GitHub actions', () => {
  const gh = useGitHubSandbox();
  const workspace = createMockDirectory();
  const options = { integrations: sandboxIntegrations(), poll: { initialMs: 5, maxMs: 20, factor: 2 } };

  /** The steps of an example, with its expressions rendered. */
  function stepsOf(example: TemplateExample, context: object): { action: string; input: Record<string, unknown> }[] {
    // Every expression in these examples gives a string, so rendering each string is enough.
    const render = (value: unknown): unknown => {
      if (typeof value === 'string') return templating.renderString(value, context);
      if (Array.isArray(value)) return value.map(render);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, render(inner)]));
      return value;
    };
    return parse(example.example).steps.map((step: { action: string; input: object }) => ({ action: step.action, input: render(step.input) as Record<string, unknown> }));
  }

  async function run(action: { id: string; examples?: TemplateExample[]; handler: (ctx: any) => Promise<void> }, context: object) {
    const contexts = [];
    for (const example of action.examples!) {
      for (const step of stepsOf(example, context)) {
        expect(step.action).toBe(action.id);
        const { ctx } = actionContext(step.input, { workspacePath: workspace.path });
        await action.handler(ctx);
        contexts.push(ctx);
      }
    }
    return contexts;
  }

  beforeEach(() => {
    workspace.clear();
    gh.sandbox.createOrg('acme');
  });

  const parameters = { repoUrl: 'github.com?owner=acme&repo=inventory-api', gitopsRepoUrl: 'github.com?owner=acme&repo=gitops', name: 'inventory-api' };

  it('github:ensure-repo: a private repository, then the same onboarding again reusing it', async () => {
    workspace.setContent({ 'repository/manage.py': 'print(1)\n' });
    const action = createGithubEnsureRepoAction(options);

    const [created] = await run(action, { parameters });
    const [again] = await run(action, { parameters });

    expect(gh.sandbox.repo('acme', 'inventory-api')).toMatchObject({ private: true });
    expect([outputOf(created, 'status'), outputOf(again, 'status')]).toEqual(['created', 'reused']);
  });

  it('github:add-secret: a repository secret and an environment secret', async () => {
    await gh.sandbox.createRepo('acme', 'inventory-api');
    await gh.client.repos.createOrUpdateEnvironment({ owner: 'acme', repo: 'inventory-api', environment_name: 'production' });

    await run(createGithubAddSecretAction(options), {
      parameters,
      secrets: { gitopsToken: 'ghp_gitops', databaseUrl: DATABASE_URL, USER_OAUTH_TOKEN: SANDBOX_TOKEN },
    });

    expect(gh.sandbox.secrets('acme', 'inventory-api').map(s => [s.name, s.value])).toEqual([['PAT_TOKEN', 'ghp_gitops']]);
    expect(gh.sandbox.secrets('acme', 'inventory-api', 'production').map(s => [s.name, s.value])).toEqual([['DATABASE_URL', DATABASE_URL]]);
  });

  it('github:batch-push: the whole workspace into an empty repository, then a folder onto a new branch', async () => {
    await gh.sandbox.createRepo('acme', 'inventory-api');
    workspace.setContent({ 'manage.py': 'print(1)\n', 'docs/index.md': '# Service\n' });

    const [first, second] = await run(createGithubBatchPushAction(options), { parameters });

    const repository = gh.sandbox.repo('acme', 'inventory-api');
    expect(outputOf(first, 'method')).toBe('initial-commit');
    expect(outputOf(second, 'branch')).toBe('docs-update');
    expect([...(await repository.files('docs-update')).keys()].sort()).toEqual(['docs/index.md', 'docs/service/index.md', 'manage.py']);
    expect((await repository.commits('docs-update')).map(c => c.message)).toEqual(['Update the service docs', 'Initial commit from Dev Portal']);
  });

  it('github:wait-workflow: the run of the pushed commit, then its outcome without failing', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0, outcome: 'failure' });
    await gh.sandbox.createRepo('acme', 'inventory-api', { autoInit: true });
    const commitSha = await gh.sandbox.commitFiles('acme', 'inventory-api', { message: 'Add CI', files: { '.github/workflows/ci-cd.yml': CI_WORKFLOW } });
    const action = createGithubWaitWorkflowAction(options);
    const context = { parameters, steps: { push: { output: { commitSha } } } };

    // The first example fails the step on a failed run; the second reports it.
    const [failing, reporting] = action.examples!.map(example => stepsOf(example, context)[0].input);
    await expect(action.handler(actionContext(failing).ctx)).rejects.toThrow(/Workflow run failure in job "test", step "Run the tests"/);
    const { ctx } = actionContext(reporting);
    await action.handler(ctx);
    expect(outputOf(ctx, 'conclusion')).toBe('failure');
    expect(outputOf(ctx, 'runId')).toBe(gh.sandbox.runs('acme', 'inventory-api')[0].id);
  });

  it('gitops:push-repo-b: the app folder with the ApplicationSet, then again on a branch without it', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const files = appManifests('inventory-api');
    workspace.setContent(Object.fromEntries([...files, ['NOTES.md', 'not pushed\n']].map(([file, content]) => [`gitops/apps/inventory-api/${file}`, content])));

    const [first, second] = await run(createGitopsPushRepoBAction(options), { parameters, steps: { manifests: { output: { tag: 'sha-1a2b3c4' } } } });

    expect(outputOf(first, 'committed')).toBe(true);
    // The second example skips NOTES.md, so the folder the first pushed loses it.
    expect(outputOf(second, 'committed')).toBe(true);
    const tree = await gh.sandbox.repo('acme', 'gitops').files();
    expect([...tree.keys()].filter(path => path.startsWith('apps/')).sort()).toEqual([...files.keys()].map(file => `apps/inventory-api/${file}`).sort());
    expect(tree.has('k8s/applicationset.yaml')).toBe(true);
    expect((await gh.sandbox.repo('acme', 'gitops').commits())[0].message).toBe('Deploy inventory-api at sha-1a2b3c4');
  });
});
