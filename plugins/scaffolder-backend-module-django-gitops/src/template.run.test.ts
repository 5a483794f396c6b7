import request from 'supertest';
import { parse } from 'yaml';
import { generateDjangoProject } from './django/generate';
import { DNS_LABEL, GIT_BRANCH_NAME, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { SECRET_NAME } from './github/secrets';
import { SANDBOX_TOKEN } from './testing/sandbox';
import { formValues, GITOPS_TOKEN, stepStatuses, useScaffolder } from './testing/scaffolder';

/**
 * The template run for real: a scaffolder backend with GitHub's built-in actions and ours,
 * tasks submitted through its REST API, GitHub played by the sandbox.
 */
jest.setTimeout(60_000);

describe('the django-gitops template, run by the scaffolder', () => {
  const scaffolder = useScaffolder();

  it('creates the repository with one commit, the environment and its secret before it, and one workflow run', async () => {
    const { sandbox } = scaffolder;
    const { task, events, log } = await scaffolder.runTask(formValues);

    expect(stepStatuses(events)).toEqual({
      generate: 'completed',
      'create-repo': 'completed',
      'create-environment': 'completed',
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
    // The catalog owner the form picked; the GitHub owner stays in the annotations.
    const catalogInfo = parse((await repository.readFile('main', 'catalog-info.yaml'))!.toString());
    expect(catalogInfo.spec.owner).toBe('group:default/inventory-team');
    expect(catalogInfo.metadata.annotations['github.com/project-slug']).toBe('acme/inventory-api');

    // The GitOps credential is a secret of the gitops environment, which only main may deploy from,
    // set up before the secret is stored, and both before the push starts the first run.
    expect(sandbox.secrets('acme', 'inventory-api')).toEqual([]);
    const [secret] = sandbox.secrets('acme', 'inventory-api', 'gitops');
    expect(secret).toMatchObject({ name: 'PAT_TOKEN', value: GITOPS_TOKEN });
    const environment = repository.environment('gitops')!;
    expect(environment).toMatchObject({
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      branchPolicies: [{ name: 'main', type: 'branch' }],
    });
    expect(environment.seq).toBeLessThan(secret.seq);
    expect(secret.seq).toBeLessThan(Math.min(...repository.pushes().map(p => p.seq)));
    const workflowFile = (await repository.readFile('main', '.github/workflows/ci-cd.yml'))!.toString();
    expect(parse(workflowFile).jobs['update-gitops'].environment).toBe('gitops');
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
      'apps/inventory-api/networkpolicy.yaml',
      'apps/inventory-api/pvc.yaml',
      'apps/inventory-api/service.yaml',
    ]);
    expect(gitopsFiles).toEqual(expect.arrayContaining(['k8s/applicationset.yaml', 'k8s/appproject.yaml', 'k8s/kustomization.yaml']));
    // Argo CD clones the GitOps repository from the address GitHub gives for it.
    const applicationSet = parse((await gitops.readFile('main', 'k8s/applicationset.yaml'))!.toString());
    expect(applicationSet.spec.template.spec.source.repoURL).toBe('https://github.com/acme/gitops.git');
    expect(applicationSet.spec.template.spec.project).toBe('dev-portal-apps');
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

  it.each(['kube-system', 'argocd', 'default', 'kube-anything', 'openshift-anything'])(
    'refuses the reserved namespace %s as a name at the first step, with no GitHub write',
    async name => {
      const { task, events } = await scaffolder.runTask({ ...formValues, repoUrl: `github.com?owner=acme&repo=${name}` });

      expect(task.status).toBe('failed');
      expect(stepStatuses(events)).toEqual({ generate: 'failed', report: 'completed' });
      expect(events.map(e => e.body.message).join('\n')).toContain(`Project name "${name}" is a reserved namespace`);
      expect(scaffolder.sandbox.countWrites()).toBe(0);
    },
  );

  it('deploys an HTTPRoute with HTTPS at the Gateway, a pull secret, PostgreSQL with autoscaling and monitoring', async () => {
    const { sandbox } = scaffolder;
    const values = {
      ...formValues,
      database: 'postgres',
      ingressHost: 'inventory.example.com',
      routeKind: 'HTTPRoute',
      gatewayName: 'public',
      gatewayNamespace: 'gateways',
      tls: 'secret',
      imagePullSecret: 'ghcr-pull',
      replicas: 3,
      autoscaling: true,
      maxReplicas: 9,
      monitoring: true,
    };

    const { task } = await scaffolder.runTask(values);

    expect(task.status).toBe('completed');
    const gitops = sandbox.repo('acme', 'gitops');
    const files = [...(await gitops.files()).keys()].filter(f => f.startsWith('apps/inventory-api/')).map(f => f.slice('apps/inventory-api/'.length));
    expect(files.sort()).toEqual([
      'README.md', 'deployment.yaml', 'grafana-dashboard.yaml', 'hpa.yaml', 'httproute.yaml', 'kustomization.yaml', 'migrate-job.yaml',
      'networkpolicy.yaml', 'poddisruptionbudget.yaml', 'prometheusrule.yaml', 'service.yaml', 'servicemonitor.yaml',
    ]);
    const route = parse((await gitops.readFile('main', 'apps/inventory-api/httproute.yaml'))!.toString());
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways' }]);
    const deployment = parse((await gitops.readFile('main', 'apps/inventory-api/deployment.yaml'))!.toString());
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    expect(deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).not.toContain('SECURE_SSL_REDIRECT');
    expect(parse((await gitops.readFile('main', 'apps/inventory-api/hpa.yaml'))!.toString()).spec).toMatchObject({ minReplicas: 3, maxReplicas: 9 });
  });

  it('refuses bad form input at the first step, before anything is written', async () => {
    const values = { ...formValues, models: [{ name: 'Category', fields: [{ name: 'class', type: 'CharField', maxLength: 10 }] }] };

    const { task, events } = await scaffolder.runTask(values);

    expect(task.status).toBe('failed');
    expect(stepStatuses(events)).toEqual({ generate: 'failed', report: 'completed' });
    expect(events.map(e => e.body.message).join('\n')).toContain('Category.class: name "class" is a Python keyword (project.models[0].fields[0].name)');
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
    expect(sandbox.countWrites('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}')).toBe(1);
    expect(sandbox.countWrites('PUT /repos/{owner}/{repo}/environments/{environment_name}')).toBe(1);
    expect(await sandbox.repo('acme', 'inventory-api').commits()).toHaveLength(1);
  });

  it('ends within 2 s when cancelled during a 60 s rate-limit pause, writing nothing after', async () => {
    const { sandbox } = scaffolder;
    sandbox.faults.secondaryRateLimit('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key', 1, 60);
    const id = await scaffolder.submitTask(formValues);
    while (!sandbox.requests.some(r => r.status === 403)) await new Promise(resolve => setTimeout(resolve, 20));
    const writesBefore = sandbox.countWrites();

    const cancelled = Date.now();
    await request(scaffolder.server).post(`/api/scaffolder/v2/tasks/${id}/cancel`).expect(200);
    const { task, events } = await scaffolder.taskEnded(id);

    // The scaffolder hands a cancel to the running step within a second (it polls for it).
    expect(Date.now() - cancelled).toBeLessThan(2000);
    // scaffolder-backend 4.2 records the cancel as an event of the running step, then ends that
    // step and the task as failed, with the abort as the step's error. The report step, which
    // runs after any failure, is cancelled too.
    expect(events.find(e => e.type === 'cancelled')?.body).toMatchObject({ stepId: 'add-secret', status: 'cancelled' });
    expect(stepStatuses(events)).toEqual({
      generate: 'completed',
      'create-repo': 'completed',
      'create-environment': 'completed',
      'add-secret': 'failed',
      report: 'failed',
    });
    expect(events.find(e => e.body.stepId === 'add-secret' && e.body.status === 'failed')!.body.message).toMatch(/AbortError/);
    expect(task.status).toBe('failed');
    expect(sandbox.countWrites()).toBe(writesBefore);
    expect(sandbox.secrets('acme', 'inventory-api', 'gitops')).toEqual([]);
  });

  it("shows each action's single-field rules in the JSON Schema of the Actions page", async () => {
    const actions: { id: string; schema: { input: { properties: Record<string, any>; required?: string[] } } }[] = (
      await request(scaffolder.server).get('/api/scaffolder/v2/actions').expect(200)
    ).body;
    const input = (id: string) => actions.find(action => action.id === id)!.schema.input;

    expect(input('github:add-secret').properties.secretName.pattern).toBe(SECRET_NAME.source);
    expect(input('github:add-secret').properties.secretValue).toMatchObject({ minLength: 1, maxLength: 48 * 1024 });
    expect(input('github:add-secret').required).toEqual(['repoUrl', 'secretValue']);
    expect(input('github:wait-workflow').properties.commitSha.pattern).toBe('^[0-9a-f]{40}$');
    expect(input('github:wait-workflow').properties.timeoutSeconds).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(input('github:batch-push').properties.branch.pattern).toBe(GIT_BRANCH_NAME.source);
    const targetPath = new RegExp(input('github:batch-push').properties.targetPath.pattern);
    expect(['docs', 'a/b', '..config'].map(path => targetPath.test(path))).toEqual([true, true, true]);
    expect(['..', '../x', 'a/../b', 'a/..'].map(path => targetPath.test(path))).toEqual([false, false, false, false]);
    expect(input('gitops:push-repo-b').properties.appName).toMatchObject({ pattern: DNS_LABEL.source, maxLength: 53 });
    expect(input('gitops:push-repo-b').properties.branch.pattern).toBe(GIT_BRANCH_NAME.source);
  });
});
