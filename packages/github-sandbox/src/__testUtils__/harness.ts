import { Octokit } from '@octokit/rest';
import sodium from 'libsodium-wrappers';
import { setupServer } from 'msw/node';
import { createGitHubSandbox, GitHubSandbox, GitHubSandboxOptions } from '../sandbox';

export const TEST_TOKEN = 'ghp_sandboxTestToken';

export interface SandboxHarness {
  sandbox: GitHubSandbox;
  octokit: Octokit;
}

/** A real Octokit client; failed requests are what tests assert on, so they are not logged. */
export const testOctokit = (baseUrl: string, auth = TEST_TOKEN): Octokit =>
  new Octokit({ auth, baseUrl, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });

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
    harness.octokit = testOctokit(harness.sandbox.baseUrl);
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

/** Encrypts a secret the way GitHub documents (sealed box, standard padded base64). */
export async function sealSecret(publicKeyBase64: string, value: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

/** The HTTP status of an Octokit call, whether it resolved or threw a RequestError. */
export async function statusOf(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

/** The body of a failed Octokit call. */
export async function errorBodyOf(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return (error as { response: { data: Record<string, unknown> } }).response.data;
  }
  throw new Error('expected the request to fail');
}
