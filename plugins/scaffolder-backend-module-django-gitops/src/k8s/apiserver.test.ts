import { parseAllDocuments, stringify } from 'yaml';
import { imageRepository } from '../ci/workflow';
import { APPLICATION_SET_PATH } from '../gitops/pushAppFolder';
import { EXAMPLE_SPECS } from '../project/examples';
import type { ProjectSpecInput } from '../project/spec';
import { validateProjectSpec } from '../project/validate';
import { generateApplicationSet } from './applicationSet';
import { ARGOCD_NAMESPACE } from './conventions';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';
import {
  type ControlPlane,
  applyServerSide,
  getLive,
  installCrds,
  kubectl,
  startControlPlane,
  stopControlPlane,
  waitForDefaultServiceAccount,
  waitForDeploymentPods,
} from './__testUtils__/controlPlane';
import { type K8sTools, installK8sTools, kustomizeBuild, writeAppFolder } from './__testUtils__/k8sTools';

/**
 * Every generated folder, applied to a real kube-apiserver (scripts/k8s-tools/control-plane.sh)
 * with the CRDs of the kinds we emit installed: what Argo CD would apply, checked by the API
 * server's own validation, CRD schemas and rules, server-side apply and Pod Security admission.
 */

/**
 * One line per option set of the manifests generator, each deployed with one example spec (its
 * name, image and database). Covering a new option (HPA, monitoring, HTTPRoute...) is one more line.
 */
const CASES: Array<{ title: string; spec: ProjectSpecInput; options: Partial<AppManifestsInput> }> = [
  { title: 'SQLite, nothing optional', spec: EXAMPLE_SPECS.inventory, options: {} },
  {
    title: 'SQLite, plain HTTP ingress, storage class',
    spec: EXAMPLE_SPECS.everyField,
    options: { ingress: { host: 'zoo.example.com', className: 'nginx' }, storage: { size: '5Gi', storageClassName: 'fast-ssd' } },
  },
  {
    title: 'SQLite, Image Updater with a pull secret',
    spec: EXAMPLE_SPECS.relations,
    options: { imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } },
  },
  {
    title: 'PostgreSQL, 3 replicas, TLS ingress, tuned resources',
    spec: EXAMPLE_SPECS.postgres,
    options: {
      replicas: 3,
      ingress: { host: 'orders.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
      resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      env: { LOG_LEVEL: 'info' },
    },
  },
  {
    title: 'PostgreSQL, 2 replicas, Image Updater',
    spec: EXAMPLE_SPECS.postgres,
    options: { replicas: 2, imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } },
  },
];

const TAG = 'sha-1a2b3c4';
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** What the generator writes under `k8s/` of the GitOps repository, by path: all of it is applied. */
function gitopsBootstrapFiles(): Map<string, string> {
  return new Map([[APPLICATION_SET_PATH, generateApplicationSet({ repoUrl: 'https://github.com/acme/gitops.git' })]]);
}

function bootstrapApplicationSets(): any[] {
  return [...gitopsBootstrapFiles().values()].flatMap(parseStream).filter(object => object.kind === 'ApplicationSet');
}

let controlPlane: ControlPlane;
let tools: K8sTools;
const totals = { objects: 0, pods: 0, refusals: [] as string[] };

beforeAll(async () => {
  // Cold, this waits for the binaries' build (scripts/test.sh starts it before jest).
  controlPlane = await startControlPlane();
  tools = installK8sTools();
  installCrds(controlPlane, tools.crds);
  // Argo CD's installation creates its namespace; the bootstrap and ImageUpdater resources live there.
  applyServerSide(controlPlane, stringify(namespace(ARGOCD_NAMESPACE)));
}, 60 * 60_000);

afterAll(() => {
  if (!controlPlane) return;
  stopControlPlane(controlPlane);
  console.info(
    `kube-apiserver: ${totals.objects} objects applied, ${totals.pods} pods admitted; refused:\n${totals.refusals.join('\n')}`,
  );
});

function parseStream(stream: string): any[] {
  return parseAllDocuments(stream).map(doc => doc.toJS()).filter(Boolean);
}

