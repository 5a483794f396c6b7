/**
 * Runs the sandbox alone for the local demo: `npm run sandbox -w packages/github-sandbox`.
 *
 * Environment: PORT (default 7010), HOST (bind address, default 127.0.0.1), TOKEN (the token
 * Backstage's integration sends; default `sandbox-token`), STORAGE_DIR (default a temporary
 * directory), WORKFLOW_OUTCOME (`success`, `failure`, `never`; default success).
 */
import { RunOutcome } from './actions/runTimeline';
import { startSandboxServer } from './server/sandboxServer';

const DEMO_TOKEN = 'sandbox-token';

async function main() {
  const server = await startSandboxServer({
    port: Number(process.env.PORT ?? 7010),
    host: process.env.HOST ?? '127.0.0.1',
    token: process.env.TOKEN ?? DEMO_TOKEN,
    storageDir: process.env.STORAGE_DIR,
  });
  const { sandbox } = server;
  // Paced like GitHub: a run shows up a few seconds after the push and takes a while.
  sandbox.workflows.configure({
    appearAfterMs: 3000,
    queuedMs: 2000,
    inProgressMs: 10000,
    outcome: (process.env.WORKFLOW_OUTCOME ?? 'success') as RunOutcome,
  });
  sandbox.createOrg('acme');
  await sandbox.createRepo('acme', 'gitops', { description: 'GitOps repository watched by Argo CD' });
  await sandbox.commitFiles('acme', 'gitops', {
    message: 'Initial commit',
    files: { 'README.md': '# gitops\n\nOne folder per application under `apps/<app>/`.\n' },
  });

  console.log(`GitHub sandbox listening on ${server.url}`);
  console.log(`  API base URL:  ${server.apiBaseUrl}`);
  console.log(`  token:         ${process.env.TOKEN ? '(from TOKEN)' : DEMO_TOKEN}`);
  console.log(`  user:          ${sandbox.login}; organisation: acme`);
  console.log(`  GitOps repo:   git clone ${server.url}/acme/gitops.git`);
  console.log(`  state:         ${server.url}/_sandbox/state`);

  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
