import { formValues, stepStatuses, TaskEvent, useScaffolder } from './testing/scaffolder';

/**
 * An onboarding that cannot finish: what the task says, what it leaves, and how the platform team
 * finishes it (README: "When an onboarding fails").
 */
jest.setTimeout(120_000);

const logOf = (events: TaskEvent[], stepId: string) =>
  events.filter(event => event.body.stepId === stepId).map(event => event.body.message ?? '').join('\n');

describe('an onboarding that fails', () => {
  const scaffolder = useScaffolder();

  it('says which job and step of the run failed, what exists with its links, and how to finish', async () => {
    const { sandbox } = scaffolder;
    sandbox.workflows.configure({ appearAfterMs: 20, queuedMs: 20, inProgressMs: 20, outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });

    const { task, events } = await scaffolder.runTask(formValues);

    expect(task.status).toBe('failed');
    expect(stepStatuses(events)).toMatchObject({ push: 'completed', wait: 'failed', report: 'completed' });
    const [run] = sandbox.runs('acme', 'inventory-api');
    expect(logOf(events, 'wait')).toContain(`Workflow run failure in job "Test", step "Run the tests": ${run.htmlUrl}`);
    const [commit] = await sandbox.repo('acme', 'inventory-api').commits();
    expect(logOf(events, 'report')).toContain(
      [
        'The onboarding stopped at the failed step above, which says why. What exists:',
        '- the repository: https://github.com/acme/inventory-api',
        '- its secret PAT_TOKEN, in the gitops environment',
        `- the project, one commit: https://github.com/acme/inventory-api/commit/${commit.sha} (its CI/CD run is on the repository's Actions tab)`,
        'To finish, remove the cause, then press Retry (the task resumes at the failed step) or run',
        'the template again with the same values: what exists is reused, nothing is made twice.',
      ].join('\n'),
    );
    expect((await sandbox.repo('acme', 'gitops').files()).has('apps/inventory-api/kustomization.yaml')).toBe(false);
  });

  it('says that nothing exists when it stops before anything is created', async () => {
    const { task, events } = await scaffolder.runTask({ ...formValues, appName: 'class' });

    expect(task.status).toBe('failed');
    expect(logOf(events, 'report')).toContain('What exists:\n- nothing on GitHub yet\n');
    expect(scaffolder.sandbox.listRepos().map(repository => repository.fullName)).toEqual(['acme/gitops']);
  });

  it('run again with the same values once the cause is gone, completes without making anything twice', async () => {
    const { sandbox } = scaffolder;
    // The GitOps repository the form names does not exist yet: the onboarding stops there.
    const values = { ...formValues, gitopsRepoUrl: 'github.com?owner=acme&repo=gitops-production' };
    const first = await scaffolder.runTask(values);
    expect(first.task.status).toBe('failed');
    expect(stepStatuses(first.events)).toMatchObject({ wait: 'completed', gitops: 'failed' });

    await sandbox.createRepo('acme', 'gitops-production', { autoInit: true });
    sandbox.resetRequestLog();
    const second = await scaffolder.runTask(values);

    expect(second.task.status).toBe('completed');
    const repository = sandbox.repo('acme', 'inventory-api');
    const [commit, ...more] = await repository.commits();
    expect(more).toEqual([]);
    expect(logOf(second.events, 'create-repo')).toContain(
      `Reusing https://github.com/acme/inventory-api: its only commit ${commit.sha.slice(0, 7)} holds exactly this project`,
    );
    expect(logOf(second.events, 'push')).toContain(`acme/inventory-api already holds these files at ${commit.sha.slice(0, 7)}: nothing pushed`);
    // No second push, so no second run; the secret replaced, not added; one branch policy.
    expect(sandbox.runs('acme', 'inventory-api')).toHaveLength(1);
    expect(sandbox.secrets('acme', 'inventory-api', 'gitops').map(secret => secret.name)).toEqual(['PAT_TOKEN']);
    expect(repository.environment('gitops')!.branchPolicies).toEqual([expect.objectContaining({ name: 'main' })]);
    const gitops = await sandbox.repo('acme', 'gitops-production').commits();
    expect(gitops.filter(c => c.files.includes('apps/inventory-api/kustomization.yaml'))).toHaveLength(1);
    expect(sandbox.countWrites(request => request.route === 'POST /orgs/{org}/repos' && request.status < 400)).toBe(0);
  });
});
