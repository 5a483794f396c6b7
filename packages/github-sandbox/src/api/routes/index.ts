import { SandboxRoute } from '../core';
import { accountRoutes } from './accounts';
import { actionsRoutes } from './actions';
import { commitRoutes } from './commits';
import { contentRoutes } from './contents';
import { gitDataRoutes } from './gitData';
import { pullRoutes } from './pulls';
import { repositoryRoutes } from './repositories';
import { secretsRoutes } from './secrets';

/** Every route the sandbox serves; templates are GitHub's OpenAPI paths. */
export const allRoutes: SandboxRoute[] = [
  ...accountRoutes,
  ...repositoryRoutes,
  ...gitDataRoutes,
  ...commitRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...secretsRoutes,
  ...actionsRoutes,
];
