import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PortalCluster, startPortalCluster } from './__testUtils__/portalCluster';

/**
 * app-config.production.yaml as the image runs it (NODE_ENV=production, PostgreSQL, the
 * environment of deploy/portal/): it starts, it serves the frontend with GitHub sign-in, it signs
 * nobody in as guest, and every API call needs credentials.
 */
jest.setTimeout(600_000);

const GITHUB_CLIENT_ID = 'Iv1.portal-test-client';

describe('app-config.production.yaml', () => {
  let cluster: PortalCluster;
  let url: string;
  beforeAll(async () => {
    // The backend serves the frontend (plugin-app-backend): build it if its sources changed.
    execFileSync('bash', [path.resolve(__dirname, '../../app/scripts/build-if-changed.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    cluster = await startPortalCluster({
      replicas: 1,
      latencyMs: 0,
      run: { appearAfterMs: 0, queuedMs: 0, inProgressMs: 0 },
      staleTimeoutSeconds: 30,
      env: { AUTH_GITHUB_CLIENT_ID: GITHUB_CLIENT_ID },
    });
    url = cluster.replicas[0].url;
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("answers Backstage's readiness and liveness checks", async () => {
    for (const check of ['readiness', 'liveness']) {
      const response = await fetch(`${url}/.backstage/health/v1/${check}`);
      expect({ check, status: response.status, body: await response.json() }).toEqual({ check, status: 200, body: { status: 'ok' } });
    }
  });

  it('signs nobody in as guest', async () => {
    const response = await fetch(`${url}/api/auth/guest/refresh?env=production`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe("No auth provider registered for 'guest'");
  });

  it('sends people to GitHub to sign in, with the configured OAuth app', async () => {
    const response = await fetch(`${url}/api/auth/github/start?env=production&scope=read:user`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(GITHUB_CLIENT_ID);
    expect(location.searchParams.get('redirect_uri')).toBe(`${url}/api/auth/github/handler/frame`);
  });

  it('tells the frontend to offer GitHub sign-in', async () => {
    const page = await (await fetch(url)).text();
    const [, injected] = /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(page) ?? [];
    const configs: Array<{ data: { devPortal?: { signIn?: { providers?: string[] } } } }> = JSON.parse(injected);
    expect(configs.map(config => config.data.devPortal?.signIn?.providers).filter(Boolean)).toEqual([['github']]);
  });

  it('refuses API calls without credentials, and takes the external access token', async () => {
    for (const apiPath of ['/api/catalog/entities', '/api/scaffolder/v2/tasks']) {
      expect({ apiPath, status: (await fetch(`${url}${apiPath}`)).status }).toEqual({ apiPath, status: 401 });
    }
    const entities = await cluster.replicas[0].api<Array<{ metadata: { name: string } }>>('/catalog/entities?filter=kind=template');
    expect(entities.map(entity => entity.metadata.name)).toEqual(['django-gitops']);
  });
});
