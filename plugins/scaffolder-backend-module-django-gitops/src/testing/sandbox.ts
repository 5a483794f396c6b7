import { setupServer } from 'msw/node';
import { createGitHubSandbox, GitHubSandbox } from '@dev-portal/github-sandbox';
import { createGitHubClient, GitHubClient } from '../github/client';

/** Test support: a fresh GitHub sandbox per test behind msw, and our own client pointed at it. */

export const SANDBOX_TOKEN = 'ghp_devPortalTestToken0123456789';

export interface SandboxContext {
  sandbox: GitHubSandbox;
  client: GitHubClient;
  /** Lines our code logged through the client and the services. */
  logs: string[];
  log: (line: string) => void;
}

export function useGitHubSandbox(): SandboxContext {
  const server = setupServer();
  const context = { logs: [] as string[] } as SandboxContext;
  context.log = line => context.logs.push(line);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    context.sandbox = createGitHubSandbox({ token: SANDBOX_TOKEN });
    context.logs = [];
    server.resetHandlers(...context.sandbox.handlers);
    context.client = createGitHubClient({
      auth: SANDBOX_TOKEN,
      baseUrl: context.sandbox.baseUrl,
      retryAfterBaseSeconds: 0.001,
      log: context.log,
    });
  });
  afterEach(() => context.sandbox.close());
  afterAll(() => server.close());
  return context;
}
