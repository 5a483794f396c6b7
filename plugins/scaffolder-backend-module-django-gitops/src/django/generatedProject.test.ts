import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LIVENESS_PATH, METRICS_PATH, READINESS_PATH } from '../project/constants';
import { EXAMPLE_SPECS, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { freePort } from '../testing/net';
import { startPostgres } from '../testing/postgres';
import { lintVenv, run, venvFor, writeProject } from '../testing/python';
import { generateDjangoProject } from './generate';

/**
 * The generated project, installed from its own requirements.txt and run for real: Django's
 * deploy checks, its migrations (compared with what makemigrations writes), its own tests on
 * SQLite and on PostgreSQL, its linters, and live HTTP against gunicorn as the image runs it.
 *
 * One throwaway PostgreSQL server (scripts/postgres-server.sh) serves the whole file.
 */

// Installing a virtualenv from PyPI and starting gunicorn take longer than jest's default 5 s,
// also when this file runs alone.
jest.setTimeout(900_000);

type ExampleKey = keyof typeof EXAMPLE_SPECS;

/**
 * For each example, what a client does over HTTP: create rows of one endpoint (`field` varied,
 * `required` the rest of a valid body); and make a row (`target`) that a row of another
 * endpoint (`protector`) then protects from deletion.
 */
const HTTP_CASES: Record<
  ExampleKey,
  {
    endpoint: string;
    field: string;
    value: (i: number) => string;
    required?: object;
    protection: { target: { endpoint: string; body: object }; protector: { endpoint: string; body: (targetId: number) => object } };
  }
> = {
  inventory: {
    endpoint: 'categories',
    field: 'title',
    value: i => `Tools ${i}`,
    protection: {
      target: { endpoint: 'categories', body: { title: 'Protected' } },
      protector: { endpoint: 'products', body: id => ({ name: 'Hammer', category: id }) },
    },
  },
  everyField: {
    endpoint: 'vendors',
    field: 'name',
    value: i => `Vendor ${i}`,
    protection: {
      target: { endpoint: 'vendors', body: { name: 'Protected' } },
      protector: {
        endpoint: 'specimens',
        body: id => ({ code: 'kept', grade: 'A', contact: 'a@b.io', link: 'https://a.io', backup_supplier: id }),
      },
    },
  },
  relations: {
    endpoint: 'skills',
    field: 'label',
    value: i => `Skill ${i}`,
    protection: {
      target: { endpoint: 'teams', body: { name: 'Platform' } },
      protector: { endpoint: 'people', body: id => ({ full_name: 'Ada', team: id }) },
    },
  },
  postgres: {
    endpoint: 'customers',
    field: 'name',
    value: i => `Customer ${i}`,
    protection: {
      target: { endpoint: 'customers', body: { name: 'Protected' } },
      protector: {
        endpoint: 'orders',
        body: id => ({ reference: 'ORD-1', total: '10.00', placed_at: '2024-05-17T10:30:00Z', customer: id }),
      },
    },
  },
};

const productionEnv = () => ({
  SECRET_KEY: randomBytes(48).toString('base64url'),
  DEBUG: '0',
  ALLOWED_HOSTS: '127.0.0.1,api.example.com',
});

const database = startPostgres();
afterAll(() => database.stop());

/** A PostgreSQL URL of the shared server, for a database of this name. */
async function postgresUrl(name: string): Promise<string> {
  return (await database.url).replace(/\/[^/]*$/, `/${name}`);
}

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

  it('makes related rows only when the caller did not give them', () => {
    expect(factories).toContain('    if "payload" not in values:\n        values["payload"] = make_specimen()');
  });
});

/** `manage.py test`: every test it found ran, and passed. */
function expectOwnTestsPass(venv: string, dir: string, files: Map<string, string>, env: Record<string, string>) {
  const result = run(venv, 'python', ['manage.py', 'test', '--verbosity', '2'], dir, env);
  expect(result.stderr).toMatch(/^OK$/m);
  const ran = Number(/Ran (\d+) tests?/.exec(result.stderr)?.[1]);
  const written = [...files].filter(([file]) => /\/tests\/test_\w+\.py$/.test(file)).map(([, text]) => text.match(/^ {4}def test_/gm)!.length);
  expect(ran).toBe(written.reduce((a, b) => a + b, 0));
  expect(result.status).toBe(0);
}

