import { spawn } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Serves read-only git smart HTTP (clone, fetch) for the bare repositories under `projectRoot`
 * by running the real `git http-backend` CGI program. Pushes are refused: the API is the only
 * way to write, so every change shows up in the request log.
 */
export function serveGit(
  request: IncomingMessage,
  response: ServerResponse,
  projectRoot: string,
  repositoryPath: string,
  rest: string,
  query: string,
): void {
  if (rest === 'git-receive-pack' || query.includes('service=git-receive-pack')) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('The sandbox is read-only over git; write through the REST API.\n');
    return;
  }
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repositoryPath}/${rest}`,
      REQUEST_METHOD: request.method ?? 'GET',
      QUERY_STRING: query,
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
      ...(request.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(request.headers['content-encoding']) } : {}),
      ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
    },
  });
  request.pipe(child.stdin);

  // CGI output: header lines, a blank line, then the body.
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const separator = line.indexOf(':');
      const name = line.slice(0, separator).trim().toLowerCase();
      const value = line.slice(separator + 1).trim();
      if (name === 'status') status = parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    response.write(head.subarray(end + 4));
  });
  child.on('error', error => {
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(`git http-backend failed: ${error.message}\n`);
  });
  child.on('close', () => {
    if (!headersDone && !response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end();
  });
}
