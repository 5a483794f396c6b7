import { useEffect, useMemo, useState } from 'react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { modelEndpointPath, modelNameProblem, specProblemInWords } from '@dev-portal/plugin-django-gitops-common';
import type { ProjectPreviewResult } from '@dev-portal/plugin-dev-portal-common';
import { useDevPortalApi } from './useDevPortalApi';
import type { DraftModel } from './drafts';

/** How long the form must be still before the preview asks the backend again. */
const PREVIEW_DELAY_MS = 600;

const useStyles = makeStyles(theme => ({
  preview: { padding: theme.spacing(2), marginTop: theme.spacing(2) },
  files: { columns: '18em auto', margin: theme.spacing(1, 0), paddingLeft: theme.spacing(2), fontFamily: 'monospace' },
}));

export interface GenerationPreviewProps {
  models: DraftModel[];
  /** The answers of the whole form so far, which shape the project beside the models. */
  answers: Record<string, unknown>;
  /** Whether the models pass the shared validator (the backend is only asked then). */
  modelsValid: boolean;
}

/**
 * What the form will generate, read-only: each model's endpoint (computed here, by the shared
 * rules) and the project's files (from the portal's preview route, when it has one).
 */
export function GenerationPreview({ models, answers, modelsValid }: GenerationPreviewProps) {
  const classes = useStyles();
  const endpoints = models
    .filter(model => model.name && !modelNameProblem(model.name))
    .map(model => ({ model: model.name!, path: modelEndpointPath({ name: model.name!, endpoint: model.endpoint }) }));
  const project = useMemo(() => (modelsValid ? previewProject(answers, models) : undefined), [modelsValid, answers, models]);
  const files = useFilesPreview(project);

  return (
    <Paper variant="outlined" className={classes.preview} component="section" aria-label="What will be generated">
      <Typography variant="h6">What will be generated</Typography>
      <Table size="small" aria-label="Endpoints">
        <TableHead>
          <TableRow>
            <TableCell>Model</TableCell>
            <TableCell>Endpoint</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {endpoints.map(({ model, path }) => (
            <TableRow key={model}>
              <TableCell>{model}</TableCell>
              <TableCell>
                <code>{path}</code>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Files
      </Typography>
      <FileList preview={files} modelsValid={modelsValid} project={project} className={classes.files} />
    </Paper>
  );
}

/** What the preview route said: the files, the problems the server found, or why there is no list. */
type FilesPreview = ProjectPreviewResult | { unavailable: string };

function FileList(props: { preview?: FilesPreview; modelsValid: boolean; project: unknown; className: string }) {
  const { preview, modelsValid, project, className } = props;
  if (!modelsValid) return <Typography variant="body2">The file list appears when the models have no problems.</Typography>;
  if (!preview) return <Typography variant="body2">Asking the portal for the file list…</Typography>;
  if ('unavailable' in preview) {
    return <Typography variant="body2">The file list is unavailable: {preview.unavailable}. The endpoints above are exact.</Typography>;
  }
  if ('problems' in preview) {
    return (
      <Typography variant="body2" component="div">
        The portal cannot list the files yet:
        <ul>
          {preview.problems.map((problem, p) => (
            <li key={p}>{specProblemInWords(problem, project)}</li>
          ))}
        </ul>
      </Typography>
    );
  }
  return (
    <ul className={className} aria-label="Files">
      {preview.files.map(file => (
        <li key={file}>{file}</li>
      ))}
    </ul>
  );
}

/** The files preview of `project`, asked for once the form has been still for a moment. */
function useFilesPreview(project: unknown): FilesPreview | undefined {
  const api = useDevPortalApi();
  const [preview, setPreview] = useState<FilesPreview>();
  const request = project === undefined ? undefined : JSON.stringify(project);
  useEffect(() => {
    setPreview(undefined);
    if (request === undefined) return undefined;
    // A newer request replaces this one; a failure leaves the form working without the list.
    let current = true;
    const timer = setTimeout(() => {
      api.previewProject(JSON.parse(request)).then(
        result => current && setPreview(result),
        (error: Error) => current && setPreview({ unavailable: error.message }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, request]);
  return preview;
}

/**
 * The project spec the form is building, for the preview: the models, and the template's other
 * answers that shape the files (named as templates/django-gitops/template.yaml names them; a
 * template that asks for fewer gets the spec's defaults).
 */
function previewProject(answers: Record<string, unknown>, models: DraftModel[]): Record<string, unknown> {
  const repository = new URLSearchParams(typeof answers.repoUrl === 'string' ? answers.repoUrl.split('?')[1] : '');
  const project: Record<string, unknown> = {
    name: repository.get('repo') || 'preview',
    owner: repository.get('owner') || 'preview',
    appName: typeof answers.appName === 'string' && answers.appName ? answers.appName : 'api',
    models,
  };
  for (const key of ['database', 'access', 'registry', 'cicd', 'cors'] as const) {
    if (answers[key] !== undefined && answers[key] !== '') project[key] = answers[key];
  }
  return project;
}
