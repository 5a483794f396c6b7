import { useMemo } from 'react';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { type DraftModel, moved, newModel, removed, replaced, withModelRenamed } from './drafts';
import { GenerationPreview } from './GenerationPreview';
import { ModelCard } from './ModelCard';
import { PrefillNote, useModelsPrefill } from './ModelsPrefill';
import { prefillEntityRef } from './prefill';
import { ProblemList } from './ProblemList';
import { modelProblems } from './problems';
import { DjangoModelsEditorSchema } from './schema';

/**
 * The `models` of a Django project spec, edited as cards of compact field rows. Its value is
 * exactly the spec's `models` array; the problems it shows come from the validator the backend
 * runs again on creation. With `ui:options.prefillFrom` naming the form's field that picks a
 * generated service, the models start from that service's stored answers.
 */
export function DjangoModelsEditor(props: typeof DjangoModelsEditorSchema.TProps) {
  const { formData, schema, uiSchema, rawErrors, errorSchema, formContext, idSchema } = props;
  // While the user fills it in, the form holds half-made models: names and options missing.
  const models = useMemo(() => (Array.isArray(formData) ? formData : []) as DraftModel[], [formData]);
  const onChange = (changed: DraftModel[]) => props.onChange(changed as typeof formData);
  const problems = useMemo(() => modelProblems(models), [models]);
  const answers: Record<string, unknown> = formContext?.formData ?? {};
  const prefillFrom = uiSchema?.['ui:options']?.prefillFrom;
  const prefillRef = prefillEntityRef(prefillFrom, answers);
  const stored = useModelsPrefill(prefillRef, models, onChange);
  // "Next" was pressed and refused: every problem shows, touched or not.
  const showAllProblems = (rawErrors?.length ?? 0) > 0 || holdsErrors(errorSchema);
  const modelNames = models.map(model => model.name ?? '');

  return (
    <FormControl component="fieldset" fullWidth margin="normal">
      <Typography variant="h6" component="legend">
        {schema.title ?? 'Models'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {schema.description}
        </Typography>
      )}
      {prefillFrom && <PrefillNote entityRef={prefillRef} stored={stored} models={models} onReplace={onChange} />}
      {models.map((model, m) => (
        <ModelCard
          key={m}
          model={model}
          id={`${idSchema.$id}_${m}`}
          index={m}
          count={models.length}
          modelNames={modelNames}
          problems={problems.filter(problem => problem.model === m)}
          showAllProblems={showAllProblems}
          onChange={changed => onChange(replaced(models, m, changed))}
          onRename={name => onChange(withModelRenamed(models, m, name))}
          onRemove={() => onChange(removed(models, m))}
          onMove={to => onChange(moved(models, m, to))}
        />
      ))}
      <div>
        <Button variant="outlined" startIcon={<AddIcon />} onClick={() => onChange([...models, newModel()])}>
          Add model
        </Button>
      </div>
      {showAllProblems && <ProblemList problems={problems.filter(problem => problem.model === undefined)} />}
      <GenerationPreview models={models} answers={answers} modelsValid={problems.length === 0} />
    </FormControl>
  );
}

/** Whether the JSON schema's own checks found anything inside the models (they run first). */
function holdsErrors(errorSchema: unknown): boolean {
  if (!errorSchema || typeof errorSchema !== 'object') return false;
  return Object.entries(errorSchema).some(([key, value]) =>
    key === '__errors' ? Array.isArray(value) && value.length > 0 : holdsErrors(value),
  );
}
