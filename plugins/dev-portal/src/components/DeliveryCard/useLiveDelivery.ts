import { useApi } from '@backstage/frontend-plugin-api';
import type { ServiceDelivery } from '@dev-portal/plugin-dev-portal-common';
import { useEffect, useState } from 'react';
import { devPortalApiRef } from '../../api';

/** How often the card asks again: often while a run goes on, less once all is settled. */
const ACTIVE_POLL_MS = 3_000;
const IDLE_POLL_MS = 10_000;

export interface LiveDelivery {
  delivery?: ServiceDelivery;
  /** The last request's failure; the previous answer, if any, stays shown. */
  error?: Error;
}

/**
 * The service's delivery, asked for again and again while the page is visible. Each ask costs the
 * backend conditional requests that GitHub answers 304 while nothing changed: free of rate limit.
 */
export function useLiveDelivery(namespace: string, name: string): LiveDelivery {
  const api = useApi(devPortalApiRef);
  const [state, setState] = useState<LiveDelivery>({});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let delivery: ServiceDelivery | undefined;
      if (document.visibilityState !== 'hidden') {
        try {
          delivery = await api.getServiceDelivery({ namespace, name });
          if (!stopped) setState({ delivery });
        } catch (error) {
          if (!stopped) setState(previous => ({ delivery: previous.delivery, error: error as Error }));
        }
      }
      const running = delivery?.ci?.latestRun && delivery.ci.latestRun.status !== 'completed';
      if (!stopped) timer = setTimeout(poll, running ? ACTIVE_POLL_MS : IDLE_POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, namespace, name]);

  return state;
}
