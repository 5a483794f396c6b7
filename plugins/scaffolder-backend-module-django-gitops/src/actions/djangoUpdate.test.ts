import { inventorySpec, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { ANSWERS_PATH, parseAnswers } from '../django/answers';
import { generateDjangoProject } from '../django/generate';
import { commitChanges } from '../github/commit';
import { actionContext, outputOf, sandboxIntegrations } from '../testing/actionContext';
import { useGitHubSandbox } from '../testing/sandbox';
import { createDjangoUpdateAction } from './djangoUpdate';

type Context = Parameters<ReturnType<typeof createDjangoUpdateAction>['handler']>[0];

const ref = { owner: 'acme', repo: 'inventory-api' };
const repoUrl = 'github.com?owner=acme&repo=inventory-api';
const generated = generateDjangoProject(validateProjectSpec(inventorySpec), { workflow: { gitopsRepository: 'acme/gitops' } });

/** Product gets an optional weight and a longer name; a Review points at it. */
function newModels(): ProjectSpecInput['models'] {
  const models = structuredClone(inventorySpec.models);
  models[1].fields = models[1].fields.map(f => (f.name === 'name' ? { ...f, maxLength: 250 } : f));
  models[1].fields.push({ name: 'weight', type: 'FloatField', required: false });
  models.push({ name: 'Review', fields: [{ name: 'product', type: 'ForeignKey', to: 'Product' }] });
  return models;
}

describe('django:update', () => {
  const gh = useGitHubSandbox();
  const action = createDjangoUpdateAction({ integrations: sandboxIntegrations() });
  const text = (files: Map<string, string>) => [...files].map(([path, content]) => ({ path, content: Buffer.from(content), executable: generated.executables.has(path) }));

  /** The generated service, then a commit of the team's own: a view and its route, a README line. */
  async function serviceEditedByHand() {
    await gh.sandbox.createRepo('acme', 'inventory-api');
    await commitChanges(gh.client, { ...ref, message: 'Initial commit from Dev Portal', plan: () => ({ files: text(generated.files) }) });
    const views = `${generated.files.get('api/views.py')}\n\ndef ping(request):\n    return JsonResponse({"pong": True})\n`;
    const readme = generated.files.get('README.md')!.replace('Inventory service', 'Inventory service, owned by the stock team.');
    const edits = new Map([['api/views.py', views], ['README.md', readme], ['api/tests/test_ping.py', 'def test_ping():\n    assert True\n']]);
    await commitChanges(gh.client, { ...ref, message: 'Ping', plan: () => ({ files: text(edits) }) });
  }

  it('opens a pull request of one commit that applies the new models, keeps the edits, and adds the next migration', async () => {
    await serviceEditedByHand();
    const repository = gh.sandbox.repo('acme', 'inventory-api');
    const base = (await repository.commits())[0].sha;
    const { ctx, transcript } = actionContext<Context>({ repoUrl, project: { models: newModels() } });

    await action.handler(ctx);

    const [pull] = await repository.pullRequests();
    expect(pull).toMatchObject({ number: 1, head: 'dev-portal/update-mock-tas', base: 'main', headSha: outputOf(ctx, 'headSha') });
    expect(outputOf(ctx, 'pullRequestUrl')).toBe(pull.htmlUrl);
    const commits = await repository.commits(pull.head);
    expect(commits[0].parents).toEqual([base]);
    const files = await repository.files(pull.head);
    const read = (path: string) => files.get(path)!.content.toString();
    expect(read('api/views.py')).toContain('def ping(request):');
    expect(read('api/views.py')).toContain('class ReviewViewSet(viewsets.ModelViewSet):');
    expect(read('README.md')).toContain('Inventory service, owned by the stock team.');
    expect(read('api/tests/test_ping.py')).toContain('def test_ping');
    expect(files.get('manage.py')!.mode).toBe('100755');
    const migration = outputOf(ctx, 'migration');
    expect(migration).toBe('0002_review_product_weight_alter_product_name');
    expect(read(`api/migrations/${migration}.py`)).toContain('("api", "0001_initial")');
    expect(parseAnswers(read(ANSWERS_PATH)).spec.models.map(model => model.name)).toEqual(['Category', 'Product', 'Review']);
    expect(outputOf(ctx, 'conflicts')).toEqual([]);
    expect(pull.body).toContain(`\`${migration}\``);
    expect(pull.body).toContain('## Conflicts\n\nNone.');
    // The pull_request run of its head: the test job only, deploy skipped.
    expect(gh.sandbox.runs('acme', 'inventory-api').some(run => run.event === 'pull_request' && run.headSha === pull.headSha)).toBe(true);
    expect(transcript()).not.toContain('ghp_');
  });

  it('leaves conflict markers where both sides changed the same lines, and lists the file in the pull request', async () => {
    await serviceEditedByHand();
    const models = generated.files.get('api/models.py')!;
    const edited = models.replace('name = models.CharField(max_length=200)', 'name = models.CharField(max_length=180)  # the label printer');
    expect(edited).not.toBe(models);
    await commitChanges(gh.client, { ...ref, message: 'Shorter names', plan: () => ({ files: text(new Map([['api/models.py', edited]])) }) });
    const { ctx } = actionContext<Context>({ repoUrl, project: { models: newModels() }, branch: 'models/reviews' });

    await action.handler(ctx);

    expect(outputOf(ctx, 'conflicts')).toEqual(['api/models.py']);
    const [pull] = await gh.sandbox.repo('acme', 'inventory-api').pullRequests();
    expect(pull.body).toContain('- api/models.py');
    const merged = (await gh.sandbox.repo('acme', 'inventory-api').readFile('models/reviews', 'api/models.py'))!.toString();
    expect(merged.match(/^<<<<<<< /gm)).toHaveLength(1);
    expect(merged).toContain('<<<<<<< repository\n    name = models.CharField(max_length=180)  # the label printer\n=======\n    name = models.CharField(max_length=250)\n>>>>>>> Dev Portal');
  });

  it('refuses a required field without a default, naming it, before any write', async () => {
    await serviceEditedByHand();
    gh.sandbox.resetRequestLog();
    const models = newModels();
    models[0].fields.push({ name: 'code', type: 'CharField', maxLength: 8 });
    const { ctx } = actionContext<Context>({ repoUrl, project: { models } });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Category.code: default is needed: the field is added as required, and the rows Category already has would have no value; give it a default, or make it optional (project.models[0].fields[1].default)',
    );
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it('refuses unchanged answers and a repository without stored answers', async () => {
    await serviceEditedByHand();
    await gh.sandbox.createRepo('acme', 'other', { autoInit: true });
    gh.sandbox.resetRequestLog();
    const unchanged = actionContext<Context>({ repoUrl, project: { models: inventorySpec.models } });
    await expect(action.handler(unchanged.ctx)).rejects.toThrow(`project: the same as the answers stored in ${ANSWERS_PATH}: nothing to change`);
    const other = actionContext<Context>({ repoUrl: 'github.com?owner=acme&repo=other', project: { models: newModels() } });
    await expect(action.handler(other.ctx)).rejects.toThrow(`repoUrl: acme/other has no ${ANSWERS_PATH} on main`);
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it('in a dry run, lists what it would commit and writes nothing', async () => {
    await serviceEditedByHand();
    gh.sandbox.resetRequestLog();
    const { ctx } = actionContext<Context>({ repoUrl, project: { models: newModels() } }, { isDryRun: true });

    await action.handler(ctx);

    expect(outputOf(ctx, 'files')).toEqual(expect.arrayContaining(['api/models.py', 'api/migrations/0002_review_product_weight_alter_product_name.py', ANSWERS_PATH]));
    expect(outputOf(ctx, 'pullRequestNumber')).toBe(0);
    expect(gh.sandbox.countWrites()).toBe(0);
  });
});
