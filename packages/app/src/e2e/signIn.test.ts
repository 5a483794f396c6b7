/**
 * @jest-environment node
 */
import { useBrowserSession } from './session';

/**
 * The sign-in page with GitHub sign-in configured, as app-config.production.yaml configures it:
 * GitHub offered, guest not, and the button sends the person to GitHub's authorization page with
 * the portal's OAuth app. (The guest flow of `npm start` is createPage.test.ts.)
 */
jest.setTimeout(120_000);

const CLIENT_ID = 'Iv1.e2e-portal-client';

describe('the sign-in page with GitHub configured', () => {
  const session = useBrowserSession({
    devPortal: { signIn: { providers: ['github'] } },
    auth: { providers: { github: { development: { clientId: CLIENT_ID, clientSecret: 'e2e-client-secret' } } } },
  });

  it('offers GitHub, not guest, and opens GitHub’s authorization page for the portal’s OAuth app', async () => {
    const { portal, browser } = session;
    const { page } = browser;
    // No network here: GitHub's page is answered locally, and the address it was asked for kept.
    const authorizations: URL[] = [];
    await page.context().route('https://github.com/**', route => {
      authorizations.push(new URL(route.request().url()));
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>GitHub</title>' });
    });
    await page.goto(`${portal.url}/create`);
    await page.getByText('Sign in with your GitHub account').waitFor();
    await browser.screenshot('sign-in-github');
    expect(await page.getByRole('button', { name: 'Enter' }).count()).toBe(0);

    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await (await popup).waitForURL(/^https:\/\/github\.com\//);

    expect(authorizations).toHaveLength(1);
    const [authorization] = authorizations;
    expect(`${authorization.origin}${authorization.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(authorization.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${portal.url}/api/auth/github/handler/frame`);
  });
});
