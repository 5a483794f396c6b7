import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { RESERVED_NAMESPACES } from '@dev-portal/plugin-django-gitops-common';
import { generateApplicationSet, type GitopsSourceInput, IN_CLUSTER, type ResolvedGitopsSource, resolveGitopsSource, SYNC_RETRY } from './applicationSet';
import { APP_KINDS, IMAGE_UPDATER_API_VERSION, IMAGE_UPDATERS_FOLDER, MANAGED_BY_LABEL } from './conventions';
import { toYaml } from './manifests';

/**
 * The platform's side of the GitOps repository, applied once by hand (`kubectl apply -k k8s/`),
 * never synced from the repository: whoever can push to the repository (every app's workflow)
 * cannot change what an app may deploy.
 *
 * - `k8s/appproject.yaml`: the apps' AppProject, least privilege.
 * - `k8s/applicationset.yaml`: one Application per `apps/<app>/`, in that project.
 * - `k8s/image-updaters-project.yaml`, `k8s/image-updaters-application.yaml`: the platform's
 *   Application that applies `image-updaters/*.yaml` (ImageUpdater resources, which live in Argo
 *   CD's namespace) under a project that allows that kind there and nothing else.
 * - `image-updaters/README.md`, so that folder exists before the first app in that mode.
 */
export interface BootstrapInput extends GitopsSourceInput {
  /** The platform's reserved namespaces, on top of the built-in ones: no app may deploy there. */
  reservedNamespaces?: readonly string[];
}

export const BOOTSTRAP_FOLDER = 'k8s';

/** The manifests of `k8s/`, by file name, in the order `kubectl apply -k k8s/` applies them. */
const BOOTSTRAP_MANIFESTS: Record<string, (source: ResolvedGitopsSource, input: BootstrapInput) => string> = {
  'appproject.yaml': (source, input) => toYaml(appsProject(source, input.reservedNamespaces ?? [])),
  'applicationset.yaml': (_source, input) => generateApplicationSet(input),
  'image-updaters-project.yaml': source => toYaml(imageUpdatersProject(source)),
  'image-updaters-application.yaml': source => toYaml(imageUpdatersApplication(source)),
};

/** Every path `generateBootstrapFiles` writes, whatever the input. */
export const BOOTSTRAP_PATHS: readonly string[] = [
  `${BOOTSTRAP_FOLDER}/kustomization.yaml`,
  ...Object.keys(BOOTSTRAP_MANIFESTS).map(name => `${BOOTSTRAP_FOLDER}/${name}`),
  `${IMAGE_UPDATERS_FOLDER}/README.md`,
];

/** The bootstrap files by repository path; each is written only where the repository has none. */
export function generateBootstrapFiles(input: BootstrapInput): Map<string, string> {
  const source = resolveGitopsSource(input);
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: Object.keys(BOOTSTRAP_MANIFESTS) };
  const files = new Map<string, string>([[`${BOOTSTRAP_FOLDER}/kustomization.yaml`, toYaml(kustomization)]]);
  for (const [name, render] of Object.entries(BOOTSTRAP_MANIFESTS)) files.set(`${BOOTSTRAP_FOLDER}/${name}`, render(source, input));
  files.set(`${IMAGE_UPDATERS_FOLDER}/README.md`, imageUpdatersReadme(source));
  return files;
}

/** Namespaces no app may use: the cluster's, the platform's, and Argo CD's own. */
function reservedNamespaces(source: ResolvedGitopsSource, extra: readonly string[]): string[] {
  return [...new Set([...RESERVED_NAMESPACES, source.argocd.namespace, ...extra])];
}

/**
 * The apps' AppProject: the GitOps repository only; any namespace but the reserved ones; no
 * cluster-scoped kind but Namespace (Argo CD's CreateNamespace needs it, and it may not touch a
 * reserved one); namespaced kinds limited to what the generator emits (no RBAC, no Secrets).
 */
export function appsProject(source: ResolvedGitopsSource, extraReserved: readonly string[]) {
  const reserved = reservedNamespaces(source, extraReserved);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: source.argocd.project, namespace: source.argocd.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      description: 'Apps created by the Dev Portal: one namespace each, only the kinds its generator writes.',
      sourceRepos: [source.repoURL],
      destinations: [
        { server: IN_CLUSTER, namespace: '*' },
        ...reserved.map(namespace => ({ server: IN_CLUSTER, namespace: `!${namespace}` })),
      ],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      clusterResourceBlacklist: reserved.map(name => ({ group: '', kind: 'Namespace', name })),
      namespaceResourceWhitelist: APP_KINDS.map(({ group, kind }) => ({ group, kind })),
    },
  };
}

function imageUpdatersName(source: ResolvedGitopsSource): string {
  return `${source.argocd.applicationSetName}-image-updaters`.slice(0, 63);
}

/** ImageUpdater resources in Argo CD's namespace, from `image-updaters/`, and nothing else anywhere. */
export function imageUpdatersProject(source: ResolvedGitopsSource) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: imageUpdatersName(source), namespace: source.argocd.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      description: `Argo CD Image Updater settings of Dev Portal apps (${IMAGE_UPDATERS_FOLDER}/), nothing else.`,
      sourceRepos: [source.repoURL],
      destinations: [{ server: IN_CLUSTER, namespace: source.argocd.namespace }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: IMAGE_UPDATER_API_VERSION.split('/')[0], kind: 'ImageUpdater' }],
    },
  };
}

export function imageUpdatersApplication(source: ResolvedGitopsSource) {
  const application = new Application({
    metadata: { name: imageUpdatersName(source), namespace: source.argocd.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      project: imageUpdatersName(source),
      source: { repoURL: source.repoURL, targetRevision: source.revision, path: IMAGE_UPDATERS_FOLDER, directory: { include: '*.yaml' } },
      destination: { server: IN_CLUSTER, namespace: source.argocd.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Image Updater (and its CRD) may be installed after the first app asks for it.
        syncOptions: ['SkipDryRunOnMissingResource=true'],
        retry: SYNC_RETRY,
      },
    },
  });
  application.validate();
  return application.toJSON();
}

function imageUpdatersReadme(source: ResolvedGitopsSource): string {
  return [
    '# image-updaters',
    '',
    'One `<app>.yaml` per app in Argo CD Image Updater mode: the `ImageUpdater` resource (API',
    `\`${IMAGE_UPDATER_API_VERSION}\`) that keeps the app's image tag current. They live in Argo CD's namespace`,
    `(\`${source.argocd.namespace}\`), which the apps' AppProject (\`${source.argocd.project}\`) cannot reach, so the`,
    `platform's Application \`${imageUpdatersName(source)}\` (project of the same name: this folder, that namespace,`,
    'that kind, nothing else) applies them. Written and removed by the Dev Portal with the app folder.',
    '',
  ].join('\n');
}
