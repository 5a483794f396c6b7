/**
 * `npm run demo`: fills the form of the django-gitops template with the example values, submits
 * it to the local portal that `npm start` runs, streams the task log, and prints the links and
 * the `git clone` commands of both repositories.
 *
 * Usage: npm run demo [-- <repository-name>]   (default: inventory-api-<random>)
 */

export {};

const PORTAL = process.env.PORTAL_URL ?? 'http://localhost:7007';
const SANDBOX = process.env.SANDBOX_URL ?? 'http://localhost:7008';
const HOST = new URL(SANDBOX).host;
const name = process.argv[2] ?? `inventory-api-${Math.random().toString(36).slice(2, 6)}`;
// The sandbox accepts this token for the GitOps repository, as GitHub would accept a PAT.
const gitopsToken = process.env.GITHUB_SANDBOX_TOKEN ?? 'sandbox-token';

const values = {
  repoUrl: `${HOST}?owner=acme&repo=${name}`,
  branch: 'main',
  createRepository: true,
  appName: 'api',
  description: 'Inventory service (Dev Portal demo)',
  database: 'sqlite',
  access: 'authenticated',
  registry: 'ghcr.io',
  cicd: true,
  cors: { enabled: false },
  models: [
    { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true }] },
    {
      name: 'Product',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 200 },
        { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2, default: '0.00' },
        { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT', required: false },
      ],
    },
  ],
  gitopsRepoUrl: `${HOST}?owner=acme&repo=gitops`,
  gitopsToken: '*'.repeat(gitopsToken.length),
  pushToGitops: true,
  imageUpdater: false,
  workflowTimeoutSeconds: 120,
};

type TaskEvent = { id: number; type: string; body: { message?: string; stepId?: string; status?: string; output?: { links?: { title: string; url?: string; entityRef?: string }[] } } };

async function call(path: string, init?: RequestInit) {
  const response = await fetch(`${PORTAL}/api/scaffolder${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main() {
  console.log(`Creating ${name} through ${PORTAL} (GitHub: the sandbox at ${SANDBOX})\n`);
  const { id } = await call('/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: 'template:default/django-gitops', values, secrets: { gitopsToken } }),
  });

  let after: number | undefined;
  for (;;) {
    const events: TaskEvent[] = await call(`/v2/tasks/${id}/events${after === undefined ? '' : `?after=${after}`}`);
    for (const event of events) {
      after = event.id;
      const step = event.body.stepId ? `[${event.body.stepId}] ` : '';
      if (event.body.message) console.log(`${step}${event.body.message.split('\n')[0]}`);
      if (event.type === 'completion') return finish(id, event);
    }
  }
}

async function finish(id: string, completion: TaskEvent) {
  const task = await call(`/v2/tasks/${id}`);
  console.log(`\nTask ${task.status}: ${PORTAL}/create/tasks/${id}`);
  for (const link of completion.body.output?.links ?? []) console.log(`  ${link.title}: ${link.url ?? link.entityRef}`);
  console.log(`\nInspect what the flow produced:\n  git clone ${SANDBOX}/acme/${name}.git\n  git clone ${SANDBOX}/acme/gitops.git`);
  process.exitCode = task.status === 'completed' ? 0 : 1;
}

main().catch(error => {
  console.error(`Demo failed: ${error.message}\nIs the portal running? Start it with: npm start`);
  process.exitCode = 1;
});
