import { ACCEPTED_CHECKOV_FINDINGS } from './checkovFindings';
import { generateManifests } from './manifests';
import { RENDER_EXAMPLES } from './__testUtils__/renderExamples';
import { checkov, type CheckovResult, installK8sTools, type K8sTools, kustomizeBuild, writeAppFolder } from './__testUtils__/k8sTools';

/**
 * checkov 3.3.30's Kubernetes checks on each rendered example folder: nothing fails but the
 * findings the folder README lists with their reasons.
 */
let tools: K8sTools;
const results = new Map<string, CheckovResult>();
beforeAll(() => {
  tools = installK8sTools();
  for (const [name, input] of Object.entries(RENDER_EXAMPLES)) {
    results.set(name, checkov(tools, kustomizeBuild(tools, writeAppFolder(generateManifests(input), name))));
  }
}, 20 * 60_000);

it.each(Object.keys(RENDER_EXAMPLES))('%s: fails no check but the accepted ones', name => {
  const { passed, failed } = results.get(name)!;
  expect(passed.length).toBeGreaterThan(50);
  const unexpected = [...failed].filter(([id]) => !(id in ACCEPTED_CHECKOV_FINDINGS));
  expect(unexpected).toEqual([]);
  // The checks that matter most here pass: network policy, security context, probes, limits.
  for (const id of ['CKV2_K8S_6', 'CKV_K8S_20', 'CKV_K8S_22', 'CKV_K8S_23', 'CKV_K8S_28', 'CKV_K8S_37', 'CKV_K8S_38', 'CKV_K8S_40']) {
    expect([id, passed.includes(id)]).toEqual([id, true]);
  }
});

it('pins the digest where it is known: the image check passes then', () => {
  expect(results.get('postgresPinned')!.failed.has('CKV_K8S_43')).toBe(false);
  expect(results.get('sqlite')!.failed.get('CKV_K8S_43')).toEqual(['Deployment.inventory-api.inventory-api']);
});

it('accepts no finding that no folder has any more', () => {
  const failing = new Set([...results.values()].flatMap(result => [...result.failed.keys()]));
  expect(Object.keys(ACCEPTED_CHECKOV_FINDINGS).filter(id => !failing.has(id))).toEqual([]);
});
