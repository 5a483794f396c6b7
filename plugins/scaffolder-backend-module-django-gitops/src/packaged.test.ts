import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './testing/net';

/**
 * The module as an adopter gets it: built, packed by npm, installed from the tarball (with the
 * spec package's tarball it depends on) into a Backstage backend outside this workspace
 * (scripts/packaged-backend.sh), started, and asked for its actions over HTTP. Also fails when
 * either package's report.api.md no longer matches the code.
 */
jest.setTimeout(900_000);

const SCRIPT = path.resolve(__dirname, '../../../scripts/packaged-backend.sh');
const ACTIONS = ['django:generate', 'github:ensure-repo', 'github:add-secret', 'github:batch-push', 'github:wait-workflow', 'k8s:manifests', 'gitops:push-repo-b'];

describe('the packed module in a backend of its own', () => {
  let backend: ChildProcess | undefined;
  let runDir = '';
  afterAll(() => {
    backend?.kill();
    if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('installs from its tarball and registers the seven actions', async () => {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    runDir = stdout.trim().split('\n').pop()!;
    const port = await freePort();
    const config = path.join(runDir, 'app-config.yaml');
    fs.writeFileSync(
      config,
      JSON.stringify({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { port, host: '127.0.0.1' },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          auth: { dangerouslyDisableDefaultAuthPolicy: true },
        },
        integrations: { github: [{ host: 'github.com', token: 'ghp_unused' }] },
        devPortal: { defaultRegistry: 'registry.example.com', commitAuthor: { name: 'Dev Portal', email: 'portal@example.com' } },
      }),
    );
    const output: string[] = [];
    backend = spawn(process.execPath, ['index.js', '--config', config], { cwd: runDir, env: { ...process.env, NODE_ENV: 'production' } });
    backend.stdout!.on('data', chunk => output.push(String(chunk)));
    backend.stderr!.on('data', chunk => output.push(String(chunk)));

    const actions = await listActions(`http://127.0.0.1:${port}/api/scaffolder/v2/actions`, backend, output);

    expect(actions.map(action => action.id)).toEqual(expect.arrayContaining(ACTIONS));
    // Resolved from the installed package, not from this workspace's sources.
    const installed = path.join(runDir, 'node_modules/@dev-portal/plugin-scaffolder-backend-module-django-gitops');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.main).toBe('dist/index.cjs.js');
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'dist/django/templates/settings.py.njk'))).toBe(true);
    // The spec package it depends on came from its own tarball too (the registry has neither).
    const common = path.join(runDir, 'node_modules/@dev-portal/plugin-django-gitops-common');
    expect(JSON.parse(fs.readFileSync(path.join(common, 'package.json'), 'utf8')).main).toBe('dist/index.cjs.js');
    expect(fs.existsSync(path.join(common, 'src'))).toBe(false);
    // config.d.ts, compiled by prepack into the schema Backstage validates app-config against.
    const schema = JSON.parse(fs.readFileSync(path.join(installed, manifest.configSchema), 'utf8'));
    expect(Object.keys(schema.properties.devPortal.properties)).toEqual(expect.arrayContaining(['defaultRegistry', 'commitAuthor']));
    expect(schema.properties.scaffolder.properties.requireScmUserCredentials.type).toBe('boolean');
  });
});

/** Asks until the backend answers (it takes a few seconds to start), or fails with its output. */
async function listActions(url: string, backend: ChildProcess, output: string[]): Promise<{ id: string }[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (backend.exitCode !== null) throw new Error(`The backend exited (${backend.exitCode}):\n${output.join('')}`);
    const body = await getJson(url).catch(() => undefined);
    if (body) return body as { id: string }[];
    if (Date.now() > deadline) throw new Error(`No answer from ${url} in 2 minutes:\n${output.join('')}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** A GET over plain node:http (jest's setup blocks fetch); the body when the answer is 200. */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: new http.Agent() }, response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`${response.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}
