import { InputError } from '@backstage/errors';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { parse } from 'yaml';
import { generateApplicationSet } from './applicationSet';

describe('generateApplicationSet', () => {
  const applicationSet = parse(generateApplicationSet({ repoUrl: 'github.com?owner=acme&repo=gitops' }));

  it('is a valid Argo CD ApplicationSet', () => {
    expect(() => new ApplicationSet(applicationSet).validate()).not.toThrow();
    expect(applicationSet).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet' });
    expect(applicationSet.metadata).toEqual({ name: 'dev-portal-apps', namespace: 'argocd' });
  });

  it('generates one Application per folder under apps/, from the GitOps repository', () => {
    expect(applicationSet.spec.goTemplate).toBe(true);
    expect(applicationSet.spec.generators).toEqual([
      { git: { repoURL: 'https://github.com/acme/gitops.git', revision: 'main', directories: [{ path: 'apps/*' }] } },
    ]);
    const { template } = applicationSet.spec;
    expect(template.metadata.name).toBe('{{.path.basename}}');
    expect(template.spec.source).toEqual({
      repoURL: 'https://github.com/acme/gitops.git', targetRevision: 'main', path: '{{.path.path}}',
    });
    expect(template.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: '{{.path.basename}}' });
    expect(template.spec.project).toBe('default');
  });

  it('syncs automatically with prune and self-heal, creates the namespace, and keeps workloads when a folder goes', () => {
    expect(applicationSet.spec.template.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    });
    expect(applicationSet.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
  });

  it('follows the revision, folder, project and name given', () => {
    const custom = parse(generateApplicationSet({
      repoUrl: 'https://git.example.com/platform/gitops.git',
      revision: 'release/2026',
      appsPath: 'clusters/prod/apps',
      project: 'apps',
      name: 'prod-apps',
    }));
    expect(custom.metadata.name).toBe('prod-apps');
    expect(custom.spec.generators[0].git).toMatchObject({
      repoURL: 'https://git.example.com/platform/gitops.git', revision: 'release/2026',
      directories: [{ path: 'clusters/prod/apps/*' }],
    });
    expect(custom.spec.template.spec.project).toBe('apps');
    expect(custom.spec.template.spec.source.targetRevision).toBe('release/2026');
  });

  it.each([
    [{ repoUrl: 'gitops' }, 'repoUrl'],
    [{ repoUrl: 'github.com?owner=acme' }, 'repoUrl'],
    [{ repoUrl: 'http://github.com/acme/gitops.git' }, 'repoUrl'],
    [{ repoUrl: 'github.com?owner=acme&repo=x', appsPath: '../apps' }, 'appsPath'],
    [{ repoUrl: 'github.com?owner=acme&repo=x', appsPath: '/apps' }, 'appsPath'],
    [{ repoUrl: 'github.com?owner=acme&repo=x', revision: 'a b' }, 'revision'],
    [{ repoUrl: 'github.com?owner=acme&repo=x', project: 'My Project' }, 'project'],
    [{ repoUrl: 'github.com?owner=acme&repo=x', name: 'Apps' }, 'name'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => generateApplicationSet(input)).toThrow(InputError);
    expect(() => generateApplicationSet(input)).toThrow(new RegExp(`^${field}: `));
  });
});
