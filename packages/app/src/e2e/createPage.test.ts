/**
 * @jest-environment node
 */
import fs from 'node:fs';
import path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { parse } from 'yaml';
import {
  chooseTemplate,
  fillDeploymentPage,
  fillModelsPage,
  fillProjectPage,
  fillRepositoryPage,
  fillWholeForm,
  next,
  openCreatePage,
  ProjectAnswers,
  TEMPLATE_TITLE,
} from './createForm';
import { useBrowserSession } from './session';

/**
 * The portal as a developer uses it: Debian's chromium against the built frontend, served by the
 * backend of `npm start` with the GitHub sandbox behind it. Screenshots of each stage go to
 * test-artifacts/browser/.
 */
jest.setTimeout(120_000);

const TEMPLATE_PATH = path.resolve(__dirname, '../../../../templates/django-gitops/template.yaml');

/** Two models, a ForeignKey from one to the other, four fields in all. */
const shop: ProjectAnswers = {
  owner: 'acme',
  name: 'shop-api',
  description: 'Products and their categories',
  catalogOwner: 'platform',
  models: [
    {
      name: 'Category',
      fields: [
        { name: 'title', type: 'CharField', maxLength: 120, unique: true },
        { name: 'slug', type: 'SlugField', maxLength: 50, unique: true },
      ],
    },
    {
      name: 'Product',
      fields: [
        { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2 },
        { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT' },
      ],
    },
  ],
  gitopsRepository: { owner: 'acme', name: 'gitops' },
  gitopsToken: 'gitops-token-from-the-form',
};

/**
 * The library: six models, relations both ways (Book -> Author and Author -> Book, a cycle kept
 * legal by one optional link), a many-to-many, two models pointing at two others.
 */
const library: ProjectAnswers = {
  owner: 'acme',
  name: 'library-api',
  description: 'Books, their authors and publishers, members, loans and reviews',
  models: [
    {
      name: 'Author',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 120 },
        { name: 'featured_book', type: 'ForeignKey', to: 'Book', onDelete: 'SET_NULL', required: false },
      ],
    },
    { name: 'Publisher', fields: [{ name: 'name', type: 'CharField', maxLength: 120, unique: true }] },
    {
      name: 'Book',
      fields: [
        { name: 'title', type: 'CharField', maxLength: 200 },
        { name: 'isbn', type: 'CharField', maxLength: 13, unique: true },
        { name: 'author', type: 'ForeignKey', to: 'Author', onDelete: 'PROTECT' },
        { name: 'publisher', type: 'ForeignKey', to: 'Publisher', onDelete: 'SET_NULL', required: false },
      ],
    },
    {
      name: 'Member',
      fields: [
        { name: 'full_name', type: 'CharField', maxLength: 120 },
        { name: 'email', type: 'EmailField', unique: true },
        { name: 'favourites', type: 'ManyToManyField', to: 'Book', required: false },
      ],
    },
    {
      name: 'Loan',
      fields: [
        { name: 'book', type: 'ForeignKey', to: 'Book' },
        { name: 'member', type: 'ForeignKey', to: 'Member' },
        { name: 'due', type: 'DateField' },
      ],
    },
    {
      name: 'Review',
      fields: [
        { name: 'book', type: 'ForeignKey', to: 'Book' },
        { name: 'member', type: 'ForeignKey', to: 'Member' },
        { name: 'stars', type: 'PositiveIntegerField' },
      ],
    },
  ],
  gitopsRepository: { owner: 'acme', name: 'gitops' },
  gitopsToken: 'gitops-token-from-the-form',
};

/** The check mark (Material CheckCircleOutline) the task page shows beside a finished step. */
const STEP_DONE_ICON = 'svg path[d^="M16.59 7.58L10 14.17"]';
/** The exclamation mark (Material ErrorOutline) beside a failed step. */
const STEP_FAILED_ICON = 'svg path[d^="M11 15h2v2h-2zm0-8h2v6h-2z"]';