function namespace(name: string, metadata: { labels?: object; annotations?: object } = {}) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...metadata } };
}

function identity(object: any): string {
  return `${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`;
}

/** `kustomize build` of the app folder the generator writes for this case: what Argo CD applies. */
function renderCase(index: number): { name: string; stream: string; objects: any[] } {
  const { spec, options } = CASES[index];
  const project = validateProjectSpec(spec);
  // Its own namespace per case, even when two cases share an example spec.
  const name = `${project.name}-${index + 1}`;
  const input: AppManifestsInput = { name, image: imageRepository(project), tag: TAG, database: project.database, ...options };
  const stream = kustomizeBuild(tools, writeAppFolder(generateManifests(input)));
  return { name, stream, objects: parseStream(stream) };
}

/**
 * Creates the app's namespace as it will exist in the cluster: from the folder's own Namespace, or
 * else as Argo CD makes it (`CreateNamespace=true`), with the ApplicationSet's
 * managedNamespaceMetadata. Nothing else labels it: an unlabeled namespace enforces no Pod Security.
 */
async function createAppNamespace(name: string, objects: any[]): Promise<void> {
  const own = objects.filter(object => object.kind === 'Namespace');
  const managed = bootstrapApplicationSets().map(set => set.spec.template.spec.syncPolicy?.managedNamespaceMetadata).find(Boolean);
  const created = own.length > 0 ? own : [namespace(name, managed)];
  applyServerSide(controlPlane, created.map(object => stringify(object)).join('---\n'));
  await waitForDefaultServiceAccount(controlPlane, name);
}

function liveNamespaceLabels(name: string): Record<string, string> {
  return JSON.parse(kubectl(controlPlane, ['get', 'namespace', name, '-o', 'json']).stdout).metadata.labels ?? {};
}

describe('the GitOps bootstrap (k8s/)', () => {
  it.each([...gitopsBootstrapFiles()])('%s: every object accepted', (_, content) => {
    expect(applyServerSide(controlPlane, content)).toBe('');
    const objects = parseStream(content);
    expect(getLive(controlPlane, content).map(identity)).toEqual(objects.map(identity));
    totals.objects += objects.length;
  });
});

describe('each generated app folder on a real API server', () => {
  it.each(CASES.map((c, index) => [c.title, index] as const))(
    '%s: every object accepted, restricted Pod Security admits every pod',
    async (_, index) => {
      const { name, stream, objects } = renderCase(index);
      await createAppNamespace(name, objects);
      const warnings = applyServerSide(controlPlane, stream);
      expect(getLive(controlPlane, stream).map(identity).sort()).toEqual(objects.map(identity).sort());
      totals.objects += objects.length;

      expect(liveNamespaceLabels(name)).toMatchObject({ [ENFORCE_LABEL]: 'restricted' });
      const deployments = objects.filter(object => object.kind === 'Deployment');
      expect(deployments.length).toBeGreaterThan(0);
      for (const deployment of deployments) {
        // Throws the ReplicaSet's FailedCreate message (the API server's words) if refused.
        const pods = await waitForDeploymentPods(controlPlane, name, deployment.metadata.name);
        expect(pods).toHaveLength(deployment.spec.replicas);
        totals.pods += pods.length;
      }
      // Nothing to warn about either (deprecated APIs, Pod Security levels not enforced here...).
      expect(warnings).toBe('');
    },
  );
});

