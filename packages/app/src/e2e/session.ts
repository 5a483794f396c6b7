import { Page } from 'playwright-core';
import { Browser, openBrowser } from './browser';
import { Portal, startPortal } from './portal';

/** What the tests of one describe block share: a running portal and a browser page on it. */
export interface BrowserSession {
  portal: Portal;
  browser: Browser;
  page: Page;
}

/**
 * Starts a portal (with `startPortal`'s arguments) and a browser before the describe block's
 * tests, and stops both after them. The session's fields are set once `beforeAll` has run.
 */
export function useBrowserSession(...portalArguments: Parameters<typeof startPortal>): BrowserSession {
  const session = {} as BrowserSession;
  // The first start on a machine builds the frontend and installs chromium: minutes, on a busy one.
  beforeAll(async () => {
    [session.portal, session.browser] = await Promise.all([startPortal(...portalArguments), openBrowser()]);
    session.page = session.browser.page;
  }, 900_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.portal?.stop();
  });
  return session;
}
