import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { GITOPS_APPS_FOLDER } from '../project/constants';
import { BOOTSTRAP_FOLDER, generateBootstrapFiles } from './bootstrap';
import { DEFAULT_ARGOCD } from './conventions';
import { generateImageUpdater } from './imageUpdater';
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
  waitForJobPods,
} from './__testUtils__/controlPlane';
import { type K8sTools, installK8sTools, kustomizeBuild, REPOSITORY_ROOT, writeAppFolder, writeTree } from './__testUtils__/k8sTools';
import { RENDER_EXAMPLES } from './__testUtils__/renderExamples';

/**
 * The GitOps repository as the generator writes it, applied to a real kube-apiserver
 * (scripts/k8s-tools/control-plane.sh) with the CRDs of the kinds we emit installed (the files of
 * scripts/k8s-tools/crds.txt, the same the strict schema check reads): the bootstrap `k8s/`, then
 * per example app what Argo CD would do — the Application the ApplicationSet makes, its namespace
 * from `managedNamespaceMetadata`, the folder `apps/<app>/` (kustomize), and `image-updaters/<app>.yaml`
 * in Argo CD's namespace — checked by the API server's own validation, CRD schemas and CEL rules,
 * server-side apply, Pod Security admission of the pods that Deployments and the PreSync Job create,
 * and the HPA controller.
 *
 * The examples are RENDER_EXAMPLES, which the render and checkov tests build too: covering a new
 * option of the generator is one more entry there.
 */

const REPO_URL = 'https://github.com/acme/gitops.git';
const BOOTSTRAP_FILES = generateBootstrapFiles({ repoURL: REPO_URL });
const ARGOCD_NAMESPACE = DEFAULT_ARGOCD.namespace;
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** Each wait on a controller gives up after 60 s with what it saw; a test may wait on a few of them. */
const TEST_TIMEOUT = 3 * 60_000;
const CASES = Object.entries(RENDER_EXAMPLES).map(([title, input]) => ({ title, input: input as AppManifestsInput }));

let controlPlane: ControlPlane;
let tools: K8sTools;
const totals = { objects: 0, pods: 0, jobPods: 0, refusals: [] as string[] };

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
    `kube-apiserver: ${totals.objects} objects applied, ${totals.pods} Deployment pods and ${totals.jobPods} Job pods admitted; ` +
      `refused:\n${totals.refusals.join('\n')}`,
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

/** Applies a stream server-side and checks that the API server stored every object of it; returns the warnings. */
function applyAll(stream: string): string {
  const warnings = applyServerSide(controlPlane, stream);
  const objects = parseStream(stream);
  expect(getLive(controlPlane, stream).map(identity).sort()).toEqual(objects.map(identity).sort());
  totals.objects += objects.length;
  return warnings;
}

/**
 * `kubectl apply -k k8s/`, as the platform applies the bootstrap, once per run: the kustomization
 * must take in every manifest under `k8s/`. Returns the warnings.
 */
let bootstrapWarnings: string | undefined;
function applyBootstrap(): string {
  if (bootstrapWarnings === undefined) {
    const stream = kustomizeBuild(tools, join(writeTree(BOOTSTRAP_FILES), BOOTSTRAP_FOLDER));
    const manifests = [...BOOTSTRAP_FILES].filter(
      ([path]) => path.startsWith(`${BOOTSTRAP_FOLDER}/`) && path !== `${BOOTSTRAP_FOLDER}/kustomization.yaml`,
    );
    expect(manifests.length).toBeGreaterThan(0);
    expect(parseStream(stream).map(identity).sort()).toEqual(manifests.flatMap(([, content]) => parseStream(content)).map(identity).sort());
    bootstrapWarnings = applyAll(stream);
  }
  return bootstrapWarnings;
}

/** The ApplicationSet as the API server stored it (what Argo CD reads: a field its CRD prunes is gone). */
function liveApplicationSet(): any {
  applyBootstrap();
  const [applicationSet] = parseStream(BOOTSTRAP_FILES.get(`${BOOTSTRAP_FOLDER}/applicationset.yaml`)!);
  return getLive(controlPlane, stringify(applicationSet))[0];
}

