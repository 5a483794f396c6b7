import { ActionsService } from '../actions/actionsService';
import { Faults } from '../faults';
import { GitIdentity } from '../git/gitRepository';
import { ApiError, emptyRepository, invalidRequest, notFound } from '../http/errors';
import { Route } from '../http/router';
import { SandboxUrls } from '../http/urls';
import { Repository } from '../state/model';
import { SandboxState } from '../state/sandboxState';
import { Representations } from './representations';

/** What route handlers work with: state, the Actions simulation and the JSON shapes. */
export class SandboxCore {
  readonly json: Representations;

  constructor(
    readonly state: SandboxState,
    readonly actions: ActionsService,
    readonly urls: SandboxUrls,
    readonly faults: Faults,
  ) {
    this.json = new Representations(urls);
  }

  /** Lands the competing commit a test armed for this branch, just before a client's ref update. */
  async landCompetingCommit(repository: Repository, branch: string): Promise<void> {
    const competing = this.faults.takeCompetingCommit(repository, branch);
    if (!competing) return;
    const seq = this.state.nextSeq();
    await this.state.commitChanges(repository, {
      branch,
      message: competing.message ?? 'Competing change from another writer',
      changes: [
        {
          path: competing.path ?? 'competing-change.txt',
          mode: '100644',
          type: 'blob',
          content: competing.content ?? `competing change ${seq}\n`,
        },
      ],
    });
  }

  repository(params: Record<string, string>): Repository {
    const repository = this.state.repository(params.owner, params.repo);
    if (!repository) throw notFound();
    return repository;
  }

  /** A repository with at least one commit, as every Git Data endpoint requires. */
  async repositoryWithHistory(params: Record<string, string>): Promise<Repository> {
    const repository = this.repository(params);
    if (await repository.git.isEmpty()) throw emptyRepository();
    return repository;
  }

  /**
   * The commit a ref names: a full SHA, `refs/heads/x`, `heads/x`, a branch or a tag name.
   * Undefined when nothing matches.
   */
  async resolveCommitish(repository: Repository, ref: string): Promise<string | undefined> {
    const { git } = repository;
    if (/^[0-9a-f]{40}$/.test(ref)) {
      return (await git.objectType(ref)) === 'commit' ? ref : undefined;
    }
    for (const candidate of [ref, `refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      if (!candidate.startsWith('refs/')) continue;
      const sha = await git.resolveRef(candidate);
      if (sha) return sha;
    }
    return undefined;
  }
}

export type SandboxRoute = Route<SandboxCore>;

/** Reads a string field of a JSON body, refusing other types as GitHub does. */
export function stringField(body: Record<string, unknown>, name: string, required: true): string;
export function stringField(body: Record<string, unknown>, name: string, required?: false): string | undefined;
export function stringField(body: Record<string, unknown>, name: string, required = false) {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw new ApiError(422, `Invalid request.\n\n"${name}" wasn't supplied.`);
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new ApiError(422, `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a string.`);
  }
  return value;
}

export function booleanField(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new ApiError(422, `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a boolean.`);
  }
  return value;
}

/** An `author` or `committer` object of a request body, checked as GitHub checks it; undefined when absent. */
export function identityField(body: Record<string, unknown>, field: 'author' | 'committer'): GitIdentity | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const who = value as Record<string, unknown>;
  if (typeof who.name !== 'string' || typeof who.email !== 'string') {
    throw invalidRequest(`"name" and "email" are required in "${field}".`);
  }
  const date = typeof who.date === 'string' ? new Date(who.date) : new Date();
  if (Number.isNaN(date.getTime())) throw invalidRequest(`"date" is not a timestamp in "${field}".`);
  return { name: who.name, email: who.email, date };
}
