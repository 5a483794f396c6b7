import { notFound } from '../../http/errors';
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
    method: 'PUT',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    docs: 'deployments/environments#create-or-update-an-environment',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const name = request.params.environment_name;
      const now = new Date();
      const existing = repository.environments.get(name);
      if (existing) {
        existing.updatedAt = now;
      } else {
        repository.environments.set(name, { id: core.state.nextId(), name, createdAt: now, updatedAt: now, secrets: new SecretStore() });
      }
      return { status: 200, body: core.json.environment(repository, repository.environments.get(name)!) };
    },
  },
];
