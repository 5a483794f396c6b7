export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler answers; the dispatcher adds GitHub's headers and the ETag. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (`{}` when there is none). */
  body: Record<string, unknown>;
  headers: Headers;
  /** Login of the authenticated user. */
  login: string;
}

export interface Route<Core> {
  method: HttpMethod;
  /** The path template exactly as GitHub's OpenAPI description spells it. */
  path: string;
  /** Page under https://docs.github.com/rest/ that error answers point to. */
  docs: string;
  /** Served from the repository's Git objects (Git Data, commits): a repository GitHub is still creating refuses it. */
  gitBacked?: boolean;
  handle(request: RouteRequest, core: Core): Promise<ApiResponse>;
}

/**
 * Parameters that may contain slashes (`heads/feature/x`, `docs/a.md`). They are the last segment
 * of every template that has them, so they take the rest of the path.
 */
const REST_PARAMS = new Set(['ref', 'path', 'tree_sha']);

interface CompiledRoute<Core> {
  route: Route<Core>;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch<Core> {
  route: Route<Core>;
  params: Record<string, string>;
}

export class Router<Core> {
  private readonly compiled: CompiledRoute<Core>[];

  constructor(readonly routes: Route<Core>[]) {
    this.compiled = routes.map(route => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map(segment =>
          segment.replace(/\{(\w+)\}|[.*+?^$()|[\]\\]/g, (token, name?: string) => {
            if (!name) return `\\${token}`;
            names.push(name);
            return REST_PARAMS.has(name) ? '(.+)' : '([^/]+)';
          }),
        )
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /** Matches the raw (still percent-encoded) path, then decodes each parameter. */
  match(method: string, rawPath: string): RouteMatch<Core> | undefined {
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(rawPath);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodePathParam(found[index + 1]);
      });
      return { route, params };
    }
    return undefined;
  }
}

/** A malformed escape is kept as sent; it then simply names nothing that exists. */
function decodePathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `GET /repos/{owner}/{repo}`: how routes are named in the request log and in fault matchers. */
export const routeKey = (route: { method: string; path: string }) =>
  `${route.method} ${route.path}`;
