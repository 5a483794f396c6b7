import type { RootConfigService } from '@backstage/backend-plugin-api';
import { type ArgoCdConventions, DEFAULT_ARGOCD } from './k8s/conventions';

/**
 * The platform team's deployment conventions (`devPortal.*` in app-config; see config.d.ts).
 *
 * @public
 */
export interface DeployConfig {
  /** Where Argo CD runs and the names of its AppProject and ApplicationSet. */
  argocd: ArgoCdConventions;
  /** On top of the built-in reserved namespaces; the Argo CD namespace is one too. */
  reservedNamespaces: string[];
}

export const DEFAULT_DEPLOY_CONFIG: DeployConfig = { argocd: DEFAULT_ARGOCD, reservedNamespaces: [DEFAULT_ARGOCD.namespace] };

/**
 * Reads `devPortal.argocd.*` and `devPortal.reservedNamespaces`, each defaulting to the built-in convention.
 *
 * @public
 */
export function readDeployConfig(config: RootConfigService): DeployConfig {
  const argocd: ArgoCdConventions = {
    namespace: config.getOptionalString('devPortal.argocd.namespace') ?? DEFAULT_ARGOCD.namespace,
    project: config.getOptionalString('devPortal.argocd.project') ?? DEFAULT_ARGOCD.project,
    applicationSetName: config.getOptionalString('devPortal.argocd.applicationSetName') ?? DEFAULT_ARGOCD.applicationSetName,
  };
  const reserved = config.getOptionalStringArray('devPortal.reservedNamespaces') ?? [];
  return { argocd, reservedNamespaces: [...new Set([argocd.namespace, ...reserved])] };
}
