import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { generateBootstrapFiles } from './bootstrap';
import { generateImageUpdater } from './imageUpdater';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';
import { RENDER_EXAMPLES } from './__testUtils__/renderExamples';
import { type K8sTools, installK8sTools, kustomizeBuild, validateStrictly, writeAppFolder, writeTree } from './__testUtils__/k8sTools';

/** The real tools: kustomize renders the folder as Argo CD would, then strict schema checks. */
let tools: K8sTools;
beforeAll(() => {
  tools = installK8sTools();
}, 15 * 60_000);

function render(input: AppManifestsInput) {
  const stream = kustomizeBuild(tools, writeAppFolder(generateManifests(input)));
  return { stream, objects: parseAllDocuments(stream).map(doc => doc.toJS()) };
}

/** The kinds each example must render to, written out: what a reader of that folder expects. */
const EXPECTED_KINDS: Record<keyof typeof RENDER_EXAMPLES, string[]> = {
  sqlite: ['Deployment', 'NetworkPolicy', 'PersistentVolumeClaim', 'Service'],
  postgresScaled: [
    'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'NetworkPolicy', 'PodDisruptionBudget', 'PrometheusRule',
    'Service', 'ServiceMonitor',
  ],
  imageUpdaterRoute: ['Deployment', 'HTTPRoute', 'NetworkPolicy', 'PersistentVolumeClaim', 'Service'],
  postgresPinned: ['Deployment', 'Ingress', 'Job', 'NetworkPolicy', 'PodDisruptionBudget', 'Service'],
};

describe('kustomize build of the generated folder', () => {
  it.each(Object.entries(RENDER_EXAMPLES) as [string, AppManifestsInput][])('%s: renders the expected objects, valid against the strict schemas', (name, input) => {
    const { stream, objects } = render(input);
    validateStrictly(tools, stream);
    expect(objects.map(o => o.kind).sort()).toEqual(EXPECTED_KINDS[name as keyof typeof RENDER_EXAMPLES]);

    // kustomize put the image on every container and the common labels on every object and pod.
    const pods = objects.flatMap(o => (o.kind === 'Deployment' || o.kind === 'Job' ? [o.spec.template] : []));
    const image = `${input.image}:${input.tag}${input.digest ? `@${input.digest}` : ''}`;
    for (const pod of pods) {
      for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) expect(container.image).toBe(image);
    }
    for (const object of [...objects, ...pods]) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': input.name,
        'app.kubernetes.io/instance': input.name,
        'app.kubernetes.io/part-of': input.name,
        'app.kubernetes.io/managed-by': 'dev-portal',
      });
    }
    for (const object of objects) expect(object.metadata.namespace).toBe(input.name);
    const versioned = input.imageUpdater ? [] : objects;
    for (const object of versioned) expect(object.metadata.labels['app.kubernetes.io/version']).toBe(input.tag);
  });

  it("validates the ImageUpdater against Image Updater's Go types and CRD, in Argo CD's namespace", () => {
    const updater = generateImageUpdater(RENDER_EXAMPLES.imageUpdaterRoute)!;
    validateStrictly(tools, updater);
    expect(parseAllDocuments(updater)[0].toJS().metadata.namespace).toBe('argocd');
  });
});

describe('the strict validation itself', () => {
  const objectOf = (kind: string, example: keyof typeof RENDER_EXAMPLES = 'postgresScaled') =>
    render(RENDER_EXAMPLES[example]).objects.find(o => o.kind === kind);

  it('refuses an unknown field that kubernetes-models accepts', () => {
    const broken = objectOf('Deployment');
    broken.spec.replicaz = 2;
    expect(() => validateStrictly(tools, stringify(broken))).toThrow(/replicaz/);
  });

  it('refuses a wrong type deep in the pod template', () => {
    const broken = objectOf('Deployment');
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand';
    expect(() => validateStrictly(tools, stringify(broken))).toThrow(/eight thousand/);
  });

  it.each([
    ['ServiceMonitor', 'postgresScaled', (o: any) => { o.spec.endpoints[0].portt = 'metrics'; }, /portt/],
    ['PrometheusRule', 'postgresScaled', (o: any) => { o.spec.groups[0].rules[0].forr = '5m'; }, /forr/],
    ['HTTPRoute', 'imageUpdaterRoute', (o: any) => { o.spec.hostname = 'a.example.com'; }, /hostname/],
    ['HTTPRoute', 'imageUpdaterRoute', (o: any) => { o.spec.rules[0].backendRefs[0].port = 'eighty'; }, /eighty/],
  ] as const)('refuses an unknown field or a wrong type in a %s, by its CRD', (kind, example, breakIt, message) => {
    const broken = objectOf(kind, example);
    breakIt(broken);
    expect(() => validateStrictly(tools, stringify(broken))).toThrow(message);
  });

  it('refuses an unknown field of the ImageUpdater resource', () => {
    const updater = parseAllDocuments(generateImageUpdater(RENDER_EXAMPLES.imageUpdaterRoute)!)[0].toJS();
    updater.spec.writeBackConfig.gitConfig.writeBackTargt = 'kustomization';
    expect(() => validateStrictly(tools, stringify(updater))).toThrow(/writeBackTargt/);
  });

  it('refuses a kind it has no schema for instead of passing it unchecked', () => {
    expect(() => validateStrictly(tools, stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))).toThrow(/Widget/);
    expect(() => validateStrictly(tools, stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' } }))).toThrow(/Rollout/);
  });
});

describe('the bootstrap folder k8s/', () => {
  const files = generateBootstrapFiles({ repoURL: 'https://github.com/acme/gitops.git', reservedNamespaces: ['monitoring'] });

  it('renders through kustomize to the AppProjects, the ApplicationSet and the Image Updater Application, valid by their CRDs', () => {
    const stream = kustomizeBuild(tools, join(writeTree(files), 'k8s'));
    validateStrictly(tools, stream);
    const objects = parseAllDocuments(stream).map(doc => doc.toJS());
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'AppProject/dev-portal-apps', 'AppProject/dev-portal-apps-image-updaters', 'Application/dev-portal-apps-image-updaters',
      'ApplicationSet/dev-portal-apps',
    ]);
    for (const object of objects) expect(object.metadata.namespace).toBe('argocd');
  });

  it('refuses a misspelt AppProject field by the Argo CD CRD', () => {
    const project = parseAllDocuments(files.get('k8s/appproject.yaml')!)[0].toJS();
    project.spec.clusterResourceWhitelst = [];
    expect(() => validateStrictly(tools, stringify(project))).toThrow(/clusterResourceWhitelst/);
  });
});
