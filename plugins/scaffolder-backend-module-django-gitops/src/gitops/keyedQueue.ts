/**
 * Runs tasks that share a key one after another, in order of arrival; tasks with other keys run
 * at the same time. Pushes to one branch from one backend go through it: racing each other would
 * only make all but one of them fail their compare-and-swap, spend three writes of GitHub's
 * secondary rate limit each, and try again (see bench/gitops.bench.ts). Writers outside this
 * process (the CI tag bump, Image Updater, other replicas) are still handled by compare-and-swap.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>(resolve => (release = resolve));
    // The next task waits for this one even when this one gives up waiting (cancelled task).
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    try {
      await untilSettledOrAborted(previous, signal);
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function untilSettledOrAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) {
    await promise;
    return;
  }
  signal.throwIfAborted();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

const backendQueues = new WeakMap<object, KeyedQueue>();

/**
 * The queue of one backend's GitOps pushes: every action built from the same integrations
 * registry (the backend's own, from its config) gets the same queue, so an onboarding and a
 * removal pushing to one branch take turns too. Another backend, with its own registry, races
 * through compare-and-swap as any outside writer does.
 */
export function backendQueue(integrations: object): KeyedQueue {
  let queue = backendQueues.get(integrations);
  if (!queue) {
    queue = new KeyedQueue();
    backendQueues.set(integrations, queue);
  }
  return queue;
}