/** The Application the ApplicationSet's git directory generator makes for `apps/<name>`: its Go template filled in. */
function applicationFor(name: string): any {
  const applicationSet = liveApplicationSet();
  const filled = JSON.stringify(applicationSet.spec.template)
    .replaceAll('{{.path.basename}}', name)
    .replaceAll('{{.path.path}}', `${GITOPS_APPS_FOLDER}/${name}`);
  expect(filled).not.toContain('{{');
  const { metadata, spec } = JSON.parse(filled);
  return { apiVersion: applicationSet.apiVersion, kind: 'Application', metadata: { ...metadata, namespace: ARGOCD_NAMESPACE }, spec };
}

/**
 * Creates the app's namespace as Argo CD does (`CreateNamespace=true`): the Application's
 * destination, labelled and annotated from its managedNamespaceMetadata and nothing else (an
 * unlabeled namespace enforces no Pod Security). Idempotent.
 */
async function createAppNamespace(application: any): Promise<string> {
  const name = application.spec.destination.namespace;
  applyServerSide(controlPlane, stringify(namespace(name, application.spec.syncPolicy.managedNamespaceMetadata)));
  await waitForDefaultServiceAccount(controlPlane, name);
  return name;
}

function liveNamespaceLabels(name: string): Record<string, string> {
  return JSON.parse(kubectl(controlPlane, ['get', 'namespace', name, '-o', 'json']).stdout).metadata.labels ?? {};
}

/** `kustomize build` of the app folder `apps/<name>/`: what Argo CD applies. */
function renderApp(input: AppManifestsInput): any[] {
  return parseStream(kustomizeBuild(tools, writeAppFolder(generateManifests(input), input.name)));
}

/** The Deployment's pod count once settled: its own `replicas`, else its HorizontalPodAutoscaler's minimum. */
function expectedReplicas(deployment: any, objects: any[]): number {
  const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment.metadata.name);
  return deployment.spec.replicas ?? hpa?.spec.minReplicas ?? 1;
}

describe('the GitOps bootstrap (k8s/)', () => {
  it('kubectl apply -k k8s/: every object of every file accepted, with no warning', () => {
    expect(applyBootstrap()).toBe('');
  }, TEST_TIMEOUT);
});

describe('each example app on a real API server', () => {
  it.each(CASES)(
    '$title: Application, namespace, folder and ImageUpdater accepted; restricted Pod Security admits every pod',
    async ({ input }) => {
      const application = applicationFor(input.name);
      expect(applyAll(stringify(application))).toBe('');
      const app = await createAppNamespace(application);
      expect(app).toBe(input.name);
      expect(liveNamespaceLabels(app)).toMatchObject({ [ENFORCE_LABEL]: 'restricted' });

      const objects = renderApp(input);
      const warnings = applyAll(objects.map(object => stringify(object)).join('---\n'));

      // Image Updater mode: image-updaters/<app>.yaml, applied by the platform's Application in Argo CD's namespace.
      const updater = generateImageUpdater(input);
      expect(Boolean(updater)).toBe(Boolean(input.imageUpdater?.enabled));
      for (const resource of updater ? [updater] : []) {
        expect(applyAll(resource)).toBe('');
        const [live] = getLive(controlPlane, resource);
        expect(live.metadata.namespace).toBe(ARGOCD_NAMESPACE);
        // It selects the Application the ApplicationSet makes for this folder.
        expect(live.spec.applicationRefs.map((ref: any) => ref.namePattern)).toEqual([application.metadata.name]);
      }

      const deployments = objects.filter(object => object.kind === 'Deployment');
      expect(deployments.length).toBeGreaterThan(0);
      for (const deployment of deployments) {
        // Throws the ReplicaSet's FailedCreate message (the API server's words) if refused.
        const replicas = expectedReplicas(deployment, objects);
        const pods = await waitForDeploymentPods(controlPlane, app, deployment.metadata.name, replicas);
        expect(pods).toHaveLength(replicas);
        totals.pods += pods.length;
      }
      // The PreSync migration Job (PostgreSQL): the Job controller creates its pod, admitted too.
      const jobs = objects.filter(object => object.kind === 'Job');
      expect(jobs.length).toBe(input.database === 'postgres' ? 1 : 0);
      for (const job of jobs) {
        // Throws the Job's FailedCreate event (the API server's words) if refused.
        const pods = await waitForJobPods(controlPlane, app, job.metadata.name);
        expect(pods).toHaveLength(1);
        totals.jobPods += pods.length;
      }
      // Nothing to warn about either (deprecated APIs, Pod Security levels not enforced here...).
      expect(warnings).toBe('');
    },
    TEST_TIMEOUT,
  );

  it('several replicas where it matters: PostgreSQL with its HPA minimum, and its default', () => {
    const replicas = CASES.map(({ input }) => {
      const objects = renderApp(input);
      return [input.name, expectedReplicas(objects.find(o => o.kind === 'Deployment'), objects)];
    });
    expect(Object.fromEntries(replicas)).toEqual({ 'inventory-api': 1, orders: 3, a: 1, billing: 2 });
  }, TEST_TIMEOUT);
});

