import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import { defaultEndpoint } from '@dev-portal/plugin-django-gitops-common';
import { type DraftModel, moved, newField, removed, replaced, withValue } from './drafts';
import { FieldRow } from './FieldRow';
import { OrderButtons } from './OrderButtons';
import { ProblemList } from './ProblemList';
import { SmallTextField } from './SmallTextField';
import type { ShownProblem } from './problems';

const useStyles = makeStyles(theme => ({
  card: { marginBottom: theme.spacing(2) },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1), marginBottom: theme.spacing(1) },
  name: { width: 220 },
  endpoint: { width: 220 },
  spacer: { flexGrow: 1 },
}));

export interface ModelCardProps {
  model: DraftModel;
  /** `id` prefixes its inputs' ids; `index` and `count` place it among the models. */
  id: string;
  index: number;
  count: number;
  modelNames: string[];
  /** Its own problems and its fields'. */
  problems: ShownProblem[];
  /** Show every problem, touched or not (after "Next"). */
  showAllProblems: boolean;
  onChange(model: DraftModel): void;
  onRename(name: string): void;
  onRemove(): void;
  onMove(to: number): void;
}

/** One model as a card: its name and endpoint, then its fields as rows. */
export function ModelCard(props: ModelCardProps) {
  const { model, id, index, count, modelNames, problems, showAllProblems, onChange, onRename, onRemove, onMove } = props;
  const classes = useStyles();
  // Problems show once the user has left what they are about, or after "Next".
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const touch = (key: string) => setTouched(current => (current.has(key) ? current : new Set(current).add(key)));
  const shows = (key: string) => showAllProblems || touched.has(key);
  const fields = model.fields ?? [];
  const label = model.name || `model ${index + 1}`;
  const setFields = (changed: typeof fields) => onChange({ ...model, fields: changed });

  return (
    <Card variant="outlined" className={classes.card} component="section" aria-label={`Model ${index + 1}`}>
      <CardContent>
        <div className={classes.header} onBlur={() => touch('model')}>
          <SmallTextField
            id={`${id}_name`}
            label="Model name"
            className={classes.name}
            value={model.name ?? ''}
            placeholder="Book"
            error={shows('model') && problems.some(p => p.field === undefined && p.key === 'name')}
            onChange={event => onRename(event.target.value)}
          />
          <SmallTextField
            id={`${id}_endpoint`}
            label="API endpoint"
            className={classes.endpoint}
            value={model.endpoint ?? ''}
            placeholder={model.name ? defaultEndpoint(model.name) : 'books'}
            InputLabelProps={{ shrink: true }}
            error={shows('model') && problems.some(p => p.field === undefined && p.key === 'endpoint')}
            onChange={event => onChange(withValue(model, 'endpoint', event.target.value))}
          />
          <span className={classes.spacer} />
          <OrderButtons label={label} index={index} count={count} onMove={onMove} onRemove={onRemove} />
        </div>
        {shows('model') && <ProblemList problems={problems.filter(p => p.field === undefined)} />}
        {fields.map((field, f) => (
          <FieldRow
            key={f}
            field={field}
            id={`${id}_fields_${f}`}
            index={f}
            count={fields.length}
            modelNames={modelNames}
            problems={problems.filter(p => p.field === f)}
            showProblems={shows(`field ${f}`)}
            onChange={changed => setFields(replaced(fields, f, changed))}
            onRemove={() => setFields(removed(fields, f))}
            onMove={to => setFields(moved(fields, f, to))}
            onTouched={() => touch(`field ${f}`)}
          />
        ))}
        <Button size="small" startIcon={<AddIcon />} onClick={() => setFields([...fields, newField()])}>
          Add field to {label}
        </Button>
      </CardContent>
    </Card>
  );
}
