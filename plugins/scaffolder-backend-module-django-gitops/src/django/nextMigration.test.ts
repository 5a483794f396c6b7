import fs from 'node:fs';
import path from 'node:path';
import { inventorySpec, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { lintVenv, run, venvFor, writeProject } from '../testing/python';
import { generateDjangoProject } from './generate';
import { renderNextMigration } from './migrations';

/**
 * A service changed after it went live: a database migrated to 0001 with rows in it takes the
 * migration between the two specs, keeps its rows, and ends where makemigrations has nothing
 * left to write. Run for real, in a virtualenv from the project's own requirements.
 */

jest.setTimeout(600_000);

/** The changes a team asks for first: a model related to an existing one, and field edits. */
function changed(spec: ProjectSpecInput): ProjectSpecInput {
  const next = structuredClone(spec);
  const product = next.models[1];
  product.fields = product.fields
    .filter(field => field.name !== 'notes')
    .map(field => (field.name === 'name' ? { ...field, maxLength: 250 } : field));
  product.fields.push({ name: 'weight', type: 'FloatField', required: false }, { name: 'stock', type: 'IntegerField', default: 0 });
  next.models.push({
    name: 'Review',
    fields: [
      { name: 'product', type: 'ForeignKey', to: 'Product', onDelete: 'CASCADE' },
      { name: 'stars', type: 'PositiveIntegerField' },
    ],
  });
  return next;
}

describe('the migration of a change to the models', () => {
  const before = validateProjectSpec(inventorySpec);
  const after = validateProjectSpec(changed(inventorySpec));
  const next = renderNextMigration(before, after, '0001_initial', '5.2.19')!;
  const v1 = generateDjangoProject(before).files;
  const v2 = new Map(generateDjangoProject(after).files);
  // The repository keeps its first migration; the change adds the next one.
  v2.set('api/migrations/0001_initial.py', v1.get('api/migrations/0001_initial.py')!);
  v2.set(`api/migrations/${next.name}.py`, next.content);
  let dir: string;
  let venv: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = writeProject(v1, new Set(['manage.py']));
    venv = venvFor(path.join(dir, 'requirements.txt'));
    env = { SECRET_KEY: 'test', DEBUG: '1', DATABASE_URL: `sqlite:///${path.join(dir, 'live.sqlite3')}` };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is named and written as makemigrations would', () => {
    expect(next.name).toBe('0002_review_remove_product_notes_product_stock_and_more');
    expect(next.content).toContain('    dependencies = [\n        ("api", "0001_initial"),\n    ]\n');
    expect(next.content).not.toContain('initial = True');
  });

  it('says nothing has to change when nothing did', () => {
    expect(renderNextMigration(before, validateProjectSpec(inventorySpec), '0001_initial', '5.2.19')).toBeUndefined();
  });

  it('migrates a database with rows in it, keeping them, to where makemigrations finds nothing to do', () => {
    expect(run(venv, 'python', ['manage.py', 'migrate', '--noinput'], dir, env).status).toBe(0);
    const seed = 'from api.models import Category, Product; Product.objects.create(name="Hammer", category=Category.objects.create(title="Tools"), notes="heavy")';
    expect(run(venv, 'python', ['manage.py', 'shell', '-c', seed], dir, env).status).toBe(0);

    for (const [file, content] of v2) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const migrated = run(venv, 'python', ['manage.py', 'migrate', '--noinput'], dir, env);
    expect(migrated.stdout).toContain(`Applying api.${next.name}... OK`);
    const read = 'from api.models import Product; p = Product.objects.get(); print(p.name, p.category.title, p.stock, p.weight, p.reviews.count())';
    expect(run(venv, 'python', ['manage.py', 'shell', '-v', '0', '-c', read], dir, env).stdout.trim()).toBe('Hammer Tools 0 None 0');

    const check = run(venv, 'python', ['manage.py', 'makemigrations', '--check', '--dry-run'], dir, env);
    expect(check.stdout).toContain('No changes detected');
    const tests = run(venv, 'python', ['manage.py', 'test'], dir, { ...env, DEBUG: '0', ALLOWED_HOSTS: 'api.example.com' });
    expect(tests.stderr).toMatch(/^OK$/m);
  });

  it('is formatted as Black would and clean under ruff', () => {
    const lint = lintVenv();
    const file = path.join(dir, `api/migrations/${next.name}.py`);
    fs.writeFileSync(file, next.content);
    expect(run(lint, 'black', ['--check', '--target-version', 'py311', file], dir).status).toBe(0);
    expect(run(lint, 'ruff', ['check', '--no-cache', file], dir).stdout).toContain('All checks passed');
  });
});
