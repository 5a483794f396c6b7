import TextField, { type TextFieldProps } from '@material-ui/core/TextField';

/** The editor's inputs: small and outlined, so that a field's options fit on one row. */
export function SmallTextField(props: TextFieldProps) {
  return <TextField size="small" variant="outlined" {...props} />;
}
