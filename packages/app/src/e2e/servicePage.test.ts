/**
 * @jest-environment node
 */
import { Locator, Page } from 'playwright-core';
import { chooseTemplate, fillWholeForm, openCreatePage, ProjectAnswers } from './createForm';
import { useBrowserSession } from './session';

/**
 * A generated service's page as its developer sees it: the Delivery card, live, for a service
 * created through the form, after a later push whose run fails, and for the service of
 * `npm run demo`. Screenshots go to test-artifacts/browser/service-*.png.
 */
jest.setTimeout(240_000);

/** Two models, a ForeignKey from one to the other. */
const library: ProjectAnswers = {
  owner: 'acme',
  name: 'library-api',
  description: 'Books and their authors',
  models: [
    { name: 'Author', fields: [{ name: 'name', type: 'CharField', maxLength: 120 }] },
    {
      name: 'Book',
      fields: [
        { name: 'title', type: 'CharField', maxLength: 200 },
        { name: 'author', type: 'ForeignKey', to: 'Author', onDelete: 'PROTECT' },
      ],
    },
  ],
  gitopsRepository: { owner: 'acme', name: 'gitops' },
  gitopsToken: 'gitops-token-from-the-form',
};

type Commit = { sha: string };
type Runs = { workflow_runs: Array<{ html_url: string; head_sha: string }> };

describe('the service page in a browser', () => {
  const session = useBrowserSession();

  it('shows the first run succeeded and its image deployed, for a service created through the form', async () => {
    const { portal, browser, page } = session;
    await openCreatePage(page, portal.url);
    await chooseTemplate(page);
    await fillWholeForm(page, library, portal.sandboxHost);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\//);
    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await openInCatalog.waitFor({ timeout: 150_000 }).catch(async error => {
      throw new Error(`The task did not finish: ${(await page.locator('body').innerText()).slice(0, 1500)}`, { cause: error });
    });
    // catalog:register adds the location; the catalog reads the entity a moment later.
    await portal.waitForEntity('component:default/library-api');
    await openInCatalog.click();
    await page.waitForURL(/\/catalog\/default\/component\/library-api/);

    const card = deliveryCard(page);
    const [commit] = await portal.sandboxApi<Commit[]>('/repos/acme/library-api/commits');
    const [run] = (await portal.sandboxApi<Runs>('/repos/acme/library-api/actions/runs')).workflow_runs;
    await visible(card.getByText('Succeeded', { exact: true }));
    expect(await card.getByRole('link', { name: 'run #1' }).getAttribute('href')).toBe(run.html_url);
    await visible(card.getByText(`ghcr.io/acme/library-api:sha-${commit.sha.slice(0, 7)}`));
    await visible(card.getByText('the latest successful build'));
    expect(await card.getByRole('link', { name: 'GitOps folder' }).getAttribute('href')).toBe(
      `${portal.sandboxUrl}/acme/gitops/tree/main/apps/library-api`,
    );
    expect(await card.getByRole('link', { name: 'Repository' }).getAttribute('href')).toBe(`${portal.sandboxUrl}/acme/library-api`);
    // Its owner, the guest who created it, is in the catalog: no relation the page cannot find.
    expect(await page.getByText("can't be found in the catalog").count()).toBe(0);
    await browser.screenshot('service-01-run-succeeded');
  });

  it('shows, without a reload, a later run that failed with its job and step, the image deployed before staying', async () => {
    const { portal, browser, page } = session;
    const card = deliveryCard(page);
    const [first] = await portal.sandboxApi<Commit[]>('/repos/acme/library-api/commits');
    // The sandbox fixes a run's outcome at the push: only this push's run fails.
    await portal.configureWorkflows({ outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    try {
      await portal.sandboxApi('/repos/acme/library-api/contents/CHANGELOG.md', {
        method: 'PUT',
        body: JSON.stringify({ message: 'Start a changelog', content: Buffer.from('# Changelog\n').toString('base64') }),
      });
    } finally {
      await portal.configureWorkflows({ outcome: 'success' });
    }

    await visible(card.getByText('Failed', { exact: true }), 90_000);
    await visible(card.getByRole('link', { name: 'run #2' }));
    await visible(card.getByText('Failed at'));
    await visible(card.getByRole('link', { name: 'Test' }));
    await visible(card.getByText('step “Run the tests”', { exact: false }));
    await visible(card.getByText(`ghcr.io/acme/library-api:sha-${first.sha.slice(0, 7)}`));
    await visible(card.getByText('the latest successful build'));
    await browser.screenshot('service-02-run-failed');
  });

  it('shows the service `npm run demo` creates, as after `npm start` + `npm run demo`', async () => {
    const { portal, browser, page } = session;
    const name = 'inventory-api-demo';
    const output = await portal.runDemo(name);
    expect(output).toContain('Task completed');
    // catalog:register adds the location; the catalog reads the entity a moment later.
    await portal.waitForEntity(`component:default/${name}`);

    // catalog:register adds the location; the catalog reads the entity a moment later.
    await portal.waitForEntity(`component:default/${name}`);
    await page.goto(`${portal.url}/catalog/default/component/${name}`);
    const card = deliveryCard(page);
    const [commit] = await portal.sandboxApi<Commit[]>(`/repos/acme/${name}/commits`);
    await visible(card.getByText('Succeeded', { exact: true }));
    await visible(card.getByText(`ghcr.io/acme/${name}:sha-${commit.sha.slice(0, 7)}`));
    await visible(card.getByText('the latest successful build'));
    await browser.screenshot('service-03-after-demo');
  });
});

/** The entity page's card titled "Delivery". */
function deliveryCard(page: Page): Locator {
  return page.locator('.MuiCard-root').filter({ has: page.getByText('Delivery', { exact: true }) });
}

async function visible(locator: Locator, timeout?: number): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}
