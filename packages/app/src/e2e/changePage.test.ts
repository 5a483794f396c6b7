/**
 * @jest-environment node
 */
import { Page } from 'playwright-core';
import { openCreatePage } from './createForm';
import { useBrowserSession } from './session';

/**
 * The "Change a Django service" template's form (templates/django-gitops-update) as a developer
 * sees it: the service of `npm run demo` picked, its models appear in the models editor from its
 * stored answers, and an edit is never overwritten. Screenshots go to
 * test-artifacts/browser/change-*.png.
 */
jest.setTimeout(240_000);

const SERVICE = 'inventory-api-demo';
const PREFILLED = `Pre-filled from the stored answers of component:default/${SERVICE}`;

describe('the change template in a browser', () => {
  const session = useBrowserSession({}, ['django-gitops-update']);

  it('pre-fills the picked service’s models from its stored answers, and keeps an edit', async () => {
    const { portal, browser, page } = session;
    expect(await portal.runDemo(SERVICE)).toContain('Task completed');
    // catalog:register adds the location; the catalog reads the entity a moment later.
    await portal.waitForEntity(`component:default/${SERVICE}`);

    await openCreatePage(page, portal.url);
    await page.goto(`${portal.url}/create/templates/default/django-gitops-update`);
    await see(page, 'Pick the service first: its stored models will appear here.');
    const service = page.getByRole('textbox', { name: 'Service' });
    await service.fill(SERVICE);
    await page.getByRole('option', { name: new RegExp(SERVICE) }).click();

    // The demo's models (scripts/demo.ts), in their order.
    await see(page, PREFILLED);
    expect(await page.locator('#root_models_0_name').inputValue()).toBe('Category');
    expect(await page.locator('#root_models_1_name').inputValue()).toBe('Product');
    expect(await page.locator('#root_models_1_fields_2_to').inputValue()).toBe('Category');
    await browser.screenshot('change-01-models-prefilled');

    // An edit stays; the stored models come back only when asked for.
    await page.locator('#root_models_0_name').fill('Shelf');
    await see(page, `These models differ from the stored answers of component:default/${SERVICE}`);
    expect(await page.locator('#root_models_1_fields_2_to').inputValue()).toBe('Shelf');
    await browser.screenshot('change-02-models-edited');
    await page.getByRole('button', { name: 'Start again from the stored models' }).click();
    await see(page, PREFILLED);
    expect(await page.locator('#root_models_0_name').inputValue()).toBe('Category');
  });
});

/** Waits for `text`; a timeout says what the page showed instead. */
async function see(page: Page, text: string): Promise<void> {
  await page
    .getByText(text)
    .waitFor()
    .catch(async error => {
      throw new Error(`"${text}" did not show: ${(await page.locator('body').innerText()).slice(0, 3000)}`, { cause: error });
    });
}