describe('the Create page in a browser', () => {
  const session = useBrowserSession();

  it('signs a guest in and lists the template', async () => {
    const { portal, browser, page } = session;
    await page.goto(`${portal.url}/create`);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor();
    await browser.screenshot('01-sign-in');

    await enter.click();

    await visible(page.getByRole('heading', { name: TEMPLATE_TITLE }));
    await browser.screenshot('02-create-page');
  });

  it('creates the project from two related models and shows every step done', async () => {
    const { portal, browser, page } = session;
    await openCreatePage(page, portal.url);
    await chooseTemplate(page);
    await fillWholeForm(page, shop, portal.sandboxHost, browser.screenshot);

    await visible(page.getByRole('cell', { name: 'Products and their categories' }));
    expect(await page.getByText(shop.gitopsToken).count()).toBe(0);
    await browser.screenshot('06-review');
    await page.getByRole('button', { name: 'Create' }).click();

    await expectEveryStepDone(page);
    // The task's output (the log, when shown, says "Generated 42 files of ..." too).
    await visible(page.getByText(new RegExp(`^\\d+ files of ${shop.name}, image`)));
    await browser.screenshot('07-task-done');

    // The links the task page shows lead to what is in the sandbox.
    const repositoryLink = await page.getByRole('link', { name: 'Repository' }).getAttribute('href');
    expect(repositoryLink).toBe(`${portal.sandboxUrl}/${shop.owner}/${shop.name}`);
    const repo = `/repos/${shop.owner}/${shop.name}`;
    const models = await sandboxFile(`${repo}/contents/api/models.py`);
    expect(models).toMatch(/class Category\(/);
    expect(models).toMatch(/class Product\(/);
    expect(models).toMatch(/category = models\.ForeignKey\(\s*"?Category"?/);
    const commits = await portal.sandboxApi<unknown[]>(`${repo}/commits`);
    expect(commits).toHaveLength(1);
    // The team picked in the form owns the catalog entity; the GitHub owner keeps the annotations.
    expect(await catalogInfo(shop)).toMatchObject({
      metadata: { annotations: { 'github.com/project-slug': `${shop.owner}/${shop.name}` } },
      spec: { owner: 'group:default/platform' },
    });
    // The GitOps token is a secret of the gitops environment (the deploy job's), not of the repository.
    const { secrets } = await portal.sandboxApi<{ secrets: Array<{ name: string }> }>(`${repo}/environments/gitops/secrets`);
    expect(secrets.map(secret => secret.name)).toEqual(['PAT_TOKEN']);
    const runLink = await page.getByRole('link', { name: 'CI/CD run' }).getAttribute('href');
    const { workflow_runs: runs } = await portal.sandboxApi<{
      workflow_runs: Array<{ html_url: string; conclusion: string }>;
    }>(`${repo}/actions/runs`);
    expect(runs).toEqual([expect.objectContaining({ html_url: runLink, conclusion: 'success' })]);

    // The GitOps folder link shows the app's folder, deploying the image of that one commit.
    const folderLink = await page.getByRole('link', { name: 'GitOps folder' }).getAttribute('href');
    expect(folderLink).toBe(`${portal.sandboxUrl}/${shop.owner}/gitops/tree/main/apps/${shop.name}`);
    const kustomization = await sandboxFile(`/repos/${shop.owner}/gitops/contents/apps/${shop.name}/kustomization.yaml`);
    const [{ sha }] = commits as Array<{ sha: string }>;
    expect(kustomization).toContain(`newTag: sha-${sha.slice(0, 7)}`);
  });

  it('names a mistake in the models next to the field as it is made, and takes it away once fixed', async () => {
    const { browser, page } = session;
    await openModelsPage(shop);

    const row = 'root_models_0_fields_0';
    await page.locator('#root_models_0_name').fill('Book');
    await page.locator(`#${row}_name`).fill('title');
    // A CharField shows its max length, and none of the other types' options.
    expect(await page.locator(`#${row}_maxDigits, #${row}_to, #${row}_onDelete`).count()).toBe(0);
    await page.locator(`#${row}_name`).blur();
    const missingLength = problemShown(page, 'Book.title: max length is required for a CharField');
    await visible(missingLength);
    await browser.screenshot('10-models-problem-shown');

    await page.locator(`#${row}_maxLength`).fill('200');
    await missingLength.waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').count()).toBe(0);
    await browser.screenshot('11-models-problem-fixed');

    // A relation's target is a dropdown of the models of the form, and a missing one stops "Next".
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.locator('#root_models_1_name').fill('Review');
    await page.locator('#root_models_1_fields_0_name').fill('book');
    await page.locator('#root_models_1_fields_0_type').selectOption('ForeignKey');
    const targets = await page.locator('#root_models_1_fields_0_to option').allTextContents();
    expect(targets).toEqual(['Choose a model', 'Book', 'Review']);
    await next(page);
    await visible(problemShown(page, 'Review.book: related model is required for a ForeignKey: choose the model it points to'));
    expect(await page.locator('#root_models_0_name').count()).toBe(1);
    await page.locator('#root_models_1_fields_0_to').selectOption('Book');
    expect(await page.getByRole('alert').count()).toBe(0);
    // The preview names each model's endpoint, and lists the files from the portal's preview route.
    await visible(page.getByRole('cell', { name: '/api/reviews/' }));
    await visible(page.getByRole('list', { name: 'Files' }).getByText('api/models.py', { exact: true }));
    await browser.screenshot('11b-models-preview');
    await next(page);
    await visible(page.getByLabel('GitOps token'));
  });

  it('creates the library: six models, relations both ways and a cycle, each target picked from the dropdown', async () => {
    const { portal, browser, page } = session;
    await openModelsPage(library);
    await fillModelsPage(page, library.models);
    expect(await page.getByRole('alert').count()).toBe(0);
    await browser.screenshot('12-library-models');
    await next(page);
    await fillDeploymentPage(page, library, portal.sandboxHost);
    await page.getByRole('button', { name: 'Review' }).click();
    await visible(page.getByRole('cell', { name: library.description }));
    await page.getByRole('button', { name: 'Create' }).click();

    await expectEveryStepDone(page);
    await browser.screenshot('13-library-task-done');
    // No team picked: the service is owned by the person who created it (the guest here).
    expect(await catalogInfo(library)).toMatchObject({ spec: { owner: 'user:development/guest' } });
    const models = await sandboxFile(`/repos/${library.owner}/${library.name}/contents/api/models.py`);
    for (const model of library.models) {
      expect(models).toMatch(new RegExp(`class ${model.name}\\(`));
    }
    expect(models).toMatch(/featured_book = models\.ForeignKey\(\s*"?Book"?/);
    expect(models).toMatch(/favourites = models\.ManyToManyField\(\s*"?Book"?/);
  });

  it('refuses to leave the first page while a required field is empty', async () => {
    const { portal, browser, page } = session;
    await openCreatePage(page, portal.url);
    await chooseTemplate(page);
    await fillRepositoryPage(page, { ...shop, owner: '' }, portal.sandboxHost);

    await next(page);

    // The browser's own "Please fill out this field." bubble, on the Owner box.
    const owner = page.getByRole('textbox', { name: 'Owner' });
    expect(await owner.evaluate((input: HTMLInputElement) => input.validationMessage)).not.toBe('');
    expect(await page.getByLabel('Django app name').count()).toBe(0);
    await browser.screenshot('08-required-field-empty');
  });

  it('stops an invalid project name at the first step, before anything is created', async () => {
    const { portal, browser, page } = session;
    const before = await portal.sandboxState();
    await openCreatePage(page, portal.url);
    await chooseTemplate(page);
    await fillWholeForm(page, { ...shop, name: 'Shop_API' }, portal.sandboxHost);
    await page.getByRole('button', { name: 'Create' }).click();

    await page.waitForURL(/\/create\/tasks\//);
    await visible(stepLabel(page, 'Generate the Django project').locator(STEP_FAILED_ICON), 30_000);
    await visible(page.getByText(/project\.name/).first());
    await browser.screenshot('09-invalid-project-name');
    const after = await portal.sandboxState();
    expect(after.repositories.map(r => r.fullName)).toEqual(before.repositories.map(r => r.fullName));
    expect(after.writes).toBe(before.writes);
  });

  /** A new form through to its models page: the repository filled in, the project page's defaults kept. */
  async function openModelsPage(answers: ProjectAnswers): Promise<void> {
    const { portal, page } = session;
    await openCreatePage(page, portal.url);
    await chooseTemplate(page);
    await fillRepositoryPage(page, answers, portal.sandboxHost);
    await next(page);
    await fillProjectPage(page, answers);
    await next(page);
  }

  async function catalogInfo(answers: ProjectAnswers): Promise<unknown> {
    return parse(await sandboxFile(`/repos/${answers.owner}/${answers.name}/contents/catalog-info.yaml`));
  }

  async function sandboxFile(apiPath: string): Promise<string> {
    const { portal } = session;
    const { content } = await portal.sandboxApi<{ content: string }>(apiPath);
    return Buffer.from(content, 'base64').toString('utf8');
  }
});

/** Waits for each step of the template on the task page; a failed one fails the test at once. */
async function expectEveryStepDone(page: Page): Promise<void> {
  // Every step but those that run only after a failure (the report of what exists).
  const stepNames: string[] = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'))
    .spec.steps.filter((step: { if?: string }) => step.if !== '${{ failure() }}')
    .map((step: { name: string }) => step.name);
  await page.waitForURL(/\/create\/tasks\//);
  for (const name of stepNames) {
    const step = stepLabel(page, name);
    await visible(step.locator(`${STEP_DONE_ICON}, ${STEP_FAILED_ICON}`), 90_000);
    // A failed step fails the test at once, with what the page says went wrong (the error panel
    // sits above the steps).
    const failure = (await step.locator(STEP_FAILED_ICON).count())
      ? (await page.locator('body').innerText()).slice(0, 1500)
      : '';
    expect({ step: name, failure }).toEqual({ step: name, failure: '' });
  }
}

/** A problem the models editor shows, in its words. */
function problemShown(page: Page, words: string): Locator {
  return page.getByRole('alert').filter({ hasText: words });
}

function stepLabel(page: Page, name: string): Locator {
  return page.getByTestId('step-label').filter({ hasText: name });
}

async function visible(locator: Locator, timeout?: number): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}
