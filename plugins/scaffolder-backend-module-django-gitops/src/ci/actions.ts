/**
 * Every third-party action the generated workflow uses, pinned to a full commit SHA (a tag can be
 * moved to other code; a commit cannot) with the release it was read from, shown as a comment
 * after `uses:`. The SHAs are the commits these tags pointed at in each action's public
 * repository. Updating an action is one edit here.
 */
export const ACTIONS = {
  checkout: { repository: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  setupPython: { repository: 'actions/setup-python', sha: '5fda3b95a4ea91299a34e894583c3862153e4b97', version: 'v7.0.0' },
  setupQemu: { repository: 'docker/setup-qemu-action', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8', version: 'v4.2.0' },
  setupBuildx: { repository: 'docker/setup-buildx-action', sha: '37fe631027851001ddb9b187196cc803df7f5f0e', version: 'v4.3.0' },
  login: { repository: 'docker/login-action', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121', version: 'v4.1.0' },
  metadata: { repository: 'docker/metadata-action', sha: 'dc802804100637a589fabce1cb79ff13a1411302', version: 'v6.2.0' },
  buildPush: { repository: 'docker/build-push-action', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', version: 'v7.3.0' },
  githubAppToken: {
    repository: 'actions/create-github-app-token',
    sha: '1b10c78c7865c340bc4f6099eb2f838309f1e8c3',
    version: 'v3.1.1',
  },
} as const;

export type ActionName = keyof typeof ACTIONS;

/** The value of `uses:` for an action. */
export function uses(name: ActionName): string {
  const action = ACTIONS[name];
  return `${action.repository}@${action.sha}`;
}

/** The release an `uses:` value was pinned from, or undefined if it is not one of ours. */
export function pinnedVersion(usesValue: string): string | undefined {
  return Object.values(ACTIONS).find(action => `${action.repository}@${action.sha}` === usesValue)?.version;
}
