/**
 * The addresses a sandbox hands out. The API base is what clients call; the web base is where
 * `html_url`s and clone URLs point (github.com for api.github.com, the host itself for a
 * GitHub Enterprise-style `/api/v3` base).
 */
export class SandboxUrls {
  readonly api: string;
  readonly web: string;

  constructor(apiBaseUrl: string) {
    this.api = apiBaseUrl.replace(/\/+$/, '');
    const url = new URL(this.api);
    if (url.hostname === 'api.github.com') {
      this.web = 'https://github.com';
    } else if (url.pathname.endsWith('/api/v3')) {
      this.web = this.api.slice(0, -'/api/v3'.length);
    } else {
      this.web = url.origin;
    }
  }

  /** Path of the API base (`''` or `/api/v3`), stripped from request paths before routing. */
  get apiPathPrefix(): string {
    return new URL(this.api).pathname.replace(/\/+$/, '');
  }

  apiUrl(path: string): string {
    return `${this.api}${path}`;
  }

  webUrl(path: string): string {
    return `${this.web}${path}`;
  }

  repoApi(fullName: string, rest = ''): string {
    return this.apiUrl(`/repos/${fullName}${rest}`);
  }

  repoWeb(fullName: string, rest = ''): string {
    return this.webUrl(`/${fullName}${rest}`);
  }
}

/** GitHub timestamps: ISO 8601 in UTC without milliseconds. */
export const isoSeconds = (date: Date): string =>
  date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Legacy global node ids, e.g. `MDEwOlJlcG9zaXRvcnkx` for repository 1. */
export const nodeId = (type: string, id: number | string): string =>
  Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
