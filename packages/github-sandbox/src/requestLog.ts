export interface RequestLogEntry {
  /** Sandbox-wide sequence number (shared with commits, pushes and secrets). */
  seq: number;
  method: string;
  /** Path below the API base, with the query string. */
  path: string;
  /** The route template, e.g. `POST /repos/{owner}/{repo}/git/trees`; undefined for unknown paths. */
  route?: string;
  status: number;
  /** Whether the request asked to change something (POST, PUT, PATCH, DELETE), whatever the answer. */
  write: boolean;
  /** When the request arrived, before the simulated latency. */
  at: Date;
  /** When the answer left: `at` plus the latency plus the sandbox's own work on it. */
  answeredAt: Date;
  /** The request carried `If-None-Match`. */
  conditional: boolean;
  /** Answered 304 Not Modified (and did not count against the rate limit). */
  notModified: boolean;
  /** Set when an injected fault produced the answer. */
  fault?: 'failure' | 'unavailable';
}

export type LogFilter = string | ((entry: RequestLogEntry) => boolean);

const select = (filter?: LogFilter) => (entry: RequestLogEntry) => {
  if (filter === undefined) return true;
  return typeof filter === 'function' ? filter(entry) : entry.route === filter;
};

/** Every request a sandbox answered, in order. */
export class RequestLog {
  private items: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.items.push(entry);
  }

  get entries(): readonly RequestLogEntry[] {
    return this.items;
  }

  /** Entries for a route key (`'PATCH /repos/{owner}/{repo}/git/refs/{ref}'`) or a predicate. */
  filter(filter?: LogFilter): RequestLogEntry[] {
    return this.items.filter(select(filter));
  }

  count(filter?: LogFilter): number {
    return this.filter(filter).length;
  }

  /** Requests that asked to write, optionally narrowed further. */
  writes(filter?: LogFilter): RequestLogEntry[] {
    return this.filter(filter).filter(entry => entry.write);
  }

  reset(): void {
    this.items = [];
  }
}
