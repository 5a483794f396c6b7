import { mockServices } from '@backstage/backend-test-utils';
import { readDeployConfig } from './deployConfig';

describe('readDeployConfig', () => {
  it("defaults to Argo CD in argocd, the dev-portal-apps project and ApplicationSet, and reserves Argo CD's namespace", () => {
    expect(readDeployConfig(mockServices.rootConfig({ data: {} }))).toEqual({
      argocd: { namespace: 'argocd', project: 'dev-portal-apps', applicationSetName: 'dev-portal-apps' },
      reservedNamespaces: ['argocd'],
    });
  });

  it("reads the platform's devPortal.* keys, its Argo CD namespace reserved with its own list", () => {
    const config = mockServices.rootConfig({
      data: {
        devPortal: {
          argocd: { namespace: 'gitops', project: 'team-apps', applicationSetName: 'portal' },
          reservedNamespaces: ['monitoring', 'team-*'],
        },
      },
    });
    expect(readDeployConfig(config)).toEqual({
      argocd: { namespace: 'gitops', project: 'team-apps', applicationSetName: 'portal' },
      reservedNamespaces: ['gitops', 'monitoring', 'team-*'],
    });
  });

  it('refuses a key of the wrong type, naming it', () => {
    expect(() => readDeployConfig(mockServices.rootConfig({ data: { devPortal: { reservedNamespaces: 'monitoring' } } }))).toThrow(
      /devPortal\.reservedNamespaces/,
    );
  });
});
