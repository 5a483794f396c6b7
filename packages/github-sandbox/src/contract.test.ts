import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { allRoutes } from './api/routes';
import { routeKey } from './http/router';
import { sealSecret, testOctokit, useSandbox } from './__testUtils__/harness';

// GitHub's own OpenAPI description (api.github.com); the full file, not the package index,
// which would load every GHES variant too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openapi = require('@octokit/openapi/generated/api.github.com.json');

/**
 * Deliberate deviations, each answered by a schema we choose:
 * - `GET /repos/{owner}/{repo}/git/refs/{ref}` is served for older clients but is not in the
 *   description (only PATCH is): its answers are checked as `git-ref` (or a list of them).
 * - See toJsonSchema for two readings of the description itself.
 * - Error statuses a route does not document (e.g. 401 for a wrong token, 404 for an unknown
 *   repository on Actions endpoints, which document only 200) are checked as `basic-error`.
 */
const LEGACY_REF_SCHEMA = { oneOf: [{ $ref: 'gh#/components/schemas/git-ref' }, { type: 'array', items: { $ref: 'gh#/components/schemas/git-ref' } }] };

/**
 * Two rewrites make the description checkable with Ajv:
 * - OpenAPI 3.0 spells "or null" as `nullable: true`, also beside `allOf`/`anyOf` without a
 *   `type`, which Ajv refuses: rewrite it as `type: [t, 'null']` or `anyOf [..., null]`.
 * - Some errors are `oneOf [basic-error, repository-rule-violation-error]`; neither requires a
 *   field, so every error body matches both and `oneOf` can never pass: read it as `anyOf`.
 */
function toJsonSchema(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  Object.values(node).forEach(toJsonSchema);
  const schema = node as Record<string, unknown>;
  const options = schema.oneOf as { $ref?: string }[] | undefined;
  if (options?.every(option => option.$ref?.endsWith('-error'))) {
    schema.anyOf = options;
    delete schema.oneOf;
  }
  if (schema.nullable !== true) return;
  delete schema.nullable;
  if (Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
  } else {
    const rest = { ...schema };
    Object.keys(schema).forEach(name => delete schema[name]);
    schema.anyOf = [rest, { type: 'null' }];
  }
}
toJsonSchema(openapi);

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
addFormats(ajv);
ajv.addSchema(openapi, 'gh');
const compiled = new Map<string, ValidateFunction>();
const validatorFor = (schema: object) => {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
  return compiled.get(key)!;
};

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The schema GitHub documents for this route and status, or our documented fallback. */
function responseSchema(method: string, path: string, status: number): object | undefined {
  if (method === 'GET' && path === '/repos/{owner}/{repo}/git/refs/{ref}') {
    return status < 300 ? LEGACY_REF_SCHEMA : { $ref: 'gh#/components/schemas/basic-error' };
  }
  const operation = openapi.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI description`);
  const documented = operation.responses[String(status)];
  if (!documented) {
    if (status >= 400) return { $ref: 'gh#/components/schemas/basic-error' };
    throw new Error(`${method} ${path} does not document status ${status}`);
  }
  // A response is either inline or a reference to components/responses.
  const location = documented.$ref
    ? documented.$ref.slice(1)
    : `/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}`;
  const response = documented.$ref ? openapi.components.responses[documented.$ref.split('/').pop()] : documented;
  if (!response.content?.['application/json']) return undefined;
  return { $ref: `gh#${location}/content/application~1json/schema` };
}

interface Observed {
  route: string;
  status: number;
  body: unknown;
}

