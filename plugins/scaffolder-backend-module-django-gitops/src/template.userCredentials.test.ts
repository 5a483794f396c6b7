import { SANDBOX_TOKEN } from './testing/sandbox';
import { formValues, GITOPS_TOKEN, stepStatuses, useScaffolder } from './testing/scaffolder';

/**
 * A platform that requires the user's own GitHub token (`scaffolder.requireScmUserCredentials`),
 * run by the real scaffolder against the sandbox. The integration's token is one the sandbox
 * refuses: a step that fell back to it could not write anything.
 */
jest.setTimeout(60_000);

describe('the template when the platform requires user credentials', () => {
  const scaffolder = useScaffolder({
    config: {
      scaffolder: { requireScmUserCredentials: true },
      integrations: { github: [{ host: 'github.com', token: 'ghp_integrationTokenTheSandboxRefuses' }] },
    },
  });

  it.each([
    ['github:ensure-repo', { createRepository: true }, 'create-repo'],
    ["github:environment:create (upstream's), into an existing repository", { createRepository: false }, 'create-environment'],
    ['github:batch-push, into an existing repository without CI/CD', { createRepository: false, cicd: false, imageTag: 'sha-1a2b3c4' }, 'push'],
  ])('fails the first GitHub step, %s, without a user token and writes nothing', async (_, change, firstGitHubStep) => {
    await scaffolder.sandbox.createRepo('acme', 'inventory-api');
    scaffolder.sandbox.resetRequestLog();

    const { task, events } = await scaffolder.taskEnded(await scaffolder.submitTask({ ...formValues, ...change }));

    expect(task.status).toBe('failed');
    // The report of what exists runs after any failure; here it says nothing was created.
    expect(stepStatuses(events)).toEqual({ generate: 'completed', [firstGitHubStep]: 'failed', report: 'completed' });
    const failure = events.find(e => e.body.stepId === firstGitHubStep && e.body.status === 'failed')!;
    expect(failure.body.message).toMatch(/No user credentials provided for host github\.com, but scaffolder\.requireScmUserCredentials is enabled/);
    expect(scaffolder.sandbox.countRequests()).toBe(0);
    expect(scaffolder.sandbox.countWrites()).toBe(0);
  });

  it("runs every GitHub step with the user's token", async () => {
    const id = await scaffolder.submitTask(formValues, { gitopsToken: GITOPS_TOKEN, USER_OAUTH_TOKEN: SANDBOX_TOKEN });
    const { task, log } = await scaffolder.taskEnded(id);

    expect(task.status).toBe('completed');
    expect(await scaffolder.sandbox.repo('acme', 'inventory-api').commits()).toHaveLength(1);
    expect(await scaffolder.sandbox.repo('acme', 'gitops').commits()).toHaveLength(2);
    expect(log).not.toContain(SANDBOX_TOKEN);
  });
});
