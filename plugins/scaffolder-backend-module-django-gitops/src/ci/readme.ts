import { GITOPS_ENVIRONMENT, GITOPS_TOKEN_SECRET } from '../project/constants';
import type { ProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { gitopsAppDir, imageRepository, pushesToGhcr, resolveWorkflowOptions, WORKFLOW_PATH, WorkflowOptions } from './workflow';

/**
 * The "CI/CD" section of the generated project's README: what the workflow does and which
 * secrets it needs, and why. Written from the same options as the workflow, so the two agree.
 */
export function workflowReadmeSection(spec: ProjectSpec, options: WorkflowOptions = {}): string {
  const { gitopsRepository, gitopsBranch, defaultBranch } = resolveWorkflowOptions(spec, options);
  const image = imageRepository(spec);
  return `## CI/CD

\`${WORKFLOW_PATH}\` runs on every push to \`${defaultBranch}\`, on pull requests into it, and by hand:

| Job | What it does |
| --- | --- |
| \`test\` | Installs the pinned \`requirements.txt\` on the image's Python, then \`ruff check\`, \`black --check\`, \`pip-audit\` (known vulnerabilities in the pins), \`makemigrations --check\`, \`check --deploy --fail-level WARNING\` and the tests. |
| \`build-and-push\` | Builds \`${image}\` for linux/amd64 and linux/arm64; on \`${defaultBranch}\` pushes it tagged \`sha-<first 7 of the commit>\` and \`${defaultBranch}\`. Pull requests build without pushing. |
| \`update-gitops\` | On \`${defaultBranch}\` only, in the \`${GITOPS_ENVIRONMENT}\` environment: writes the image's tag and digest (\`kustomize edit set image\`) into \`${gitopsAppDir(spec)}/kustomization.yaml\` of \`${gitopsRepository}\` (branch \`${gitopsBranch}\`), commits with \`[skip ci]\` and pushes; Argo CD rolls exactly that image out. Skipped, with a notice, until the portal has added that folder, and in Argo CD Image Updater mode. |

Runs of one branch queue, so tags land in push order. Secrets and variables:

| Name | Kind | Why |
| --- | --- | --- |
| \`${GITOPS_TOKEN_SECRET}\` | secret of the \`${GITOPS_ENVIRONMENT}\` environment | \`GITHUB_TOKEN\` cannot write to another repository: a token with contents: write on \`${gitopsRepository}\`. The portal creates the environment, limited to \`${defaultBranch}\` (no other branch's workflow can read the secret), and stores the token in it when it creates this repository. |
| \`GITOPS_APP_CLIENT_ID\`, \`GITOPS_APP_PRIVATE_KEY\` | variable, secret (of the \`${GITOPS_ENVIRONMENT}\` environment) | Optional, preferred to \`${GITOPS_TOKEN_SECRET}\`: a GitHub App installed on \`${gitopsRepository}\`. When the variable is set, the job uses a short-lived App token instead. |
${
  pushesToGhcr(spec)
    ? '| `GITHUB_TOKEN` | automatic | Pushes the image to GHCR (the build job alone has `packages: write`). New GHCR packages are private: give the cluster a pull secret or make the package public. |'
    : `| \`REGISTRY_USERNAME\`, \`REGISTRY_PASSWORD\` | secrets | Log in to ${spec.registry} to push the image. |`
}
`;
}
