import type { ChangeEvent, ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/DeleteOutline';
import {
  type Choice,
  FIELD_TYPES,
  fieldNeeds,
  type FieldOption,
  fieldTakes,
  type FieldType,
  ON_DELETE_ACTIONS,
} from '@dev-portal/plugin-django-gitops-common';
import { type DraftField, removed, replaced, withType, withValue } from './drafts';
import { OrderButtons } from './OrderButtons';
import { ProblemList } from './ProblemList';
import { SmallTextField } from './SmallTextField';
import type { ShownProblem } from './problems';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  name: { width: 170 },
  type: { width: 190 },
  number: { width: 110 },
  relation: { width: 160 },
  text: { width: 170 },
  choices: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1), paddingLeft: theme.spacing(2) },
  choice: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

/** What a default looks like for each type, as the spec takes it. */
const DEFAULT_HINTS: Partial<Record<FieldType, string>> = {
  BooleanField: 'true or false',
  DateField: '2024-01-31',
  DateTimeField: '2024-01-31T09:00:00Z',
  TimeField: '09:30',
  DurationField: 'seconds',
  UUIDField: 'uuid4',
  JSONField: '{} or []',
  DecimalField: '0.00',
};

export interface FieldRowProps {
  field: DraftField;
  /** Where it is: `id` prefixes its inputs' ids, `index` and `count` place it among its model's fields. */
  id: string;
  index: number;
  count: number;
  /** The names of the models of the form, for relations. */
  modelNames: string[];
  problems: ShownProblem[];
  showProblems: boolean;
  onChange(field: DraftField): void;
  onRemove(): void;
  onMove(to: number): void;
  onTouched(): void;
}

/** One field of a model, on one compact row: only the options its type takes. */
export function FieldRow(props: FieldRowProps) {
  const { field, id, index, count, modelNames, problems, showProblems, onChange, onRemove, onMove, onTouched } = props;
  const classes = useStyles();
  const type = field.type ?? 'CharField';
  const takes = (option: FieldOption) => fieldTakes(type, option);
  const marked = (key: string) => showProblems && problems.some(problem => problem.key === key);
  const label = field.name || `field ${index + 1}`;

  const textInput = (key: 'name' | 'default' | 'helpText', text: string, className: string, placeholder?: string) => (
    <SmallTextField
      id={`${id}_${key}`}
      label={text}
      className={className}
      value={field[key] === undefined ? '' : String(field[key])}
      placeholder={placeholder}
      error={marked(key)}
      onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(withValue(field, key, event.target.value))}
    />
  );
  const numberInput = (key: 'maxLength' | 'maxDigits' | 'decimalPlaces', text: string) => (
    <SmallTextField
      id={`${id}_${key}`}
      label={text}
      type="number"
      className={classes.number}
      // The asterisk only: the browser's own "fill out this field" would speak before the rules do.
      InputLabelProps={{ required: fieldNeeds(type, key) }}
      value={field[key] ?? ''}
      error={marked(key)}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        const typed = event.target.value;
        onChange(withValue(field, key, typed === '' ? undefined : Number(typed)));
      }}
    />
  );
  const select = (key: 'type' | 'to' | 'onDelete', text: string, className: string, options: ReactNode, required = false) => (
    <SmallTextField
      id={`${id}_${key}`}
      select
      label={text}
      className={className}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true, required }}
      value={field[key] ?? ''}
      error={marked(key)}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        const value = event.target.value;
        onChange(key === 'type' ? withType(field, value as FieldType) : withValue(field, key, value as never));
      }}
    >
      {options}
    </SmallTextField>
  );

  const checkbox = (key: 'required' | 'unique', text: string, checked: boolean) => (
    <FormControlLabel
      label={text}
      control={<Checkbox id={`${id}_${key}`} size="small" checked={checked} onChange={event => onChange({ ...field, [key]: event.target.checked })} />}
    />
  );

  return (
    <div role="group" aria-label={`Field ${index + 1}`} onBlur={onTouched}>
      <div className={classes.row}>
        {textInput('name', 'Field name', classes.name)}
        {select('type', 'Type', classes.type, FIELD_TYPES.map(option => <option key={option}>{option}</option>))}
        {checkbox('required', 'Required', field.required !== false)}
        {takes('unique') && checkbox('unique', 'Unique', field.unique === true)}
        {takes('maxLength') && numberInput('maxLength', 'Max length')}
        {takes('maxDigits') && numberInput('maxDigits', 'Max digits')}
        {takes('decimalPlaces') && numberInput('decimalPlaces', 'Decimal places')}
        {takes('to') &&
          select(
            'to',
            'Related model',
            classes.relation,
            [
              <option key="" value="">
                Choose a model
              </option>,
              ...[...new Set(modelNames.filter(Boolean))].map(name => <option key={name}>{name}</option>),
            ],
            fieldNeeds(type, 'to'),
          )}
        {takes('onDelete') &&
          select('onDelete', 'On delete', classes.relation, [
            <option key="" value="">
              CASCADE (default)
            </option>,
            ...ON_DELETE_ACTIONS.filter(action => action !== 'CASCADE').map(action => <option key={action}>{action}</option>),
          ])}
        {takes('default') && textInput('default', 'Default', classes.text, DEFAULT_HINTS[type])}
        {textInput('helpText', 'Help text', classes.text)}
        {takes('choices') && (
          <Button size="small" startIcon={<AddIcon />} onClick={() => onChange({ ...field, choices: [...(field.choices ?? []), { value: '', label: '' }] })}>
            Choice
          </Button>
        )}
        <OrderButtons label={label} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </div>
      {takes('choices') && field.choices && field.choices.length > 0 && (
        <ChoicesEditor id={`${id}_choices`} choices={field.choices} error={marked('choices')} onChange={choices => onChange(withValue(field, 'choices', choices))} />
      )}
      {showProblems && <ProblemList problems={problems} />}
    </div>
  );
}

function ChoicesEditor(props: { id: string; choices: Choice[]; error: boolean; onChange(choices: Choice[]): void }) {
  const { id, choices, error, onChange } = props;
  const classes = useStyles();
  return (
    <div className={classes.choices}>
      {choices.map((choice, c) => (
        <div key={c} className={classes.choice} role="group" aria-label={`Choice ${c + 1}`}>
          <SmallTextField
            id={`${id}_${c}_value`}
            label="Stored value"
            className={classes.number}
            value={String(choice.value)}
            error={error}
            onChange={event => onChange(replaced(choices, c, { ...choice, value: event.target.value }))}
          />
          <SmallTextField
            id={`${id}_${c}_label`}
            label="Label"
            className={classes.number}
            value={choice.label}
            onChange={event => onChange(replaced(choices, c, { ...choice, label: event.target.value }))}
          />
          <IconButton size="small" aria-label={`Remove choice ${c + 1}`} onClick={() => onChange(removed(choices, c))}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </div>
      ))}
    </div>
  );
}
