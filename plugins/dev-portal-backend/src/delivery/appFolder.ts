import { parse } from 'yaml';

/** The files of an app folder that route a public host to the app, as `k8s:manifests` names them. */
const ROUTE_FILES: ReadonlySet<string> = new Set(['ingress.yaml', 'httproute.yaml']);

/** What the service page reads from an app folder's `kustomization.yaml`. */
export interface Kustomization {
  /** The image it deploys (the generator writes one: the app's). */
  image?: { image: string; tag?: string; digest?: string };
  /** The folder's Ingress or HTTPRoute file, when the app has a public host. */
  routeFile?: string;
}

export function readKustomization(text: string): Kustomization {
  const kustomization = parse(text) ?? {};
  const images: Array<{ name?: string; newName?: string; newTag?: string; digest?: string }> = kustomization.images ?? [];
  const resources: unknown[] = kustomization.resources ?? [];
  const [image] = images;
  const name = image?.newName ?? image?.name;
  return {
    image: name ? { image: name, tag: image.newTag, digest: image.digest } : undefined,
    routeFile: resources.find((resource): resource is string => typeof resource === 'string' && ROUTE_FILES.has(resource)),
  };
}

/** Scheme and host clients reach the app at, from its Ingress or HTTPRoute; undefined without a host. */
export function publicOrigin(routeText: string): string | undefined {
  const route = parse(routeText) ?? {};
  if (route.kind === 'Ingress') {
    const host: string | undefined = route.spec?.rules?.find((rule: { host?: string }) => rule.host)?.host;
    const tls = (route.spec?.tls ?? []).some((entry: { hosts?: string[] }) => entry.hosts?.includes(host!));
    return host && `${tls ? 'https' : 'http'}://${host}`;
  }
  if (route.kind === 'HTTPRoute') {
    const host: string | undefined = route.spec?.hostnames?.[0];
    // TLS ends at the Gateway's listener, which the route does not describe: HTTPS, as Gateways serve a public host.
    return host && `https://${host}`;
  }
  return undefined;
}
