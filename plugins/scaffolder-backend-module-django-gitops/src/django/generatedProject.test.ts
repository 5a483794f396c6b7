import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EXAMPLE_SPECS } from '../project/examples';
import { validateProjectSpec } from '../project/validate';
import { LIVENESS_PATH, READINESS_PATH } from '../project/constants';
import { freePort } from '../testing/net';
import { startPostgres } from '../testing/postgres';
import { lintVenv, run, venvFor, writeProject } from '../testing/python';
import { generateDjangoProject } from './generate';

/**
 * The generated project, installed from its own requirements.txt and run for real: Django's
 * deploy checks, its migrations, its own tests, and live HTTP against gunicorn.
 *
 * The postgres example runs against a throwaway PostgreSQL server (scripts/postgres-server.sh).
 */

// Installing a virtualenv from PyPI and starting gunicorn take longer than jest's default 5 s,
// also when this file runs alone.
jest.setTimeout(600_000);

/** Warnings `check --deploy` gives by design; README.md of each project says why. */
const ACCEPTED_DEPLOY_WARNINGS = ['security.W004', 'security.W008'];

/** For each spec, one model the HTTP test creates, filters, updates and deletes. */
const HTTP_CASES: Record<string, { endpoint: string; field: string; value: (i: number) => string; required?: object }> = {
  inventory: { endpoint: 'categories', field: 'title', value: i => `Tools ${i}` },
  everyField: { endpoint: 'vendors', field: 'name', value: i => `Vendor ${i}` },
  relations: { endpoint: 'skills', field: 'label', value: i => `Skill ${i}` },
  postgres: { endpoint: 'orders', field: 'reference', value: i => `ORD-${i}`, required: { total: '10.00', placed_at: '2024-05-17T10:30:00Z' } },
};

const productionEnv = () => ({
  SECRET_KEY: randomBytes(48).toString('base64url'),
  DEBUG: '0',
  ALLOWED_HOSTS: '127.0.0.1,api.example.com',
});

describe('generated test data, read as text', () => {
  const files = generateDjangoProject(validateProjectSpec(EXAMPLE_SPECS.everyField)).files;
  const shipmentTests = files.get('catalogue/tests/test_shipment.py')!;
  const factories = files.get('catalogue/tests/factories.py')!;

  it('keeps related rows in a dict, so a relation named client or payload replaces nothing', () => {
    expect(shipmentTests).toContain('"client": make_supplier(),');
    expect(shipmentTests).toContain('"client": self.related["client"].pk,');
    expect(shipmentTests).toContain('"payload": self.related["payload"].pk,');
    expect(shipmentTests).not.toMatch(/self\.(client|payload|spare) = /);
  });

  it('goes round the choices of a unique field, past the one the API tests post', () => {
    expect(factories).toContain('"grade": Specimen.GRADE_CHOICES[1 + n % 2][0],');
    expect(files.get('catalogue/tests/test_specimen.py')).toContain('"grade": "A",');
  });

  it('fits samples to the smallest maxLength', () => {
    expect(factories).toContain('"contact": "a@b.io",');
    expect(factories).toContain('"link": "https://a.io",');
  });
});

