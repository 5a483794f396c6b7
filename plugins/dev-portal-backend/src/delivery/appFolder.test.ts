import { publicOrigin, readKustomization } from './appFolder';

describe('reading an app folder', () => {
  it('takes the image from images[] (newName over name) and the route file from resources', () => {
    const kustomization = readKustomization(
      [
        'resources: [deployment.yaml, service.yaml, ingress.yaml]',
        'images:',
        '  - { name: ghcr.io/acme/shop, newName: registry.example.com/acme/shop, newTag: sha-1a2b3c4 }',
      ].join('\n'),
    );
    expect(kustomization).toEqual({ image: { image: 'registry.example.com/acme/shop', tag: 'sha-1a2b3c4', digest: undefined }, routeFile: 'ingress.yaml' });
    expect(readKustomization('resources: [deployment.yaml]\n')).toEqual({ image: undefined, routeFile: undefined });
  });

  it('serves an Ingress host over HTTPS only when its TLS covers the host', () => {
    const ingress = (tls: string) => `kind: Ingress\nspec:\n  rules: [{ host: shop.example.com }]\n${tls}`;
    expect(publicOrigin(ingress('  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]\n'))).toBe('https://shop.example.com');
    expect(publicOrigin(ingress(''))).toBe('http://shop.example.com');
    expect(publicOrigin(ingress('  tls: [{ hosts: [other.example.com] }]\n'))).toBe('http://shop.example.com');
  });

  it('knows no origin for a route without a host, or another kind', () => {
    expect(publicOrigin('kind: Ingress\nspec: { rules: [{ http: {} }] }\n')).toBeUndefined();
    expect(publicOrigin('kind: HTTPRoute\nspec: { hostnames: [] }\n')).toBeUndefined();
    expect(publicOrigin('kind: Service\n')).toBeUndefined();
  });
});
