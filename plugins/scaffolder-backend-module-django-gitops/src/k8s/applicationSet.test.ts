import { InputError } from '@backstage/errors';
import { parse } from 'yaml';
import { generateApplicationSet } from './applicationSet';

describe('generateApplicationSet', () => {
  const repoURL = 'https://github.com/acme/gitops.git';
  const applicationSet = parse(generateApplicationSet({ repoURL }));

  it('is the ApplicationSet the platform names, in Argo CD\'s namespace', () => {
    expect(applicationSet).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet' });
    expect(applicationSet.metadata).toEqual({ name: 'dev-portal-apps', namespace: 'argocd', labels: { 'app.kubernetes.io/managed-by': 'dev-portal' } });
  });

  it('generates one Application per folder under apps/, in the apps\' own AppProject, from the default branch', () => {
    expect(applicationSet.spec.goTemplate).toBe(true);
    expect(applicationSet.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(applicationSet.spec.generators).toEqual([{ git: { repoURL, revision: 'HEAD', directories: [{ path: 'apps/*' }] } }]);
    const { template } = applicationSet.spec;
    expect(template.metadata).toEqual({ name: '{{.path.basename}}', labels: { 'app.kubernetes.io/managed-by': 'dev-portal' } });
    expect(template.spec.source).toEqual({ repoURL, targetRevision: 'HEAD', path: '{{.path.path}}' });
    expect(template.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: '{{.path.basename}}' });
    expect(template.spec.project).toBe('dev-portal-apps');
  });

  it('syncs with prune and self-heal, retries with backoff, and creates each namespace with the Pod Security labels', () => {
    expect(applicationSet.spec.template.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
      managedNamespaceMetadata: {
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'app.kubernetes.io/managed-by': 'dev-portal',
        },
      },
      retry: { limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '10m' } },
    });
  });

  it('keeps an app\'s resources when its folder or Application goes', () => {
    expect(applicationSet.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
  });

  it("follows the revision and the platform's names", () => {
    const custom = parse(generateApplicationSet({
      repoURL: 'git@git.example.com:platform/gitops.git',
      revision: 'release/2026',
      argocd: { namespace: 'gitops', project: 'team-apps', applicationSetName: 'prod-apps' },
    }));
    expect(custom.metadata).toMatchObject({ name: 'prod-apps', namespace: 'gitops' });
    expect(custom.spec.generators[0].git).toMatchObject({ repoURL: 'git@git.example.com:platform/gitops.git', revision: 'release/2026' });
    expect(custom.spec.template.spec.project).toBe('team-apps');
    expect(custom.spec.template.spec.source.targetRevision).toBe('release/2026');
  });

  it('takes the clone URL as the Git host gives it, http for a local one', () => {
    const local = parse(generateApplicationSet({ repoURL: 'http://localhost:7008/acme/gitops.git' }));
    expect(local.spec.template.spec.source.repoURL).toBe('http://localhost:7008/acme/gitops.git');
  });

  it.each([
    [{ repoURL: 'gitops' }, 'repoURL'],
    [{ repoURL: 'github.com?owner=acme&repo=gitops' }, 'repoURL'],
    [{ repoURL: 'ftp://example.com/gitops.git' }, 'repoURL'],
    [{ repoURL, revision: 'a b' }, 'revision'],
    [{ repoURL, argocd: { project: 'My Project' } }, 'argocd.project'],
    [{ repoURL, argocd: { applicationSetName: 'Apps' } }, 'argocd.applicationSetName'],
    [{ repoURL, argocd: { namespace: 'argo_cd' } }, 'argocd.namespace'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => generateApplicationSet(input)).toThrow(InputError);
    expect(() => generateApplicationSet(input)).toThrow(new RegExp(`^${field}: `));
  });
});
