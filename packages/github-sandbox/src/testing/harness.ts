import { Octokit } from '@octokit/rest';
import { setupServer } from 'msw/node';
import { createGitHubSandbox, GitHubSandbox, GitHubSandboxOptions } from '../sandbox';

export const TEST_TOKEN = 'ghp_sandboxTestToken';

export interface SandboxHarness {
  sandbox: GitHubSandbox;
  octokit: Octokit;
}

/**
 * Test setup shared by this package's tests: a fresh sandbox per test behind msw, and a real
 * Octokit client that talks to it as it would to api.github.com.
 */
export function useSandbox(options: GitHubSandboxOptions = {}): SandboxHarness {
  const server = setupServer();
  const harness = {} as SandboxHarness;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    harness.sandbox = createGitHubSandbox({ token: TEST_TOKEN, ...options });
    server.resetHandlers(...harness.sandbox.handlers);
    harness.octokit = new Octokit({ auth: TEST_TOKEN, baseUrl: harness.sandbox.baseUrl });
  });
  afterEach(() => harness.sandbox.close());
  afterAll(() => server.close());
  return harness;
}

/** Polls until `check` returns a value (not undefined), for at most `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