describe.each(Object.entries(HTTP_CASES))('the generated %s project', (key, httpCase) => {
  const spec = validateProjectSpec(EXAMPLE_SPECS[key as keyof typeof EXAMPLE_SPECS]);
  const project = generateDjangoProject(spec);
  let dir: string;
  let venv: string;
  const env: Record<string, string> = productionEnv();
  const database = spec.database === 'postgres' ? startPostgres() : undefined;

  beforeAll(async () => {
    dir = writeProject(project.files, project.executables);
    venv = venvFor(path.join(dir, 'requirements.txt'));
    if (database) env.DATABASE_URL = await database.url;
  });
  afterAll(() => {
    database?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs exactly the versions it pins', () => {
    const frozen = run(venv, 'pip', ['freeze', '--all'], dir).stdout;
    for (const line of project.files.get('requirements.txt')!.split('\n')) {
      const pin = line.split('#')[0].trim();
      if (pin) expect(frozen.toLowerCase().replace(/_/g, '-')).toContain(pin.toLowerCase().replace(/_/g, '-'));
    }
  });

  it('passes check --deploy with only the accepted warnings', () => {
    const result = run(venv, 'python', ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'], dir, env);
    const reported = [...`${result.stdout}${result.stderr}`.matchAll(/\(([\w.]+\.[EW]\d+)\)/g)].map(m => m[1]);
    expect(reported.sort()).toEqual(ACCEPTED_DEPLOY_WARNINGS);
  });

  it('refuses to start without SECRET_KEY when DEBUG is off', () => {
    const result = run(venv, 'python', ['manage.py', 'check'], dir, { ALLOWED_HOSTS: 'localhost', DATABASE_URL: env.DATABASE_URL ?? '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('SECRET_KEY must be set when DEBUG is off');
  });

  it('uses the database the spec chose', () => {
    const result = run(venv, 'python', ['manage.py', 'shell', '-c', 'from django.db import connection; print(connection.vendor)'], dir, env);
    expect(result.stdout.trim().split('\n').pop()).toBe(spec.database === 'postgres' ? 'postgresql' : 'sqlite');
  });

  it('ships the migration its models need', () => {
    const result = run(venv, 'python', ['manage.py', 'makemigrations', '--check', '--dry-run'], dir, env);
    expect(result.stdout).toContain('No changes detected');
    expect(result.status).toBe(0);
  });

  it('passes its own test suite', () => {
    const result = run(venv, 'python', ['manage.py', 'test', '--verbosity', '2'], dir, env);
    expect(result.stderr).toMatch(/^OK$/m);
    const ran = Number(/Ran (\d+) tests?/.exec(result.stderr)?.[1]);
    // Six tests per model: create, list, retrieve, update, delete, one refused input.
    expect(ran).toBe(6 * spec.models.length);
    expect(result.status).toBe(0);
  });

  it('is formatted as Black would and clean under ruff', () => {
    const lint = lintVenv();
    const black = run(lint, 'black', ['--check', '--diff', '--target-version', 'py311', '.'], dir);
    expect(black.stdout).toBe('');
    expect(black.status).toBe(0);
    const ruff = run(lint, 'ruff', ['check', '--no-cache', '.'], dir);
    expect(ruff.stdout).toContain('All checks passed');
    expect(ruff.status).toBe(0);
  });

  it('has a Dockerfile clean under hadolint', () => {
    const hadolint = run(lintVenv(), 'hadolint', ['Dockerfile'], dir);
    expect(hadolint.stdout).toBe('');
    expect(hadolint.status).toBe(0);
  });

  describe('served by gunicorn', () => {
    let server: ChildProcess;
    let base: string;

    beforeAll(async () => {
      const dbEnv = { DATABASE_URL: `sqlite:///${path.join(dir, 'http.sqlite3')}`, ...env };
      expect(run(venv, 'python', ['manage.py', 'migrate', '--noinput'], dir, dbEnv).status).toBe(0);
      expect(run(venv, 'python', ['manage.py', 'collectstatic', '--noinput'], dir, dbEnv).status).toBe(0);
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(path.join(venv, 'bin/gunicorn'), [`${spec.packageName}.wsgi:application`, '--bind', `127.0.0.1:${port}`], {
        cwd: dir,
        env: { PATH: `${venv}/bin:/usr/bin:/bin`, ...dbEnv },
        stdio: 'ignore',
      });
      await waitFor(() => fetch(`${base}${LIVENESS_PATH}`).then(r => r.ok));
    });
    afterAll(() => {
      server?.kill();
    });

    const api = (route: string, init?: RequestInit) =>
      fetch(`${base}/api/${route}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });

    it('answers the probes, even for a Host it does not serve', async () => {
      // What kubelet sends: the pod's IP, which ALLOWED_HOSTS does not list.
      const podIp = '10.1.2.3:8000';
      expect(await statusWithHost(`${base}${LIVENESS_PATH}`, podIp)).toBe(200);
      expect(await statusWithHost(`${base}${READINESS_PATH}`, podIp)).toBe(200);
      expect(await (await fetch(`${base}${READINESS_PATH}`)).json()).toEqual({ status: 'ok' });
      expect(await statusWithHost(`${base}/api/`, podIp)).toBe(400);
      expect(await statusWithHost(`${base}/api/`, 'api.example.com')).toBe(200);
    });

    it('creates, lists with pagination and filters, updates and deletes', async () => {
      const { endpoint, field, value, required } = httpCase;
      const ids: number[] = [];
      for (let i = 1; i <= 25; i++) {
        const created = await api(`${endpoint}/`, { method: 'POST', body: JSON.stringify({ ...required, [field]: value(i) }) });
        expect(created.status).toBe(201);
        ids.push((await created.json()).id);
      }

      const first = await (await api(`${endpoint}/`)).json();
      expect(first.count).toBe(25);
      expect(first.results).toHaveLength(20);
      const second = await (await fetch(first.next)).json();
      expect(second.results).toHaveLength(5);

      const filtered = await (await api(`${endpoint}/?${field}=${encodeURIComponent(value(7))}`)).json();
      expect(filtered.results.map((row: Record<string, unknown>) => row[field])).toEqual([value(7)]);
      const searched = await (await api(`${endpoint}/?search=${encodeURIComponent(value(1))}`)).json();
      // Search terms are ANDed, case-insensitively ("Tools 1" matches 1, 10-19 and 21).
      const terms = value(1).toLowerCase().split(/\s+/);
      const matching = ids.map((_, i) => value(i + 1).toLowerCase()).filter(v => terms.every(t => v.includes(t)));
      expect(searched.count).toBe(matching.length);

      const updated = await api(`${endpoint}/${ids[0]}/`, { method: 'PATCH', body: JSON.stringify({ [field]: 'Renamed' }) });
      expect(updated.status).toBe(200);
      expect((await (await api(`${endpoint}/${ids[0]}/`)).json())[field]).toBe('Renamed');

      expect((await api(`${endpoint}/${ids[1]}/`, { method: 'DELETE' })).status).toBe(204);
      expect((await api(`${endpoint}/${ids[1]}/`)).status).toBe(404);
      expect((await api(`${endpoint}/`, { method: 'POST', body: '{}' })).status).toBe(400);
    });

    it('publishes its OpenAPI schema and Swagger UI', async () => {
      const schema = await api('schema/?format=json', { headers: { accept: 'application/json' } });
      expect(schema.status).toBe(200);
      const document = await schema.json();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(spec.models.map(m => `/api/${m.endpoint}/`)),
      );
      const docs = await fetch(`${base}/api/docs/`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui');
    });
  });
});

/** GET with an explicit Host header, which fetch() does not let a caller set. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, response => {
      response.resume();
      resolve(response.statusCode!);
    }).on('error', reject);
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('gunicorn did not start');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
