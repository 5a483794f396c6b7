import { generateDjangoProject } from './django/generate';
import { validateProjectSpec } from './project/validate';
import { SANDBOX_TOKEN } from './testing/sandbox';
import { formValues, GITOPS_TOKEN, stepStatuses, useScaffolder } from './testing/scaffolder';

/**
 * The template run for real: a scaffolder backend with GitHub's built-in actions and ours,
 * tasks submitted through its REST API, GitHub played by the sandbox.
 */
jest.setTimeout(60_000);

describe('the django-gitops template, run by the scaffolder', () => {
  const scaffolder = useScaffolder();

  it('creates the repository with one commit, the secret before it, and one workflow run', async () => {
    const { sandbox } = scaffolder;
    const { task, events, log } = await scaffolder.runTask(formValues);

    expect(stepStatuses(events)).toEqual({
      generate: 'completed',
      'create-repo': 'completed',
      'add-secret': 'completed',
      push: 'completed',
      wait: 'completed',
      manifests: 'completed',
      gitops: 'completed',
      register: 'completed',
    });
    expect(task.status).toBe('completed');

    const repository = sandbox.repo('acme', 'inventory-api');
    const commits = await repository.commits();
    expect(commits).toHaveLength(1);
    const { appName, description, database, registry, cicd, models } = formValues;
    const spec = validateProjectSpec({ name: 'inventory-api', owner: 'acme', appName, description, database, registry, cicd, models });
    const expected = [...generateDjangoProject(spec).files.keys()].sort();
    expect([...(await repository.files()).keys()].sort()).toEqual(expected);

    const [secret] = sandbox.secrets('acme', 'inventory-api');
    expect(secret).toMatchObject({ name: 'PAT_TOKEN', value: GITOPS_TOKEN });
    expect(secret.seq).toBeLessThan(Math.min(...repository.pushes().map(p => p.seq)));
    expect(sandbox.runs('acme', 'inventory-api').map(run => run.headSha)).toEqual([commits[0].sha]);

    // Repository_B: apps/<app>/ and the ApplicationSet, in one commit on top of its own.
    const gitops = sandbox.repo('acme', 'gitops');
    const gitopsCommits = await gitops.commits();
    expect(gitopsCommits).toHaveLength(2);
    const gitopsFiles = [...(await gitops.files()).keys()];
    expect(gitopsFiles.filter(f => f.startsWith('apps/')).sort()).toEqual([
      'apps/inventory-api/README.md',
      'apps/inventory-api/deployment.yaml',
      'apps/inventory-api/kustomization.yaml',
      'apps/inventory-api/namespace.yaml',
      'apps/inventory-api/pvc.yaml',
      'apps/inventory-api/service.yaml',
    ]);
    expect(gitopsFiles).toContain('k8s/applicationset.yaml');
    const kustomization = (await gitops.readFile('main', 'apps/inventory-api/kustomization.yaml'))!.toString();
    expect(kustomization).toContain(`newTag: sha-${commits[0].sha.slice(0, 7)}`);

    const completion = events.find(e => e.type === 'completion')!;
    const links = completion.body.output.links.map((l: { title: string; url?: string }) => [l.title, l.url]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['Repository', 'https://github.com/acme/inventory-api'],
        ['CI/CD run', sandbox.runs('acme', 'inventory-api')[0].htmlUrl],
        ['GitOps folder', 'https://github.com/acme/gitops/tree/main/apps/inventory-api'],
      ]),
    );
    expect(links.map(([title]: string[]) => title)).not.toContain('Argo CD application');
    expect([...new Set(scaffolder.registered)]).toEqual(['https://github.com/acme/inventory-api/blob/main/catalog-info.yaml']);
    const entityLink = completion.body.output.links.find((l: { title: string }) => l.title === 'Open in catalog');
    expect(entityLink.entityRef).toBe('component:default/inventory-api');
    expect(log).not.toContain(GITOPS_TOKEN);
    expect(log).not.toContain(SANDBOX_TOKEN);
  });

  it('deploys through the GitOps repository and branch of the form, behind an ingress', async () => {
    const { sandbox } = scaffolder;
    sandbox.createOrg('platform');
    await sandbox.createRepo('platform', 'deployments', { autoInit: true, defaultBranch: 'live' });
    const values = {
      ...formValues,
      gitopsRepoUrl: 'github.com?owner=platform&repo=deployments',
      gitopsBranch: 'live',
      ingressHost: 'inventory.example.com',
    };

    const { task } = await scaffolder.runTask(values);

    expect(task.status).toBe('completed');
    // The workflow bumps the tag where the portal put the app.
    const workflow = (await sandbox.repo('acme', 'inventory-api').readFile('main', '.github/workflows/ci-cd.yml'))!.toString();
    expect(workflow).toContain('repository: platform/deployments');
    expect(workflow).toContain('ref: live');
    const deployments = sandbox.repo('platform', 'deployments');
    const ingress = (await deployments.readFile('live', 'apps/inventory-api/ingress.yaml'))!.toString();
    expect(ingress).toContain('host: inventory.example.com');
    expect(ingress).toContain('ingressClassName: nginx');
    const applicationSet = (await deployments.readFile('live', 'k8s/applicationset.yaml'))!.toString();
    expect(applicationSet).toContain('revision: live');
    expect(await sandbox.repo('acme', 'gitops').commits()).toHaveLength(1);
  });

  it('fails at the wait step naming the failed job and step', async () => {
    const { sandbox } = scaffolder;
    sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    const gitopsBefore = await sandbox.repo('acme', 'gitops').commits();

    const { task, events } = await scaffolder.runTask(formValues);

    expect(task.status).toBe('failed');
    const statuses = stepStatuses(events);
    expect(statuses.wait).toBe('failed');
    expect(statuses.manifests).toBeUndefined();
    const failure = events.find(e => e.body.stepId === 'wait' && e.body.status === 'failed')!;
    expect(failure.body.message).toMatch(/Workflow run failure in job "Test", step "Run the tests"/);
    expect(await sandbox.repo('acme', 'gitops').commits()).toEqual(gitopsBefore);
  });

  it('refuses bad form input at the first step, before anything is written', async () => {
    const values = { ...formValues, models: [{ name: 'Category', fields: [{ name: 'class', type: 'CharField', maxLength: 10 }] }] };

    const { task, events } = await scaffolder.runTask(values);

    expect(task.status).toBe('failed');
    expect(stepStatuses(events)).toEqual({ generate: 'failed' });
    expect(events.map(e => e.body.message).join('\n')).toContain('project.models[0].fields[0].name: "class" is a Python keyword');
    expect(scaffolder.sandbox.countWrites()).toBe(0);
  });

  it('resumes a failed task without a second repository, secret or commit', async () => {
    const { sandbox } = scaffolder;
    // An answer the client does not retry: the push stops after initialising the repository.
    sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 1, 422);
    const first = await scaffolder.runTask(formValues);
    expect(stepStatuses(first.events).push).toBe('failed');

    await scaffolder.retry(first.id);
    const { task, events } = await scaffolder.runTask(formValues, first.id);

    expect(task.status).toBe('completed');
    expect(stepStatuses(events).register).toBe('completed');
    expect(sandbox.countWrites('POST /orgs/{org}/repos')).toBe(1);
    expect(sandbox.countWrites('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}')).toBe(1);
    expect(await sandbox.repo('acme', 'inventory-api').commits()).toHaveLength(1);
  });
});
