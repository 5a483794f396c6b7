import { setupServer } from 'msw/node';
import { createGitHubSandbox, GitHubSandbox, GitHubSandboxOptions } from '@dev-portal/github-sandbox';
import { createGitHubClient, GitHubClient } from '../github/client';

/** Test support: a fresh GitHub sandbox per test behind msw, and our own client pointed at it. */

export const SANDBOX_TOKEN = 'ghp_devPortalTestToken0123456789';

export interface SandboxContext {
  sandbox: GitHubSandbox;
  client: GitHubClient;
  /** Lines our code logged through the client and the services. */
  logs: string[];
  log: (line: string) => void;
  /** Swaps this test's sandbox for a fresh one with other options (a lower rate limit). */
  restart(options: Omit<GitHubSandboxOptions, 'token'>): Promise<void>;
}

export function useGitHubSandbox(): SandboxContext {
  const server = setupServer();
  const context = { logs: [] as string[] } as SandboxContext;
  context.log = line => context.logs.push(line);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  const start = (options: Omit<GitHubSandboxOptions, 'token'> = {}) => {
    context.sandbox = createGitHubSandbox({ ...options, token: SANDBOX_TOKEN });
    context.logs = [];
    server.resetHandlers(...context.sandbox.handlers);
    context.client = createGitHubClient({
      auth: SANDBOX_TOKEN,
      baseUrl: context.sandbox.baseUrl,
      retryAfterBaseSeconds: 0.001,
      log: context.log,
    });
  };
  context.restart = async options => {
    await context.sandbox.close();
    start(options);
  };
  beforeEach(() => start());
  afterEach(() => context.sandbox.close());
  afterAll(() => server.close());
  return context;
}
