import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT, runCommand } from './k8sTools';

const SCRIPT = join(REPOSITORY_ROOT, 'scripts/k8s-tools/control-plane.sh');
/** The test's field manager: what Argo CD would own, applied server-side. */
const FIELD_MANAGER = 'dev-portal-test';

/** A throwaway etcd + kube-apiserver + kube-controller-manager on loopback (no kubelet, no scheduler). */
export interface ControlPlane {
  dir: string;
  kubeconfig: string;
  kubectl: string;
}

/**
 * Starts a control plane in a new temporary directory. The first run on a machine builds the
 * binaries (15-20 minutes cold), or waits for the build `scripts/test.sh` started in the
 * background; after that it takes seconds. Fails with the script's own words (what could not be
 * built or started).
 */
export async function startControlPlane(): Promise<ControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'control-plane-'));
  try {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT, 'start', dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      // The script's watchdog stops the servers if this test process dies before afterAll.
      env: { ...process.env, CONTROL_PLANE_OWNER_PID: String(process.pid) },
    });
    const printed = Object.fromEntries(stdout.trim().split('\n').map(line => line.split('=', 2)));
    return { dir, kubeconfig: printed.KUBECONFIG, kubectl: printed.KUBECTL };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const { stderr } = error as { stderr?: string };
    throw new Error(`The Kubernetes control plane could not be built or started:\n${stderr ?? error}`);
  }
}

export function stopControlPlane(controlPlane: ControlPlane): void {
  runCommand('bash', [SCRIPT, 'stop', controlPlane.dir]);
  rmSync(controlPlane.dir, { recursive: true, force: true });
}

/** kubectl against the control plane; a refusal throws with the API server's message. */
export function kubectl(controlPlane: ControlPlane, args: string[], input?: string) {
  return runCommand(controlPlane.kubectl, ['--kubeconfig', controlPlane.kubeconfig, ...args], input);
}

/** `kubectl apply --server-side` of a YAML/JSON stream; returns kubectl's warnings (stderr). */
export function applyServerSide(controlPlane: ControlPlane, stream: string): string {
  return kubectl(controlPlane, ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], stream).stderr;
}

/** The live objects named in a stream, as the API server stored them. */
export function getLive(controlPlane: ControlPlane, stream: string): any[] {
  return JSON.parse(kubectl(controlPlane, ['get', '-f', '-', '-o', 'json'], stream).stdout).items;
}

/** Installs CRDs and waits until the API server serves their kinds. */
export function installCrds(controlPlane: ControlPlane, files: string[]): void {
  const fileArgs = files.flatMap(file => ['-f', file]);
  kubectl(controlPlane, ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, ...fileArgs]);
  kubectl(controlPlane, ['wait', '--for=condition=Established', '--timeout=60s', ...fileArgs]);
}

/** Waits until the controller manager has given a namespace its `default` ServiceAccount (pods need it). */
export async function waitForDefaultServiceAccount(controlPlane: ControlPlane, namespace: string): Promise<void> {
  await poll(`the default ServiceAccount of ${namespace}`, 30_000, () => {
    const { stdout } = kubectl(controlPlane, ['get', 'serviceaccounts', '-n', namespace, '-o', 'name']);
    return stdout.split('\n').includes('serviceaccount/default') || undefined;
  });
}

/** `kubectl get -o json` in a namespace. */
function getJson(controlPlane: ControlPlane, namespace: string, ...args: string[]): any {
  return JSON.parse(kubectl(controlPlane, ['get', '-n', namespace, '-o', 'json', ...args]).stdout);
}

function podsOwnedBy(controlPlane: ControlPlane, namespace: string, ownerUid: string): any[] {
  return getJson(controlPlane, namespace, 'pods').items.filter((pod: any) =>
    pod.metadata.ownerReferences?.some((owner: any) => owner.uid === ownerUid),
  );
}

/**
 * Waits until the Deployment's ReplicaSet has created `replicas` pods (default: the Deployment's
 * own count; an HPA may raise it), which stay Pending (no scheduler), and returns them. Throws with
 * the ReplicaSet's own FailedCreate message when the API server refuses the pods (Pod Security,
 * quota, ...): an apply's exit code does not show that.
 */
export async function waitForDeploymentPods(controlPlane: ControlPlane, namespace: string, name: string, replicas?: number): Promise<any[]> {
  return poll(`the pods of Deployment ${namespace}/${name}`, 60_000, () => {
    const deployment = getJson(controlPlane, namespace, 'deployment', name);
    const replicaSet = getJson(controlPlane, namespace, 'replicasets').items.find((rs: any) =>
      rs.metadata.ownerReferences?.some((owner: any) => owner.uid === deployment.metadata.uid),
    );
    if (!replicaSet) return undefined;
    const failure = replicaSet.status?.conditions?.find((c: any) => c.type === 'ReplicaFailure' && c.status === 'True');
    if (failure) {
      throw new Error(`ReplicaSet ${namespace}/${replicaSet.metadata.name} could not create pods: ${failure.reason}: ${failure.message}`);
    }
    const pods = podsOwnedBy(controlPlane, namespace, replicaSet.metadata.uid);
    return pods.length === (replicas ?? deployment.spec.replicas) ? pods : undefined;
  });
}

/**
 * Waits until the Job controller has created the Job's pods (`parallelism`, default 1) and returns
 * them. A Job has no condition for a refused pod: throws with the Job's FailedCreate event, the API
 * server's message, or with its Failed condition.
 */
export async function waitForJobPods(controlPlane: ControlPlane, namespace: string, name: string): Promise<any[]> {
  return poll(`the pods of Job ${namespace}/${name}`, 60_000, () => {
    const job = getJson(controlPlane, namespace, 'job', name);
    const failed = job.status?.conditions?.find((c: any) => c.type === 'Failed' && c.status === 'True');
    if (failed) throw new Error(`Job ${namespace}/${name} failed: ${failed.reason}: ${failed.message}`);
    const [refused] = getJson(controlPlane, namespace, 'events', '--field-selector', `involvedObject.uid=${job.metadata.uid},reason=FailedCreate`).items;
    if (refused) throw new Error(`Job ${namespace}/${name} could not create pods: ${refused.reason}: ${refused.message}`);
    const pods = podsOwnedBy(controlPlane, namespace, job.metadata.uid);
    return pods.length === (job.spec.parallelism ?? 1) ? pods : undefined;
  });
}

/** Calls `check` until it returns a value; throws what it throws, or a timeout naming `what`. */
async function poll<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
