import { parse } from 'yaml';
import { BOOTSTRAP_PATHS, generateBootstrapFiles } from './bootstrap';

describe('generateBootstrapFiles', () => {
  const repoURL = 'https://github.com/acme/gitops.git';
  const files = generateBootstrapFiles({ repoURL, reservedNamespaces: ['monitoring', 'team-*'] });
  const read = (path: string) => parse(files.get(path)!);

  it('writes the platform files of k8s/, applied together with kubectl apply -k, and the image-updaters/ folder', () => {
    expect([...files.keys()]).toEqual([
      'k8s/kustomization.yaml',
      'k8s/appproject.yaml',
      'k8s/applicationset.yaml',
      'k8s/image-updaters-project.yaml',
      'k8s/image-updaters-application.yaml',
      'image-updaters/README.md',
    ]);
    expect(BOOTSTRAP_PATHS).toEqual([...files.keys()]);
    expect(read('k8s/kustomization.yaml').resources).toEqual([
      'appproject.yaml', 'applicationset.yaml', 'image-updaters-project.yaml', 'image-updaters-application.yaml',
    ]);
  });

  describe("the apps' AppProject", () => {
    const project = read('k8s/appproject.yaml');

    it('is the one the ApplicationSet uses, never default', () => {
      expect(project.metadata).toMatchObject({ name: 'dev-portal-apps', namespace: 'argocd' });
      expect(read('k8s/applicationset.yaml').spec.template.spec.project).toBe('dev-portal-apps');
    });

    it('deploys from the GitOps repository only, into any namespace but the reserved ones', () => {
      expect(project.spec.sourceRepos).toEqual([repoURL]);
      expect(project.spec.destinations).toEqual([
        { server: 'https://kubernetes.default.svc', namespace: '*' },
        ...['default', 'kube-*', 'openshift', 'openshift-*', 'argocd', 'monitoring', 'team-*'].map(namespace => ({
          server: 'https://kubernetes.default.svc',
          namespace: `!${namespace}`,
        })),
      ]);
    });

    it('allows no cluster-scoped kind but Namespace, and no reserved Namespace', () => {
      expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
      expect(project.spec.clusterResourceBlacklist).toContainEqual({ group: '', kind: 'Namespace', name: 'kube-*' });
      expect(project.spec.clusterResourceBlacklist).toContainEqual({ group: '', kind: 'Namespace', name: 'argocd' });
      expect(project.spec.clusterResourceBlacklist).toContainEqual({ group: '', kind: 'Namespace', name: 'team-*' });
    });

    it('allows the namespaced kinds an app folder holds and nothing else: no RBAC, no Secrets, no ServiceAccounts', () => {
      const kinds = project.spec.namespaceResourceWhitelist.map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`);
      expect(kinds.sort()).toEqual([
        '/ConfigMap', '/PersistentVolumeClaim', '/Service', 'apps/Deployment', 'autoscaling/HorizontalPodAutoscaler', 'batch/Job',
        'gateway.networking.k8s.io/HTTPRoute', 'monitoring.coreos.com/PrometheusRule', 'monitoring.coreos.com/ServiceMonitor',
        'networking.k8s.io/Ingress', 'networking.k8s.io/NetworkPolicy', 'policy/PodDisruptionBudget',
      ]);
    });
  });

  describe('the Image Updater path', () => {
    it("is the platform's own Application over image-updaters/, allowed ImageUpdater resources in Argo CD's namespace only", () => {
      const project = read('k8s/image-updaters-project.yaml');
      expect(project.metadata).toMatchObject({ name: 'dev-portal-apps-image-updaters', namespace: 'argocd' });
      expect(project.spec).toMatchObject({
        sourceRepos: [repoURL],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argocd-image-updater.argoproj.io', kind: 'ImageUpdater' }],
      });
      const application = read('k8s/image-updaters-application.yaml');
      expect(application.spec).toMatchObject({
        project: 'dev-portal-apps-image-updaters',
        source: { repoURL, targetRevision: 'HEAD', path: 'image-updaters', directory: { include: '*.yaml' } },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      });
      expect(application.spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true']);
      expect(files.get('image-updaters/README.md')).toContain('dev-portal-apps-image-updaters');
    });
  });

  it("follows the platform's Argo CD namespace and names everywhere", () => {
    const custom = generateBootstrapFiles({ repoURL, revision: 'live', argocd: { namespace: 'gitops', project: 'apps', applicationSetName: 'portal' } });
    const project = parse(custom.get('k8s/appproject.yaml')!);
    expect(project.metadata).toMatchObject({ name: 'apps', namespace: 'gitops' });
    expect(project.spec.destinations).toContainEqual({ server: 'https://kubernetes.default.svc', namespace: '!gitops' });
    const updaters = parse(custom.get('k8s/image-updaters-application.yaml')!);
    expect(updaters.metadata).toMatchObject({ name: 'portal-image-updaters', namespace: 'gitops' });
    expect(updaters.spec.source.targetRevision).toBe('live');
  });
});
