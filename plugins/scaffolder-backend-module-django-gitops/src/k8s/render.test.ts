import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { generateApplicationSet } from './applicationSet';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';
import { type K8sTools, installK8sTools, kustomizeBuild, validateStrictly, writeAppFolder } from './__testUtils__/k8sTools';

/** The real tools: kustomize renders the folder as Argo CD would, then strict schema checks. */
let tools: K8sTools;
beforeAll(() => {
  tools = installK8sTools();
}, 15 * 60_000);

function render(input: AppManifestsInput) {
  const stream = kustomizeBuild(tools, writeAppFolder(generateManifests(input)));
  return { stream, objects: parseAllDocuments(stream).map(doc => doc.toJS()) };
}

const inputs: Record<string, AppManifestsInput> = {
  'SQLite, nothing optional': { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api', tag: 'sha-1a2b3c4' },
  'PostgreSQL, TLS ingress, pull secret, tuned resources': {
    name: 'orders',
    image: 'ghcr.io/acme/orders',
    tag: 'sha-0f0f0f0',
    database: 'postgres',
    replicas: 3,
    containerPort: 8080,
    ingress: { host: 'orders.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
    imagePullSecret: 'ghcr-pull',
    resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    env: { LOG_LEVEL: 'info', GUNICORN_WORKERS: '4' },
  },
  'SQLite, Image Updater, storage class, plain HTTP ingress': {
    name: 'a',
    image: 'registry.example.com:5000/team/a',
    tag: 'v1.2.3',
    storage: { size: '10Gi', storageClassName: 'fast-ssd' },
    ingress: { host: 'a.internal', className: 'traefik' },
    imagePullSecret: 'registry-pull',
    imageUpdater: { enabled: true },
  },
};

describe('kustomize build of the generated folder', () => {
  it.each(Object.entries(inputs))('%s: renders objects valid against the strict schemas', (_, input) => {
    const { stream, objects } = render(input);
    validateStrictly(tools, stream);

    const files = generateManifests(input);
    const expectedKinds = ['Namespace', 'Deployment', 'Service'];
    if (files.has('pvc.yaml')) expectedKinds.push('PersistentVolumeClaim');
    if (files.has('ingress.yaml')) expectedKinds.push('Ingress');
    if (files.has('image-updater.yaml')) expectedKinds.push('ImageUpdater');
    expect(objects.map(o => o.kind).sort()).toEqual(expectedKinds.sort());

    // kustomize put the tag on both containers and the common labels on every object and the pods.
    const deployment = objects.find(o => o.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.image).toBe(`${input.image}:${input.tag}`);
    }
    for (const object of [...objects, deployment.spec.template]) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/part-of': input.name,
        'app.kubernetes.io/managed-by': 'dev-portal',
      });
    }
  });

  it('keeps the ImageUpdater in the controller namespace and the workloads in the app namespace', () => {
    const { objects } = render(inputs['SQLite, Image Updater, storage class, plain HTTP ingress']);
    const namespaces = Object.fromEntries(objects.map(o => [o.kind, o.metadata.namespace]));
    expect(namespaces).toEqual({
      Namespace: undefined, Deployment: 'a', Service: 'a', PersistentVolumeClaim: 'a', Ingress: 'a', ImageUpdater: 'argocd',
    });
  });
});

describe('the strict validation itself', () => {
  const deployment = () => render(inputs['SQLite, nothing optional']).objects.find(o => o.kind === 'Deployment');

  it('refuses an unknown field that kubernetes-models accepts', () => {
    const broken = deployment();
    broken.spec.replicaz = 2;
    expect(() => validateStrictly(tools, stringify(broken))).toThrow(/replicaz/);
  });

  it('refuses a wrong type deep in the pod template', () => {
    const broken = deployment();
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand';
    expect(() => validateStrictly(tools, stringify(broken))).toThrow(/eight thousand/);
  });

  it('refuses an unknown field of the ImageUpdater resource', () => {
    const { objects } = render(inputs['SQLite, Image Updater, storage class, plain HTTP ingress']);
    const updater = objects.find(o => o.kind === 'ImageUpdater');
    updater.spec.writeBackConfig.gitConfig.writeBackTargt = 'kustomization';
    expect(() => validateStrictly(tools, stringify(updater))).toThrow(/writeBackTargt/);
  });

  it('refuses a kind it has no schema for instead of passing it unchecked', () => {
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(() => validateStrictly(tools, stringify(unknown))).toThrow(/Widget/);
  });
});

describe('the ApplicationSet', () => {
  it('renders through kustomize unchanged as the bootstrap folder k8s/', () => {
    const folder = mkdtempSync(join(tmpdir(), 'k8s-bootstrap-'));
    const applicationSet = generateApplicationSet({ repoUrl: 'https://github.com/acme/gitops.git' });
    writeFileSync(join(folder, 'applicationset.yaml'), applicationSet);
    writeFileSync(join(folder, 'kustomization.yaml'), stringify({ resources: ['applicationset.yaml'] }));
    const [rendered] = parseAllDocuments(kustomizeBuild(tools, folder)).map(doc => doc.toJS());
    expect(rendered).toEqual(parseAllDocuments(applicationSet)[0].toJS());
  });
});
