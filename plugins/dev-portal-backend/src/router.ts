import type { CacheService, HttpAuthService, RootConfigService } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProjectPreviewResult } from '@dev-portal/plugin-dev-portal-common';
import { ProjectSpecError } from '@dev-portal/plugin-django-gitops-common';
import { previewDjangoProject, readDeployConfig } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops';
import express from 'express';
import Router from 'express-promise-router';
import { type ArgoCdLocation, readServiceDelivery } from './delivery/serviceDelivery';
import { RepositoryReader } from './github/repositoryReader';
import { readAnswersText } from './service/answers';
import { findGeneratedService } from './service/generatedService';

export interface RouterOptions {
  config: RootConfigService;
  httpAuth: HttpAuthService;
  cache: CacheService;
  catalog: CatalogService;
}

/**
 * The routes of `/api/dev-portal`; all read-only, and behind Backstage's default auth policy
 * (a user's or a service's token). GitHub is read with the integration's credentials, which never
 * leave the backend.
 */
export async function createRouter({ config, httpAuth, cache, catalog }: RouterOptions): Promise<express.Router> {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentialsProvider = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const argocdUrl = config.getOptionalString('devPortal.argocd.url');
  const argocd: ArgoCdLocation | undefined = argocdUrl ? { url: argocdUrl, namespace: readDeployConfig(config).argocd.namespace } : undefined;

  const service = async (request: express.Request) =>
    findGeneratedService(
      { catalog, integrations },
      { namespace: request.params.namespace, name: request.params.name },
      await httpAuth.credentials(request),
    );
  const readerFor = (host: string) => (owner: string, repo: string) =>
    RepositoryReader.create({ integrations, credentialsProvider, cache }, { host, owner, repo });

  const router = Router();
  router.use(express.json());

  router.get('/services/:namespace/:name/delivery', async (request, response) => {
    const generated = await service(request);
    response.json(await readServiceDelivery(generated, readerFor(generated.repository.host), argocd));
  });

  router.get('/services/:namespace/:name/answers', async (request, response) => {
    const generated = await service(request);
    const { owner, repo } = generated.repository;
    const text = await readAnswersText(await readerFor(generated.repository.host)(owner, repo), generated);
    let answers: unknown;
    try {
      answers = JSON.parse(text);
    } catch (error) {
      throw new Error(`${generated.answersPath} of ${owner}/${repo} is not JSON: ${(error as Error).message}`);
    }
    response.json({ answers });
  });

  // Pure: runs the generator on the posted spec, reads nothing.
  router.post('/preview', async (request, response) => {
    let result: ProjectPreviewResult;
    try {
      result = previewDjangoProject(request.body?.project);
    } catch (error) {
      if (!(error instanceof ProjectSpecError)) throw error;
      response.status(400).json({ problems: error.problems });
      return;
    }
    response.json(result);
  });

  return router;
}
