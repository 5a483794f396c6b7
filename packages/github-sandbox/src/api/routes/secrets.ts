import { ApiError, notFound } from '../../http/errors';
import { RouteRequest } from '../../http/router';
import { SecretStore } from '../../state/secretStore';
import { SandboxCore, SandboxRoute } from '../core';

type StoreOf = (request: RouteRequest, core: SandboxCore) => SecretStore;

const repositoryStore: StoreOf = (request, core) => core.repository(request.params).secrets;

const environmentStore: StoreOf = (request, core) => {
  const environment = core.repository(request.params).environments.get(request.params.environment_name);
  if (!environment) throw notFound();
  return environment.secrets;
};

/** The same four endpoints for repository and environment secrets, over their own key pairs. */
function secretRoutes(prefix: string, docsPage: string, docsScope: string, storeOf: StoreOf): SandboxRoute[] {
  return [
    {
      method: 'GET',
      path: `${prefix}/secrets/public-key`,
      docs: `${docsPage}#get-${docsScope}-public-key`,
      async handle(request, core) {
        return { status: 200, body: await storeOf(request, core).publicKey() };
      },
    },
    {
      method: 'GET',
      path: `${prefix}/secrets`,
      docs: `${docsPage}#list-${docsScope}-secrets`,
      async handle(request, core) {
        const secrets = storeOf(request, core).list();
        return { status: 200, body: { total_count: secrets.length, secrets: secrets.map(secret => core.json.secret(secret)) } };
      },
    },
    {
      method: 'GET',
      path: `${prefix}/secrets/{secret_name}`,
      docs: `${docsPage}#get-${docsScope}-secret`,
      async handle(request, core) {
        const secret = storeOf(request, core).get(request.params.secret_name);
        if (!secret) throw notFound();
        return { status: 200, body: core.json.secret(secret) };
      },
    },
    {
      method: 'PUT',
      path: `${prefix}/secrets/{secret_name}`,
      docs: `${docsPage}#create-or-update-${docsScope}-secret`,
      async handle(request, core) {
        const outcome = await storeOf(request, core).put(request.params.secret_name, request.body, () => core.state.nextSeq());
        return outcome === 'created' ? { status: 201, body: {} } : { status: 204 };
      },
    },
  ];
}

export const secretsRoutes: SandboxRoute[] = [
  ...secretRoutes('/repos/{owner}/{repo}/actions', 'actions/secrets', 'a-repository', repositoryStore),
  ...secretRoutes('/repos/{owner}/{repo}/environments/{environment_name}', 'actions/secrets', 'an-environment', environmentStore),
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    docs: 'deployments/environments#get-an-environment',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const environment = repository.environments.get(request.params.environment_name);
      if (!environment) throw notFound();
      return { status: 200, body: core.json.environment(repository, environment) };
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    docs: 'deployments/environments#create-or-update-an-environment',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const name = request.params.environment_name;
      const body = (request.body ?? {}) as { deployment_branch_policy?: { protected_branches?: unknown; custom_branch_policies?: unknown } | null };
      const policy = body.deployment_branch_policy;
      // GitHub: exactly one of the two must be true, or the policy null (any branch).
      if (policy && (typeof policy.protected_branches !== 'boolean' || policy.protected_branches === policy.custom_branch_policies)) {
        throw new ApiError(422, 'Validation Failed', [
          { resource: 'Environment', code: 'custom', message: 'Exactly one of `protected_branches` or `custom_branch_policies` must be true' },
        ]);
      }
      const now = new Date();
      let environment = repository.environments.get(name);
      if (!environment) {
        environment = { id: core.state.nextId(), name, createdAt: now, updatedAt: now, secrets: new SecretStore(), deploymentBranchPolicy: null, branchPolicies: [], seq: 0 };
        repository.environments.set(name, environment);
      }
      environment.updatedAt = now;
      environment.seq = core.state.nextSeq();
      if (policy !== undefined) {
        environment.deploymentBranchPolicy = policy && { protectedBranches: policy.protected_branches === true, customBranchPolicies: policy.custom_branch_policies === true };
        // Turning custom policies off drops their patterns, as GitHub does.
        if (!environment.deploymentBranchPolicy?.customBranchPolicies) environment.branchPolicies = [];
      }
      return { status: 200, body: core.json.environment(repository, environment) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
    docs: 'deployments/branch-policies#list-deployment-branch-policies',
    async handle(request, core) {
      const environment = core.repository(request.params).environments.get(request.params.environment_name);
      if (!environment) throw notFound();
      const policies = environment.branchPolicies.map(policy => core.json.deploymentBranchPolicy(policy));
      return { status: 200, body: { total_count: policies.length, branch_policies: policies } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}',
    docs: 'deployments/branch-policies#get-a-deployment-branch-policy',
    async handle(request, core) {
      const environment = core.repository(request.params).environments.get(request.params.environment_name);
      const policy = environment?.branchPolicies.find(candidate => String(candidate.id) === request.params.branch_policy_id);
      if (!policy) throw notFound();
      return { status: 200, body: core.json.deploymentBranchPolicy(policy) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
    docs: 'deployments/branch-policies#create-a-deployment-branch-policy',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const environment = repository.environments.get(request.params.environment_name);
      // GitHub answers 404 (documented without a body) when the environment does not use custom branch policies.
      if (!environment || !environment.deploymentBranchPolicy?.customBranchPolicies) return { status: 404 };
      const { name, type = 'branch' } = (request.body ?? {}) as { name?: unknown; type?: unknown };
      if (typeof name !== 'string' || name === '' || (type !== 'branch' && type !== 'tag')) {
        throw new ApiError(422, 'Validation Failed', [{ resource: 'DeploymentBranchPolicy', code: 'invalid', field: 'name' }]);
      }
      const existing = environment.branchPolicies.find(policy => policy.name === name && policy.type === type);
      if (existing) {
        // See Other: the policy that already exists (clients that follow it get that policy).
        const location = core.urls.repoApi(repository.fullName, `/environments/${request.params.environment_name}/deployment-branch-policies/${existing.id}`);
        return { status: 303, body: {}, headers: { location } };
      }
      const policy = { id: core.state.nextId(), name, type } as const;
      environment.branchPolicies.push(policy);
      environment.seq = core.state.nextSeq();
      return { status: 200, body: core.json.deploymentBranchPolicy(policy) };
    },
  },
];
