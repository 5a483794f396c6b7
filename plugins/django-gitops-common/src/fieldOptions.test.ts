import { type FieldOption, fieldNeeds, fieldTakes } from './fieldOptions';
import { FIELD_TYPES, type FieldInput } from './spec';
import { modelsProblems } from './validate';

/** A value of each option that would be fine on a type that takes it. */
const SAMPLE_VALUES: Record<FieldOption, Partial<FieldInput>> = {
  unique: { unique: true },
  default: { default: '1' },
  maxLength: { maxLength: 255 },
  maxDigits: { maxDigits: 5 },
  decimalPlaces: { decimalPlaces: 2 },
  choices: { choices: [{ value: '1', label: 'One' }] },
  to: { to: 'Target' },
  onDelete: { onDelete: 'CASCADE' },
};
const OPTIONS = Object.keys(SAMPLE_VALUES) as FieldOption[];

/** The problems the validator reports on `option` for a field of `type` with `given` set. */
function optionProblems(type: (typeof FIELD_TYPES)[number], option: FieldOption, given: Partial<FieldInput>): string[] {
  const field = { name: 'sample', type, required: false, ...given } as FieldInput;
  const models = [
    { name: 'Target', fields: [{ name: 'label', type: 'TextField' as const }] },
    { name: 'Sample', fields: [field] },
  ];
  return modelsProblems(models)
    .filter(problem => problem.path === `project.models[1].fields[0].${option}`)
    .map(problem => problem.message);
}

describe('which options a field type takes', () => {
  describe.each(FIELD_TYPES)('%s', type => {
    it.each(OPTIONS)('the validator refuses %s exactly when the type does not take it', option => {
      const refused = optionProblems(type, option, SAMPLE_VALUES[option]).some(message =>
        /^(does not apply|do not apply|is not possible|makes a ForeignKey)/.test(message),
      );
      expect(refused).toBe(!fieldTakes(type, option));
    });

    it.each(OPTIONS)('the validator wants %s exactly when the type needs it', option => {
      const wanted = optionProblems(type, option, {}).some(message => message.startsWith('is required'));
      expect(wanted).toBe(fieldNeeds(type, option));
    });
  });
});
