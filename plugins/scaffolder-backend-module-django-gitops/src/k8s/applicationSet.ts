import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { GITOPS_APPS_FOLDER } from '../project/constants';
import { GIT_BRANCH_NAME } from '@dev-portal/plugin-django-gitops-common';
import { APP_NAMESPACE_LABELS, type ArgoCdConventions, DEFAULT_ARGOCD, MANAGED_BY_LABEL } from './conventions';
import { refuse } from '../refuse';
import { DNS_LABEL } from './input';
import { toYaml } from './manifests';

/** Where the GitOps repository is and what Argo CD follows in it; shared by every bootstrap file. */
export interface GitopsSourceInput {
  /** The GitOps repository's clone URL as its host gives it (`clone_url`): http(s), ssh or scp-like. */
  repoURL: string;
  /** Branch (or tag) Argo CD follows. Default `HEAD`: the default branch. */
  revision?: string;
  /** The platform's Argo CD namespace, AppProject and ApplicationSet names; defaults as `DEFAULT_ARGOCD`. */
  argocd?: Partial<ArgoCdConventions>;
}

export interface ResolvedGitopsSource {
  repoURL: string;
  revision: string;
  argocd: ArgoCdConventions;
}

const GIT_URL = /^(https?:\/\/|ssh:\/\/)[^\s'"]+$|^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s'"]+$/;

/** The input with defaults applied; refuses a bad value naming its field. */
export function resolveGitopsSource(input: GitopsSourceInput): ResolvedGitopsSource {
  if (typeof input.repoURL !== 'string' || !GIT_URL.test(input.repoURL)) {
    refuse('repoURL', 'must be the Git URL of the GitOps repository (http(s)://, ssh:// or git@host:path)');
  }
  const revision = input.revision ?? 'HEAD';
  if (!GIT_BRANCH_NAME.test(revision)) refuse('revision', 'must be a branch, tag or commit');
  const argocd = { ...DEFAULT_ARGOCD, ...input.argocd };
  for (const [key, value] of Object.entries(argocd)) {
    if (!DNS_LABEL.test(value)) refuse(`argocd.${key}`, 'must be a DNS-1123 label');
  }
  return { repoURL: input.repoURL, revision, argocd };
}

/** In-cluster: Argo CD deploys to the cluster it runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Removing a folder deletes its Application only; a failed sync is retried, backing off to 10 minutes. */
export const SYNC_RETRY = { limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '10m' } };

/**
 * `k8s/applicationset.yaml`: one Argo CD Application per folder under `apps/`, named after the
 * folder, in the platform's AppProject, deployed into the namespace of the same name, which Argo
 * CD creates with the Pod Security labels (no app folder holds its Namespace, so none is deleted
 * with an app).
 */
export function generateApplicationSet(input: GitopsSourceInput): string {
  const { repoURL, revision, argocd } = resolveGitopsSource(input);
  const applicationSet = new ApplicationSet({
    metadata: { name: argocd.applicationSetName, namespace: argocd.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      goTemplate: true,
      // A typo in a template field fails the generation instead of naming an app "<no value>".
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL, revision, directories: [{ path: `${GITOPS_APPS_FOLDER}/*` }] } }],
      // Removing a folder deletes the Application but leaves its workloads and data running.
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: '{{.path.basename}}', labels: { ...MANAGED_BY_LABEL } },
        spec: {
          project: argocd.project,
          source: { repoURL, targetRevision: revision, path: '{{.path.path}}' },
          destination: { server: IN_CLUSTER, namespace: '{{.path.basename}}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true'],
            managedNamespaceMetadata: { labels: { ...APP_NAMESPACE_LABELS } },
            retry: SYNC_RETRY,
          },
        },
      },
    },
  });
  applicationSet.validate();
  return toYaml(applicationSet.toJSON());
}