describe.each(Object.keys(HTTP_CASES) as ExampleKey[])('the generated %s project', key => {
  const httpCase = HTTP_CASES[key];
  const spec = validateProjectSpec(EXAMPLE_SPECS[key]);
  const project = generateDjangoProject(spec);
  let dir: string;
  let venv: string;
  const env: Record<string, string> = productionEnv();

  beforeAll(async () => {
    dir = writeProject(project.files, project.executables);
    venv = venvFor(path.join(dir, 'requirements.txt'));
    if (spec.database === 'postgres') env.DATABASE_URL = await postgresUrl('postgres');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs exactly the versions it pins', () => {
    const frozen = run(venv, 'pip', ['freeze', '--all'], dir).stdout;
    const pins = project.files.get('requirements.txt')!.split('\n').map(line => line.split('#')[0].trim()).filter(Boolean);
    for (const pin of pins) expect(frozen.toLowerCase().replace(/_/g, '-')).toContain(pin.toLowerCase().replace(/_/g, '-'));
  });

  it('passes check --deploy at warning level with production settings alone', () => {
    const result = run(venv, 'python', ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'], dir, env);
    expect(`${result.stdout}${result.stderr}`).toContain('System check identified no issues (0 silenced).');
    expect(result.status).toBe(0);
  });

  it('refuses to start without SECRET_KEY when DEBUG is off', () => {
    const result = run(venv, 'python', ['manage.py', 'check'], dir, { ALLOWED_HOSTS: 'localhost', DATABASE_URL: env.DATABASE_URL ?? '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('SECRET_KEY must be set when DEBUG is off');
  });

  it('uses the database the spec chose, and nothing else', () => {
    const result = run(venv, 'python', ['manage.py', 'shell', '-c', 'from django.db import connection; print(connection.vendor)'], dir, env);
    expect(result.stdout.trim().split('\n').pop()).toBe(spec.database === 'postgres' ? 'postgresql' : 'sqlite');
    const refusedUrls = spec.database === 'postgres' ? ['', `sqlite:///${path.join(dir, 'db.sqlite3')}`] : [];
    for (const databaseUrl of refusedUrls) {
      const refused = run(venv, 'python', ['manage.py', 'check'], dir, { ...env, DATABASE_URL: databaseUrl });
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('DATABASE_URL must point at the PostgreSQL database');
    }
  });

  it('ships the migrations makemigrations writes for its models', () => {
    const check = run(venv, 'python', ['manage.py', 'makemigrations', '--check', '--dry-run'], dir, env);
    expect(check.stdout).toContain('No changes detected');
    expect(check.status).toBe(0);

    // Django writes them anew in a copy without them, formatting with Black as it does.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'makemigrations-'));
    fs.cpSync(dir, copy, { recursive: true });
    const apps = ['accounts', spec.appName];
    for (const app of apps) fs.rmSync(path.join(copy, app, 'migrations/0001_initial.py'));
    const written = run(venv, 'python', ['manage.py', 'makemigrations', ...apps], copy, {
      ...env,
      DEBUG: '1',
      PATH: `${path.join(venv, 'bin')}:${path.join(lintVenv(), 'bin')}:/usr/bin:/bin`,
    });
    expect(written.status).toBe(0);
    for (const app of apps) {
      const file = `${app}/migrations/0001_initial.py`;
      // Django's first line holds the time it ran.
      const withoutHeader = (text: string) => text.split('\n').slice(1).join('\n');
      expect(withoutHeader(project.files.get(file)!)).toBe(withoutHeader(fs.readFileSync(path.join(copy, file), 'utf8')));
    }
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it(`passes its own test suite on ${spec.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}`, () => {
    expectOwnTestsPass(venv, dir, project.files, env);
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

  it('has a Dockerfile clean under hadolint, on a base pinned by digest, with no SQLite default for PostgreSQL', () => {
    const hadolint = run(lintVenv(), 'hadolint', ['Dockerfile'], dir);
    expect(hadolint.stdout).toBe('');
    expect(hadolint.status).toBe(0);
    const dockerfile = project.files.get('Dockerfile')!;
    expect(dockerfile).toMatch(/^ARG PYTHON_IMAGE=python:3\.12\.\d+-slim-bookworm@sha256:[0-9a-f]{64}$/m);
    expect(dockerfile.includes('DATABASE_URL=sqlite')).toBe(spec.database === 'sqlite');
  });

  describe('served by gunicorn, as the image runs it', () => {
    let server: ChildProcess;
    let serverLog = '';
    let base: string;
    let metrics: string;
    let token: string;

    beforeAll(async () => {
      const dbEnv = { DATABASE_URL: `sqlite:///${path.join(dir, 'http.sqlite3')}`, MEDIA_ROOT: path.join(dir, 'media'), ...env };
      // eslint-disable-next-line jest/no-standalone-expect
      expect(run(venv, 'python', ['manage.py', 'migrate', '--noinput'], dir, dbEnv).status).toBe(0);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(run(venv, 'python', ['manage.py', 'collectstatic', '--noinput'], dir, dbEnv).status).toBe(0);
      // A client's account and token, made the way the README says.
      const user = `client-${randomBytes(4).toString('hex')}`;
      const shell = `from accounts.models import User; User.objects.create_user(${JSON.stringify(user)})`;
      // eslint-disable-next-line jest/no-standalone-expect
      expect(run(venv, 'python', ['manage.py', 'shell', '-c', shell], dir, dbEnv).status).toBe(0);
      token = /Generated token (\w+)/.exec(run(venv, 'python', ['manage.py', 'drf_create_token', user], dir, dbEnv).stdout)![1];
      const [port, metricsPort] = [await freePort(), await freePort()];
      base = `http://127.0.0.1:${port}`;
      metrics = `http://127.0.0.1:${metricsPort}`;
      server = spawn(path.join(venv, 'bin/gunicorn'), ['--config', 'gunicorn.conf.py'], {
        cwd: dir,
        // No home directory, as in the image.
        env: { PATH: `${venv}/bin:/usr/bin:/bin`, HOME: '/nonexistent', PORT: String(port), METRICS_PORT: String(metricsPort), ...dbEnv },
      });
      server.stdout!.on('data', chunk => (serverLog += chunk));
      server.stderr!.on('data', chunk => (serverLog += chunk));
      await waitFor(() => fetch(`${base}${LIVENESS_PATH}`).then(r => r.ok));
    });
    afterAll(() => {
      server?.kill();
    });

    /** What the ingress forwards: HTTPS, ended at the ingress. */
    const api = (route: string, init?: RequestInit & { signedIn?: boolean }) =>
      fetch(`${base}/api/${route}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          'x-forwarded-proto': 'https',
          ...(init?.signedIn === false ? {} : { authorization: `Token ${token}` }),
          ...init?.headers,
        },
      });

    it('answers the probes over plain HTTP, even for a Host it does not serve', async () => {
      // What kubelet sends: the pod's IP, which ALLOWED_HOSTS does not list, over HTTP.
      const podIp = '10.1.2.3:8000';
      expect(await statusWithHost(`${base}${LIVENESS_PATH}`, podIp)).toBe(200);
      expect(await statusWithHost(`${base}${READINESS_PATH}`, podIp)).toBe(200);
      expect(await (await fetch(`${base}${READINESS_PATH}`)).json()).toEqual({ status: 'ok' });
      expect(await statusWithHost(`${base}/api/`, podIp)).toBe(400);
    });

    it('redirects plain HTTP to HTTPS and sends HSTS over HTTPS', async () => {
      const plain = await fetch(`${base}/api/`, { redirect: 'manual' });
      expect(plain.status).toBe(301);
      expect(plain.headers.get('location')).toBe(`https://127.0.0.1:${new URL(base).port}/api/`);
      expect((await api('')).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains; preload');
    });

    it('refuses an anonymous write and accepts one with a token', async () => {
      const body = JSON.stringify({ ...httpCase.required, [httpCase.field]: 'Anonymous' });
      const anonymous = await api(`${httpCase.endpoint}/`, { method: 'POST', body, signedIn: false });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ code: 'not_authenticated', detail: 'Authentication credentials were not provided.' });
      const signedIn = await api(`${httpCase.endpoint}/`, { method: 'POST', body: JSON.stringify({ ...httpCase.required, [httpCase.field]: 'Signed in' }) });
      expect(signedIn.status).toBe(201);
    });

    it('creates, lists with pagination, filters and search, updates and deletes', async () => {
      const { endpoint, field, value, required } = httpCase;
      const ids: number[] = [];
      for (let i = 1; i <= 25; i++) {
        const created = await api(`${endpoint}/`, { method: 'POST', body: JSON.stringify({ ...required, [field]: value(i) }) });
        expect(created.status).toBe(201);
        ids.push((await created.json()).id);
      }

      const first = await (await api(`${endpoint}/?page_size=20&${field}__icontains=${encodeURIComponent(value(1).split(' ')[0])}`)).json();
      expect(first.results).toHaveLength(20);
      expect(first.next).toContain('page_size=20');
      const second = await (await api(first.next.replace(/^https:\/\/[^/]+\/api\//, ''))).json();
      expect(second.results.length).toBeGreaterThanOrEqual(5);
      const capped = await (await api(`${endpoint}/?page_size=1000`)).json();
      expect(capped.results.length).toBeLessThanOrEqual(100);

      // Text filters match a part of the value, whatever its case.
      const filtered = await (await api(`${endpoint}/?${field}__icontains=${encodeURIComponent(value(7).toUpperCase())}`)).json();
      expect(filtered.results.map((row: Record<string, unknown>) => row[field])).toEqual([value(7)]);
      const exact = await (await api(`${endpoint}/?${field}=${encodeURIComponent(value(7))}`)).json();
      expect(exact.count).toBe(1);
      const searched = await (await api(`${endpoint}/?search=${encodeURIComponent(value(12))}`)).json();
      expect(searched.results.map((row: Record<string, unknown>) => row[field])).toEqual([value(12)]);

      const updated = await api(`${endpoint}/${ids[0]}/`, { method: 'PATCH', body: JSON.stringify({ [field]: 'Renamed' }) });
      expect(updated.status).toBe(200);
      expect((await (await api(`${endpoint}/${ids[0]}/`)).json())[field]).toBe('Renamed');

      expect((await api(`${endpoint}/${ids[1]}/`, { method: 'DELETE' })).status).toBe(204);
      const gone = await api(`${endpoint}/${ids[1]}/`);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({ code: 'not_found', detail: 'Not found.' });
      const invalid = await api(`${endpoint}/`, { method: 'POST', body: '{}' });
      expect(invalid.status).toBe(400);
      expect((await invalid.json()).errors).toHaveProperty(field);
    });

    it('answers 409, naming what still refers to it, for a protected delete', async () => {
      const { target, protector } = httpCase.protection;
      const created = await (await api(`${target.endpoint}/`, { method: 'POST', body: JSON.stringify(target.body) })).json();
      const referring = await api(`${protector.endpoint}/`, { method: 'POST', body: JSON.stringify(protector.body(created.id)) });
      expect(referring.status).toBe(201);

      const refused = await api(`${target.endpoint}/${created.id}/`, { method: 'DELETE' });
      expect(refused.status).toBe(409);
      const body = await refused.json();
      expect(body.code).toBe('protected');
      expect(Object.values(body.blocked_by)).toEqual([1]);
      expect((await api(`${target.endpoint}/${created.id}/`)).status).toBe(200);
    });

    it('serves metrics on the metrics port only', async () => {
      const scraped = await fetch(`${metrics}${METRICS_PATH}`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^django_http_requests_total_by_method_total\{method="POST"\} [1-9]/m);
      expect((await fetch(`${metrics}/api/`)).status).toBe(404);
      expect((await api('../metrics')).status).toBe(404);
    });

    it('logs JSON lines with the request id, and no probe and no control socket error', async () => {
      await api(`${httpCase.endpoint}/`, { headers: { 'x-request-id': 'trace-7' } });
      await fetch(`${base}${LIVENESS_PATH}`);
      await waitFor(async () => serverLog.includes('"trace-7"'));
      const lines = serverLog.trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const entries = lines.map(line => JSON.parse(line));
      const access = entries.find(entry => entry.request_id === 'trace-7');
      expect(access).toMatchObject({ level: 'INFO', logger: 'gunicorn.access', http: { method: 'GET', status: 200 } });
      expect(access.http.duration_ms).toEqual(expect.any(Number));
      expect(entries.some(entry => entry.http?.path === LIVENESS_PATH)).toBe(false);
      expect(serverLog).not.toMatch(/control socket|\.gunicorn/i);
    });

    if (key === 'everyField') {
      it('stores an upload and serves it back as a download, and refuses an HTML page', async () => {
        const form = new FormData();
        for (const [name, value] of Object.entries({ code: 'up-1', grade: 'B', contact: 'a@b.io', link: 'https://a.io' })) form.set(name, value);
        form.set('datasheet', new Blob(['bytes of a datasheet']), 'datasheet.pdf');
        const created = await fetch(`${base}/api/specimens/`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Token ${token}`, 'x-forwarded-proto': 'https' },
        });
        expect(created.status).toBe(201);
        const url = new URL((await created.json()).datasheet);
        const download = await fetch(`${base}${url.pathname}`, { headers: { 'x-forwarded-proto': 'https' } });
        expect(download.status).toBe(200);
        expect(await download.text()).toBe('bytes of a datasheet');
        expect(download.headers.get('content-disposition')).toBe('attachment; filename="datasheet.pdf"');
        expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");

        form.set('code', 'up-2');
        form.set('grade', 'C');
        form.set('datasheet', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page.html');
        const refused = await fetch(`${base}/api/specimens/`, {
          method: 'POST',
          body: form,
          headers: { authorization: `Token ${token}`, 'x-forwarded-proto': 'https' },
        });
        expect(refused.status).toBe(400);
        expect((await refused.json()).errors).toHaveProperty('datasheet');
      });

      it('describes uploads as binary in its OpenAPI schema', async () => {
        const schema = await (await api('schema/?format=json', { headers: { accept: 'application/json' } })).json();
        expect(schema.components.schemas.SpecimenRequest.properties.datasheet).toMatchObject({ type: 'string', format: 'binary' });
      });
    }
  });
});

/**
 * The same models on the other database, and the other access levels: sqlite examples made
 * postgres pass their tests on PostgreSQL, and the public and private levels theirs.
 */
const VARIANTS: [string, ProjectSpecInput][] = [
  ...(['inventory', 'everyField', 'relations'] as const).map((key): [string, ProjectSpecInput] => [
    `${key} on PostgreSQL`,
    { ...EXAMPLE_SPECS[key], database: 'postgres' },
  ]),
  ['relations with public access', { ...EXAMPLE_SPECS.relations, access: 'public' }],
  ['inventory with private access', { ...EXAMPLE_SPECS.inventory, access: 'private' }],
];

describe.each(VARIANTS)('the generated project of %s', (_, input) => {
  it('passes its own test suite', async () => {
    const spec = validateProjectSpec(input);
    const project = generateDjangoProject(spec);
    const dir = writeProject(project.files, project.executables);
    const env: Record<string, string> = productionEnv();
    if (spec.database === 'postgres') env.DATABASE_URL = await postgresUrl(spec.packageName);
    expectOwnTestsPass(venvFor(path.join(dir, 'requirements.txt')), dir, project.files, env);
    fs.rmSync(dir, { recursive: true, force: true });
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
      // not there yet
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
