import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');
/** Screenshots of each stage; gitignored, kept by CI as artifacts. */
export const ARTIFACTS_DIR = path.join(REPOSITORY_ROOT, 'test-artifacts/browser');

export interface Browser {
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/browser/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's chromium (installed by scripts/browser-tests/setup.sh) driven by playwright-core,
 * headless, with a throwaway profile: a persistent context because `launch()` refuses
 * `--user-data-dir`.
 */
export async function openBrowser(): Promise<Browser> {
  const executablePath = execFileSync('bash', [path.join(REPOSITORY_ROOT, 'scripts/browser-tests/setup.sh')], {
    encoding: 'utf8',
  }).trim();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-portal-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Generous: CI runs these beside CPU-heavy suites (virtualenvs, linters), and the first page
  // load parses the whole bundle.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    page,
    screenshot: async name => {
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
