import { Page } from 'playwright-core';

/** What a developer enters in the template's form (templates/django-gitops/template.yaml). */
export interface ProjectAnswers {
  /** The repository: `<owner>/<name>`; its name is the project name. */
  owner: string;
  name: string;
  description: string;
  /** The team picked as the service's owner in the catalog; unset, the user creating it owns it. */
  catalogOwner?: string;
  models: ModelAnswers[];
  gitopsRepository: { owner: string; name: string };
  gitopsToken: string;
}
export interface ModelAnswers {
  name: string;
  fields: FieldAnswers[];
}
export interface FieldAnswers {
  name: string;
  type: string;
  required?: boolean;
  unique?: boolean;
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  to?: string;
  onDelete?: string;
}

/** Options typed into a number box, by the spec's key. */
const TYPED_OPTIONS = ['maxLength', 'maxDigits', 'decimalPlaces'] as const;

/** The debounce of `@backstage/plugin-scaffolder`'s SecretInput. */
const SECRET_FIELD_DEBOUNCE_MS = 300;

export const TEMPLATE_TITLE = 'Django REST API with GitOps deploy';

/**
 * Opens the Create page; signs in as guest first when the sign-in page shows (the first visit of
 * a browser profile).
 */
export async function openCreatePage(page: Page, portalUrl: string): Promise<void> {
  await page.goto(`${portalUrl}/create`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const template = page.getByRole('heading', { name: TEMPLATE_TITLE });
  await enter.or(template).first().waitFor();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await template.waitFor();
}

export async function chooseTemplate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Owner' }).waitFor();
}

/** First page: where the new repository goes (its name is the project name). */
export async function fillRepositoryPage(page: Page, answers: ProjectAnswers, sandboxHost: string): Promise<void> {
  await fillRepoUrlPicker(page, sandboxHost, answers.owner, answers.name);
  await page.getByLabel('Description').fill(answers.description);
}

/**
 * Third page: the models editor (plugins/scaffolder-module-django-gitops). It starts with one
 * model holding one field. Every model is named first, as a person planning relations would, so
 * that each relation's target is then picked from the dropdown: no model name is typed twice.
 */
export async function fillModelsPage(page: Page, models: ModelAnswers[]): Promise<void> {
  for (const [m, model] of models.entries()) {
    if (m > 0) {
      await page.getByRole('button', { name: 'Add model' }).click();
    }
    await page.locator(`#root_models_${m}_name`).fill(model.name);
  }
  for (const [m, model] of models.entries()) {
    for (const [f, field] of model.fields.entries()) {
      if (f > 0) {
        await page.getByRole('button', { name: `Add field to ${model.name}`, exact: true }).click();
      }
      await fillField(page, `root_models_${m}_fields_${f}`, field);
    }
  }
}

/**
 * Second page: the project's defaults (app "api", SQLite, ghcr.io, CI/CD on, CORS off), and the
 * owner in the catalog picked from the catalog's groups and users when the answers name one.
 */
export async function fillProjectPage(page: Page, answers: ProjectAnswers): Promise<void> {
  if (answers.catalogOwner) {
    await page.getByRole('textbox', { name: 'Owner in the catalog' }).fill(answers.catalogOwner);
    await page.getByRole('option', { name: answers.catalogOwner, exact: true }).click();
  }
}

/** Fourth page: the GitOps repository and the token its workflow pushes with. */
export async function fillDeploymentPage(page: Page, answers: ProjectAnswers, sandboxHost: string): Promise<void> {
  await fillRepoUrlPicker(page, sandboxHost, answers.gitopsRepository.owner, answers.gitopsRepository.name);
  await page.getByLabel('GitOps token').fill(answers.gitopsToken);
  // Backstage's Secret field hands its value to the form's secrets 300 ms after the last keystroke
  // (a debounce) and Create sends the secrets it has then: nothing on the page shows the moment, so
  // the test gives it that time before it can reach Create.
  await page.waitForTimeout(SECRET_FIELD_DEBOUNCE_MS + 200);
}

/**
 * Every page from the first to the review, pressing Next (Review on the last); `screenshot`, when
 * given, records each filled page.
 */
export async function fillWholeForm(
  page: Page,
  answers: ProjectAnswers,
  sandboxHost: string,
  screenshot?: (name: string) => Promise<void>,
): Promise<void> {
  await fillRepositoryPage(page, answers, sandboxHost);
  await screenshot?.('03-repository-page');
  await next(page);
  await fillProjectPage(page, answers);
  await next(page);
  await fillModelsPage(page, answers.models);
  await screenshot?.('04-models-page');
  await next(page);
  await fillDeploymentPage(page, answers, sandboxHost);
  await screenshot?.('05-deployment-page');
  await page.getByRole('button', { name: 'Review' }).click();
}

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
}

/**
 * RepoUrlPicker: a host dropdown and two autocomplete boxes, which take their value when typed
 * and left (a programmatic fill alone is not committed).
 */
async function fillRepoUrlPicker(page: Page, host: string, owner: string, repository: string): Promise<void> {
  await page.getByTestId('host-select').locator('select').selectOption(host);
  for (const [name, value] of [
    ['Owner', owner],
    ['Repository', repository],
  ]) {
    const box = page.getByRole('textbox', { name });
    await box.fill('');
    await box.pressSequentially(value);
    await box.press('Tab');
  }
}

/**
 * One field row: its name, its type (the row then shows that type's options only), the options
 * typed, the relation's target and on-delete from their dropdowns, the check boxes.
 */
async function fillField(page: Page, id: string, field: FieldAnswers): Promise<void> {
  await page.locator(`#${id}_name`).fill(field.name);
  await page.locator(`#${id}_type`).selectOption(field.type);
  for (const option of TYPED_OPTIONS) {
    if (field[option] !== undefined) {
      await page.locator(`#${id}_${option}`).fill(String(field[option]));
    }
  }
  for (const option of ['to', 'onDelete'] as const) {
    if (field[option] !== undefined) {
      await page.locator(`#${id}_${option}`).selectOption(field[option]);
    }
  }
  await page.locator(`#${id}_required`).setChecked(field.required !== false);
  if (field.unique) {
    await page.locator(`#${id}_unique`).check();
  }
}
