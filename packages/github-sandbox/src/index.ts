/**
 * A local stand-in for the GitHub REST API: msw handlers for in-process tests, and an HTTP server
 * (GitHub Enterprise-style `/api/v3`, plus git smart HTTP) for the local demo. See README.md.
 */
export { createGitHubSandbox, GitHubSandbox } from './sandbox';
export type {
  EnvironmentSnapshot,
  CommitInfo,
  FileChanges,
  FileInfo,
  PullRequestSnapshot,
  GitHubSandboxOptions,
  RunSnapshot,
  SandboxRepository,
} from './sandbox';
export { startSandboxServer } from './server/sandboxServer';
export type { SandboxServer, SandboxServerOptions } from './server/sandboxServer';
export type { CreateRepositoryOptions } from './state/sandboxState';
export type { Push } from './state/model';
export type { StoredSecret } from './state/secretStore';
export type { RequestLogEntry, LogFilter } from './requestLog';
export type { RequestInfo, RequestMatcher, UnavailableAfterCreateOptions, CompetingCommitOptions } from './faults';
export type { RunOutcome, RunConclusion, WorkflowSimulationConfig } from './actions/runTimeline';