describe('what the API server refuses', () => {
  /** The API server's answer: the error thrown (its last line is recorded), or 'accepted'. */
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

  /**
   * An example's Deployment or Job under its own name (and, for a Deployment, its own selector),
   * its pod spec changed, applied into the app's namespace or into one that enforces nothing.
   */
  async function workloadVariant(
    kind: 'Deployment' | 'Job',
    example: keyof typeof RENDER_EXAMPLES,
    suffix: string,
    change: (podSpec: any) => void,
    into: 'app namespace' | 'unenforced namespace',
  ) {
    const input = RENDER_EXAMPLES[example];
    const workload = structuredClone(renderApp(input).find(object => object.kind === kind));
    let target = await createAppNamespace(applicationFor(input.name));
    if (into === 'unenforced namespace') {
      target = `${target}-unenforced`;
      applyServerSide(controlPlane, stringify(namespace(target)));
      await waitForDefaultServiceAccount(controlPlane, target);
    }
    const variantName = `${workload.metadata.name}-${suffix}`;
    workload.metadata = { ...workload.metadata, name: variantName, namespace: target };
    if (kind === 'Deployment') {
      const selector = { 'app.kubernetes.io/name': variantName };
      workload.spec.selector.matchLabels = selector;
      workload.spec.template.metadata.labels = selector;
    }
    change(workload.spec.template.spec);
    const warnings = applyServerSide(controlPlane, stringify(workload));
    const pods = () =>
      kind === 'Deployment' ? waitForDeploymentPods(controlPlane, target, variantName) : waitForJobPods(controlPlane, target, variantName);
    return { warnings, pods };
  }

  const POD_SECURITY_REFUSAL = /FailedCreate: (Error creating: )?pods ".*" is forbidden: violates PodSecurity "restricted:latest"/;

  it.each([
    ['Deployment', 'sqlite', 'privileged', privileged, /privileged \(containers? .* must not set securityContext\.privileged=true\)/],
    ['Deployment', 'sqlite', 'root', withoutRunAsNonRoot, /runAsNonRoot != true/],
    ['Job', 'postgresScaled', 'root', withoutRunAsNonRoot, /runAsNonRoot != true/],
  ] as const)('a %s of %s changed to run %s: stored with a warning, Pod Security refuses its pods', async (kind, example, suffix, change, detail) => {
    const variant = await workloadVariant(kind, example, suffix, change, 'app namespace');
    expect(variant.warnings).toMatch(/would violate PodSecurity "restricted:latest"/);
    const message = await refusal(variant.pods);
    expect(message).toMatch(POD_SECURITY_REFUSAL);
    expect(message).toMatch(detail);
  }, TEST_TIMEOUT);

  it('the same privileged Deployment gets its pods where nothing is enforced: the refusal above is Pod Security', async () => {
    const variant = await workloadVariant('Deployment', 'sqlite', 'privileged', privileged, 'unenforced namespace');
    expect(variant.warnings).toBe('');
    expect(await variant.pods()).toHaveLength(1);
  }, TEST_TIMEOUT);

  const bootstrapObject = (file: string) => parseStream(BOOTSTRAP_FILES.get(`${BOOTSTRAP_FOLDER}/${file}`)!)[0];
  const appObject = (example: keyof typeof RENDER_EXAMPLES, kind: string) => renderApp(RENDER_EXAMPLES[example]).find(o => o.kind === kind);

  /** Custom resources broken against their CRD: [what, the object, how it is broken, the API server's words]. */
  it.each([
    [
      "an ImageUpdater breaking its CRD's validation rule (CEL)",
      () => parseStream(generateImageUpdater(RENDER_EXAMPLES.imageUpdaterRoute)!)[0],
      (o: any) => { delete o.spec.applicationRefs[0].images; },
      /is invalid: .*Either useAnnotations must be true, or images must be provided with at least one item/,
    ],
    [
      'an ApplicationSet with a misspelt field (server-side apply knows the CRD schema)',
      () => bootstrapObject('applicationset.yaml'),
      (o: any) => { o.spec.template.spec.syncPolicy.automated.selfheal = true; },
      /\.spec\.template\.spec\.syncPolicy\.automated\.selfheal: field not declared in schema/,
    ],
    [
      'an ApplicationSet without its project',
      () => bootstrapObject('applicationset.yaml'),
      (o: any) => { delete o.spec.template.spec.project; },
      /is invalid: spec\.template\.spec\.project: Required value/,
    ],
    [
      'an AppProject with a misspelt field',
      () => bootstrapObject('appproject.yaml'),
      (o: any) => { o.spec.clusterResourceWhitelst = []; },
      /\.spec\.clusterResourceWhitelst: field not declared in schema/,
    ],
    [
      'a ServiceMonitor with a scrape interval that is no duration',
      () => appObject('postgresScaled', 'ServiceMonitor'),
      (o: any) => { o.spec.endpoints[0].interval = 'every 30s'; },
      /spec\.endpoints\[0\]\.interval: Invalid value: "every 30s": spec\.endpoints\[0\]\.interval in body should match/,
    ],
    [
      'an HTTPRoute with an invalid hostname',
      () => appObject('imageUpdaterRoute', 'HTTPRoute'),
      (o: any) => { o.spec.hostnames = ['Not A Host']; },
      /spec\.hostnames\[0\]: Invalid value: "Not A Host": spec\.hostnames\[0\] in body should match/,
    ],
  ] as const)('%s is refused', async (_, object, breakIt, message) => {
    const broken = structuredClone(object());
    broken.metadata.name += '-broken';
    // Into a namespace that exists, so that the only reason to refuse is the object itself.
    if (broken.metadata.namespace !== ARGOCD_NAMESPACE) await createAppNamespace(applicationFor(broken.metadata.namespace));
    breakIt(broken);
    expect(await refusal(() => applyServerSide(controlPlane, stringify(broken)))).toMatch(message);
  }, TEST_TIMEOUT);
});

describe('the portal itself (deploy/portal)', () => {
  it('kubectl apply -k deploy/portal: accepted with no warning; restricted Pod Security admits both replicas', async () => {
    const stream = kustomizeBuild(tools, join(REPOSITORY_ROOT, 'deploy/portal'));
    expect(applyAll(stream)).toBe('');
    expect(liveNamespaceLabels('dev-portal')).toMatchObject({ [ENFORCE_LABEL]: 'restricted' });
    // Throws the ReplicaSet's FailedCreate message (the API server's words) if refused.
    const pods = await waitForDeploymentPods(controlPlane, 'dev-portal', 'dev-portal', 2);
    expect(pods).toHaveLength(2);
    totals.pods += pods.length;
  }, TEST_TIMEOUT);
});
