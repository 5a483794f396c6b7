import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { stringify } from 'yaml';
import { GITOPS_APPS_FOLDER } from '../project/constants';
import { GIT_BRANCH_NAME } from '../project/names';
import { ARGOCD_NAMESPACE, MANAGED_BY_LABEL } from './conventions';
import { DNS_LABEL, refuse } from './input';

export interface ApplicationSetInput {
  /** The GitOps repository: an https or ssh Git URL, or Backstage's `github.com?owner=o&repo=r`. */
  repoUrl: string;
  /** Branch (or tag) Argo CD follows. Default `main`. */
  revision?: string;
  /** Folder whose sub-folders are apps. Default `apps`. */
  appsPath?: string;
  /** Argo CD project. Default `default`. */
  project?: string;
  /** Name of the ApplicationSet. Default `dev-portal-apps`. */
  name?: string;
  /** Where Argo CD runs. Default `argocd`. */
  namespace?: string;
}

const APPS_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * `k8s/applicationset.yaml`: one Argo CD Application per folder under `apps/`, named after the
 * folder and deployed into the namespace of the same name.
 */
export function generateApplicationSet(input: ApplicationSetInput): string {
  const repoURL = gitUrl(input.repoUrl);
  const revision = input.revision ?? 'main';
  const appsPath = input.appsPath ?? GITOPS_APPS_FOLDER;
  const project = input.project ?? 'default';
  const name = input.name ?? 'dev-portal-apps';
  const namespace = input.namespace ?? ARGOCD_NAMESPACE;
  if (!GIT_BRANCH_NAME.test(revision)) refuse('revision', 'must be a branch, tag or commit');
  if (!APPS_PATH.test(appsPath) || appsPath.split('/').some(part => part === '..' || part === '.')) {
    refuse('appsPath', 'must be a relative folder path inside the repository, such as apps');
  }
  for (const [field, value] of Object.entries({ project, name, namespace })) {
    if (!DNS_LABEL.test(value)) refuse(field, 'must be a DNS-1123 label');
  }

  const applicationSet = new ApplicationSet({
    metadata: { name, namespace },
    spec: {
      goTemplate: true,
      // A typo in a template field fails the generation instead of naming an app "<no value>".
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL, revision, directories: [{ path: `${appsPath}/*` }] } }],
      // Removing a folder deletes the Application but leaves its workloads and data running.
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: '{{.path.basename}}', labels: { ...MANAGED_BY_LABEL } },
        spec: {
          project,
          source: { repoURL, targetRevision: revision, path: '{{.path.path}}' },
          destination: { server: 'https://kubernetes.default.svc', namespace: '{{.path.basename}}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true'],
          },
        },
      },
    },
  });
  applicationSet.validate();
  return stringify(applicationSet.toJSON(), { lineWidth: 0 });
}

/** Accepts a Git URL, or Backstage's repoUrl form, which names no scheme. */
function gitUrl(repoUrl: string): string {
  if (/^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(repoUrl)) return repoUrl;
  const match = /^([a-z0-9.-]+(?::[0-9]+)?)\?(.+)$/i.exec(repoUrl ?? '');
  if (match) {
    const params = new URLSearchParams(match[2]);
    const owner = params.get('owner');
    const repo = params.get('repo');
    const segment = /^[A-Za-z0-9_.-]+$/;
    if (owner && repo && segment.test(owner) && segment.test(repo)) return `https://${match[1]}/${owner}/${repo}.git`;
  }
  return refuse('repoUrl', 'must be an https or ssh Git URL, or github.com?owner=<owner>&repo=<repo>');
}