describe('contract: answers validate against GitHub\'s OpenAPI description', () => {
  const h = useSandbox();

  it('validates success and error answers of every route', async () => {
    const observed: Observed[] = [];
    const handle = h.sandbox.handle.bind(h.sandbox);
    h.sandbox.handle = async request => {
      const response = await handle(request);
      const text = await response.clone().text();
      const entry = h.sandbox.requests[h.sandbox.requests.length - 1];
      observed.push({ route: entry.route ?? '(none)', status: response.status, body: text ? JSON.parse(text) : undefined });
      return response;
    };
    const o = h.octokit;
    const ignore = (call: Promise<unknown>) => call.catch(() => undefined);
    const repo = { owner: 'acme', repo: 'app' };
    const sha0 = '0'.repeat(40);

    // Accounts
    h.sandbox.createOrg('acme');
    h.sandbox.createUser('alice');
    await o.users.getAuthenticated();
    await ignore(testOctokit(h.sandbox.baseUrl, 'wrong').users.getAuthenticated());
    await o.users.getByUsername({ username: 'acme' });
    await ignore(o.users.getByUsername({ username: 'nobody' }));

    // Repositories
    await o.repos.createForAuthenticatedUser({ name: 'mine' });
    await ignore(o.repos.createForAuthenticatedUser({ name: 'mine' }));
    await o.repos.createInOrg({ org: 'acme', name: 'app' });
    await ignore(o.repos.createInOrg({ org: 'acme', name: 'app' }));
    await o.repos.get(repo);
    await ignore(o.repos.get({ ...repo, repo: 'missing' }));
    await o.repos.replaceAllTopics({ ...repo, names: ['api'] });
    await ignore(o.repos.replaceAllTopics({ ...repo, names: ['Bad Topic'] }));
    await o.repos.addCollaborator({ ...repo, username: 'alice' });
    await ignore(o.repos.addCollaborator({ ...repo, username: 'nobody' }));
    await o.actions.createRepoVariable({ ...repo, name: 'A', value: 'b' });
    await ignore(o.actions.createRepoVariable({ ...repo, name: 'A', value: 'b' }));

    // Empty repository: the Git Data and Commits endpoints answer 409; contents 404.
    await ignore(o.git.createBlob({ ...repo, content: 'x' }));
    await ignore(o.git.getBlob({ ...repo, file_sha: sha0 }));
    await ignore(o.git.createTree({ ...repo, tree: [] }));
    await ignore(o.git.getTree({ ...repo, tree_sha: sha0 }));
    await ignore(o.git.createCommit({ ...repo, message: 'm', tree: sha0 }));
    await ignore(o.git.getCommit({ ...repo, commit_sha: sha0 }));
    await ignore(o.git.getRef({ ...repo, ref: 'heads/main' }));
    await ignore(o.git.listMatchingRefs({ ...repo, ref: 'heads' }));
    await ignore(o.request('GET /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/main' }));
    await ignore(o.git.createRef({ ...repo, ref: 'refs/heads/x', sha: sha0 }));
    await ignore(o.git.updateRef({ ...repo, ref: 'heads/main', sha: sha0 }));
    await ignore(o.repos.listCommits(repo));
    await ignore(o.repos.getCommit({ ...repo, ref: 'main' }));
    await ignore(o.repos.getContent({ ...repo, path: 'README.md' }));

    // Contents
    const workflow = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n';
    h.sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0, outcome: { conclusion: 'failure' } });
    const created = await o.repos.createOrUpdateFileContents({ ...repo, path: '.github/workflows/ci.yml', message: 'CI', content: Buffer.from(workflow).toString('base64') });
    await ignore(o.repos.createOrUpdateFileContents({ ...repo, path: '.github/workflows/ci.yml', message: 'CI', content: 'eA==', sha: sha0 }));
    await ignore(o.repos.createOrUpdateFileContents({ ...repo, path: '.github/workflows/ci.yml', message: 'CI', content: 'eA==' }));
    await o.repos.createOrUpdateFileContents({ ...repo, path: '.github/workflows/ci.yml', message: 'CI again', content: Buffer.from(`${workflow}\n`).toString('base64'), sha: created.data.content!.sha });
    await o.repos.getContent({ ...repo, path: '.github/workflows/ci.yml' });
    await o.repos.getContent({ ...repo, path: '.github' });
    await ignore(o.repos.getContent({ ...repo, path: 'missing' }));

    // Git Data and Commits
    const head = (await o.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await o.git.listMatchingRefs({ ...repo, ref: 'heads/' });
    await o.request('GET /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/main' });
    await ignore(o.request('GET /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/none' }));
    const blob = await o.git.createBlob({ ...repo, content: 'aGk=', encoding: 'base64' });
    await ignore(o.git.createBlob({ ...repo, content: 'x', encoding: 'latin1' }));
    await o.git.getBlob({ ...repo, file_sha: blob.data.sha });
    const tree = await o.git.createTree({ ...repo, base_tree: (await o.git.getCommit({ ...repo, commit_sha: head })).data.tree.sha, tree: [{ path: 'hi.txt', mode: '100644', type: 'blob', sha: blob.data.sha }] });
    await o.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: '1' });
    await ignore(o.git.getTree({ ...repo, tree_sha: sha0 }));
    const commit = await o.git.createCommit({ ...repo, message: 'hi', tree: tree.data.sha, parents: [head] });
    await o.git.createRef({ ...repo, ref: 'refs/heads/feature/hi', sha: commit.data.sha });
    await ignore(o.git.createRef({ ...repo, ref: 'refs/heads/feature/hi', sha: commit.data.sha }));
    await o.git.updateRef({ ...repo, ref: 'heads/main', sha: commit.data.sha });
    await o.repos.getCommit({ ...repo, ref: commit.data.sha });
    await o.repos.listCommits(repo);
    await ignore(o.repos.listCommits({ ...repo, sha: 'nope' }));

    // Secrets and environments
    const key = (await o.actions.getRepoPublicKey(repo)).data;
    await ignore(o.actions.getRepoPublicKey({ ...repo, repo: 'missing' }));
    const encrypted_value = await sealSecret(key.key, 'v');
    await o.actions.createOrUpdateRepoSecret({ ...repo, secret_name: 'S', encrypted_value, key_id: key.key_id });
    await o.actions.createOrUpdateRepoSecret({ ...repo, secret_name: 'S', encrypted_value, key_id: key.key_id });
    await ignore(o.actions.createOrUpdateRepoSecret({ ...repo, secret_name: 'GITHUB_S', encrypted_value, key_id: key.key_id }));
    await o.actions.listRepoSecrets(repo);
    await ignore(o.actions.listRepoSecrets({ ...repo, repo: 'missing' }));
    await o.actions.getRepoSecret({ ...repo, secret_name: 'S' });
    await ignore(o.actions.getRepoSecret({ ...repo, secret_name: 'NONE' }));
    await o.repos.createOrUpdateEnvironment({ ...repo, environment_name: 'prod' });
    await ignore(o.repos.createOrUpdateEnvironment({ ...repo, repo: 'missing', environment_name: 'prod' }));
    const envKey = (await o.actions.getEnvironmentPublicKey({ ...repo, environment_name: 'prod' })).data;
    await ignore(o.actions.getEnvironmentPublicKey({ ...repo, environment_name: 'none' }));
    const envSecret = { ...repo, environment_name: 'prod', secret_name: 'E', key_id: envKey.key_id, encrypted_value: await sealSecret(envKey.key, 'e') };
    await o.actions.createOrUpdateEnvironmentSecret(envSecret);
    await o.actions.createOrUpdateEnvironmentSecret(envSecret);
    await ignore(o.actions.createOrUpdateEnvironmentSecret({ ...envSecret, encrypted_value: 'not+base64' }));
    await o.actions.listEnvironmentSecrets({ ...repo, environment_name: 'prod' });
    await ignore(o.actions.listEnvironmentSecrets({ ...repo, environment_name: 'none' }));
    await o.actions.getEnvironmentSecret({ ...repo, environment_name: 'prod', secret_name: 'E' });
    await ignore(o.actions.getEnvironmentSecret({ ...repo, environment_name: 'prod', secret_name: 'NONE' }));
    await o.repos.getEnvironment({ ...repo, environment_name: 'prod' });
    await ignore(o.repos.getEnvironment({ ...repo, environment_name: 'none' }));
    const gitopsEnvironment = { ...repo, environment_name: 'gitops' };
    await ignore(o.repos.createOrUpdateEnvironment({ ...gitopsEnvironment, deployment_branch_policy: { protected_branches: true, custom_branch_policies: true } }));
    await o.repos.createOrUpdateEnvironment({ ...gitopsEnvironment, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } });
    await o.repos.getEnvironment(gitopsEnvironment);
    const { data: branchPolicy } = await o.repos.createDeploymentBranchPolicy({ ...gitopsEnvironment, name: 'main', type: 'branch' });
    await o.repos.getDeploymentBranchPolicy({ ...gitopsEnvironment, branch_policy_id: branchPolicy.id! });
    await ignore(o.repos.getDeploymentBranchPolicy({ ...gitopsEnvironment, branch_policy_id: branchPolicy.id! + 1000 }));
    await ignore(o.repos.createDeploymentBranchPolicy({ ...repo, environment_name: 'prod', name: 'main' }));
    await o.repos.listDeploymentBranchPolicies(gitopsEnvironment);
    await ignore(o.repos.listDeploymentBranchPolicies({ ...repo, environment_name: 'none' }));

    // Actions: queued, in progress and completed runs all validate.
    h.sandbox.workflows.configure({ queuedMs: 10_000 });
    await h.sandbox.commitFiles('acme', 'app', { message: 'queued', files: { q: 'q' } });
    h.sandbox.workflows.configure({ queuedMs: 0, outcome: 'never' });
    await h.sandbox.commitFiles('acme', 'app', { message: 'running', files: { r: 'r' } });
    const { data: workflows } = await o.actions.listRepoWorkflows(repo);
    await ignore(o.actions.listRepoWorkflows({ ...repo, repo: 'missing' }));
    const { data: runs } = await o.actions.listWorkflowRunsForRepo(repo);
    expect(runs.workflow_runs.map(run => run.status).sort()).toEqual(['completed', 'completed', 'completed', 'in_progress', 'queued']);
    await ignore(o.actions.listWorkflowRunsForRepo({ ...repo, repo: 'missing' }));
    await o.actions.listWorkflowRuns({ ...repo, workflow_id: workflows.workflows[0].id });
    await ignore(o.actions.listWorkflowRuns({ ...repo, workflow_id: 'none.yml' }));
    for (const run of runs.workflow_runs) {
      await o.actions.getWorkflowRun({ ...repo, run_id: run.id });
      await o.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id });
    }
    await ignore(o.actions.getWorkflowRun({ ...repo, run_id: 1 }));
    await ignore(o.actions.listJobsForWorkflowRun({ ...repo, run_id: 1 }));

    // Validate everything seen, then check every route was seen succeeding and failing.
    const failures: string[] = [];
    for (const { route, status, body } of observed) {
      const [method, path] = route.split(' ');
      const schema = responseSchema(method, path, status);
      if (!schema) {
        if (body !== undefined) failures.push(`${route} ${status}: body where none is documented`);
        continue;
      }
      const validate = validatorFor(schema);
      if (!validate(body)) {
        failures.push(`${route} ${status}: ${ajv.errorsText(validate.errors?.slice(0, 5))}`);
      }
    }
    expect(failures).toEqual([]);
    for (const route of allRoutes.map(routeKey)) {
      const statuses = observed.filter(entry => entry.route === route).map(entry => entry.status);
      expect({ route, success: statuses.some(s => s < 300) }).toEqual({ route, success: true });
      expect({ route, error: statuses.some(s => s >= 400) }).toEqual({ route, error: true });
    }
  });
});