describe('what the API server refuses', () => {
  /** The API server's answer: the last line kubectl printed, or the error thrown. */
  async function refusal(action: () => unknown): Promise<string> {
    try {
      await action();
    } catch (error) {
      const message = (error as Error).message.trim();
      totals.refusals.push(message.split('\n').pop()!);
      return message;
    }
    return 'accepted';
  }

  /**
   * The first case's Deployment under its own name and labels, changed by `change`, applied into
   * the app's namespace, or into a namespace that enforces nothing.
   */
  async function deployVariant(suffix: string, change: (podSpec: any) => void, into: 'app namespace' | 'unenforced namespace') {
    const { name, objects } = renderCase(0);
    const deployment = structuredClone(objects.find(object => object.kind === 'Deployment'));
    let target = name;
    if (into === 'app namespace') {
      await createAppNamespace(name, objects);
    } else {
      target = `${name}-unenforced`;
      applyServerSide(controlPlane, stringify(namespace(target)));
      await waitForDefaultServiceAccount(controlPlane, target);
    }
    const variantName = `${deployment.metadata.name}-${suffix}`;
    const selector = { 'app.kubernetes.io/name': variantName };
    deployment.metadata = { ...deployment.metadata, name: variantName, namespace: target };
    deployment.spec.selector.matchLabels = selector;
    deployment.spec.template.metadata.labels = selector;
    change(deployment.spec.template.spec);
    const warnings = applyServerSide(controlPlane, stringify(deployment));
    return { warnings, pods: () => waitForDeploymentPods(controlPlane, target, variantName) };
  }

  const allContainers = (pod: any): any[] => [...(pod.initContainers ?? []), ...pod.containers];
  const privileged = (pod: any) => {
    for (const container of allContainers(pod)) {
      container.securityContext = { ...container.securityContext, privileged: true, allowPrivilegeEscalation: true };
    }
  };
  const withoutRunAsNonRoot = (pod: any) => {
    delete pod.securityContext.runAsNonRoot;
    for (const container of allContainers(pod)) delete container.securityContext.runAsNonRoot;
  };
  const POD_SECURITY_REFUSAL = /FailedCreate: pods ".*" is forbidden: violates PodSecurity "restricted:latest"/;

  it('a privileged container: the Deployment is stored, Pod Security refuses its pods', async () => {
    const variant = await deployVariant('privileged', privileged, 'app namespace');
    expect(variant.warnings).toMatch(/would violate PodSecurity "restricted:latest"/);
    const message = await refusal(variant.pods);
    expect(message).toMatch(POD_SECURITY_REFUSAL);
    expect(message).toMatch(/privileged \(containers? .* must not set securityContext\.privileged=true\)/);
  });

  it('the same Deployment gets its pods where nothing is enforced: the refusal above is Pod Security', async () => {
    const variant = await deployVariant('privileged', privileged, 'unenforced namespace');
    expect(variant.warnings).toBe('');
    expect(await variant.pods()).toHaveLength(1);
  });

  it('a Deployment without runAsNonRoot: Pod Security refuses its pods', async () => {
    const variant = await deployVariant('root', withoutRunAsNonRoot, 'app namespace');
    const message = await refusal(variant.pods);
    expect(message).toMatch(POD_SECURITY_REFUSAL);
    expect(message).toMatch(/runAsNonRoot != true/);
  });

  it("an ImageUpdater breaking its CRD's validation rule is refused", async () => {
    const updater = renderCase(2).objects.find(object => object.kind === 'ImageUpdater');
    updater.metadata.name += '-without-images';
    delete updater.spec.applicationRefs[0].images;
    expect(await refusal(() => applyServerSide(controlPlane, stringify(updater)))).toMatch(
      /is invalid: .*Either useAnnotations must be true, or images must be provided with at least one item/,
    );
  });

  it('an ApplicationSet with a misspelt field is refused: server-side apply knows the CRD schema', async () => {
    const [applicationSet] = bootstrapApplicationSets();
    applicationSet.metadata.name += '-misspelt';
    applicationSet.spec.template.spec.syncPolicy.automated.selfheal = true;
    expect(await refusal(() => applyServerSide(controlPlane, stringify(applicationSet)))).toMatch(
      /\.spec\.template\.spec\.syncPolicy\.automated\.selfheal: field not declared in schema/,
    );
  });

  it("an ApplicationSet breaking its CRD's schema is refused", async () => {
    const [applicationSet] = bootstrapApplicationSets();
    applicationSet.metadata.name += '-without-project';
    delete applicationSet.spec.template.spec.project;
    expect(await refusal(() => applyServerSide(controlPlane, stringify(applicationSet)))).toMatch(
      /is invalid: spec\.template\.spec\.project: Required value/,
    );
  });
});
