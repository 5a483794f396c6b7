import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ServiceDelivery, WorkflowRunSummary } from '@dev-portal/plugin-dev-portal-common';
import { makeStyles, Typography } from '@material-ui/core';
import type { ReactNode } from 'react';
import { useLiveDelivery } from './useLiveDelivery';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1.5),
    margin: 0,
  },
  label: { fontWeight: theme.typography.fontWeightBold as number },
  value: { margin: 0, overflowWrap: 'anywhere' },
  links: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
}));

/**
 * The Delivery card of a service the django-gitops template created: its latest CI/CD run, the
 * image its GitOps folder deploys, and where everything lives. Kept live by polling the backend.
 */
export function DeliveryCard() {
  const { entity } = useEntity();
  const { delivery, error } = useLiveDelivery(entity.metadata.namespace ?? 'default', entity.metadata.name);
  let content: ReactNode = <Progress />;
  if (delivery) content = <DeliveryFacts delivery={delivery} />;
  else if (error) content = <ResponseErrorPanel error={error} />;
  return (
    <InfoCard title="Delivery">
      {content}
      {delivery && error && (
        <Typography variant="body2" color="error">
          Could not refresh: {error.message}
        </Typography>
      )}
    </InfoCard>
  );
}

function DeliveryFacts({ delivery }: { delivery: ServiceDelivery }) {
  const classes = useStyles();
  const fact = (label: string, value: ReactNode) => (
    <>
      <Typography component="dt" variant="body2" className={classes.label}>
        {label}
      </Typography>
      <Typography component="dd" variant="body2" className={classes.value}>
        {value}
      </Typography>
    </>
  );
  const run = delivery.ci?.latestRun;
  return (
    <dl className={classes.facts}>
      {fact('Latest run', <LatestRun delivery={delivery} />)}
      {run?.failedJob && fact('Failed at', <FailedAt failedJob={run.failedJob} />)}
      {fact('Deployed image', <DeployedImage delivery={delivery} />)}
      {fact(
        'Links',
        <span className={classes.links}>
          <Link to={delivery.repository.url}>Repository</Link>
          <Link to={delivery.gitops.folderUrl}>GitOps folder</Link>
          {delivery.argocdUrl && <Link to={delivery.argocdUrl}>Argo CD application</Link>}
          {delivery.apiDocsUrl && <Link to={delivery.apiDocsUrl}>API docs</Link>}
        </span>,
      )}
    </dl>
  );
}

function LatestRun({ delivery }: { delivery: ServiceDelivery }) {
  const { ci, repository } = delivery;
  if (!ci) return <StatusAborted>No CI/CD workflow: the service was generated without one</StatusAborted>;
  const run = ci.latestRun;
  if (!run) return <StatusPending>No run of {repository.defaultBranch} yet</StatusPending>;
  return (
    <>
      <RunState run={run} /> <Link to={run.url}>run #{run.runNumber}</Link> of <code>{run.commitSha.slice(0, 7)}</code> on{' '}
      {repository.defaultBranch}, {new Date(run.updatedAt).toLocaleString()}
    </>
  );
}

/** GitHub's status and conclusion, in words. */
function RunState({ run }: { run: WorkflowRunSummary }) {
  if (run.status === 'in_progress') return <StatusRunning>Running</StatusRunning>;
  if (run.status !== 'completed') return <StatusPending>Queued</StatusPending>;
  switch (run.conclusion) {
    case 'success':
      return <StatusOK>Succeeded</StatusOK>;
    case 'failure':
      return <StatusError>Failed</StatusError>;
    case 'timed_out':
      return <StatusError>Timed out</StatusError>;
    case 'startup_failure':
      return <StatusError>Failed to start</StatusError>;
    case 'cancelled':
      return <StatusAborted>Cancelled</StatusAborted>;
    default:
      return <StatusWarning>Ended {run.conclusion?.replace(/_/g, ' ') ?? 'without a conclusion'}</StatusWarning>;
  }
}

function FailedAt({ failedJob }: { failedJob: NonNullable<WorkflowRunSummary['failedJob']> }) {
  const job = failedJob.url ? <Link to={failedJob.url}>{failedJob.name}</Link> : failedJob.name;
  return (
    <>
      job {job}
      {failedJob.step && <>, step “{failedJob.step}”</>}
    </>
  );
}

function DeployedImage({ delivery }: { delivery: ServiceDelivery }) {
  const { deployed, upToDate, repository, branch, folder } = delivery.gitops;
  if (!deployed) {
    return (
      <StatusPending>
        Nothing deployed: {repository} has no {folder}/kustomization.yaml on {branch}
      </StatusPending>
    );
  }
  const latestBuild = delivery.ci?.latestBuild;
  let comparison: ReactNode = null;
  if (upToDate) comparison = <StatusOK>the latest successful build</StatusOK>;
  else if (upToDate === false && latestBuild) {
    comparison = (
      <StatusWarning>
        not the latest successful build, <code>{latestBuild.imageTag}</code>
      </StatusWarning>
    );
  }
  return (
    <>
      <code>
        {deployed.image}:{deployed.tag ?? '(no tag)'}
      </code>
      {deployed.digest && <> ({deployed.digest.slice(0, 19)}…)</>} {comparison}
    </>
  );
}
