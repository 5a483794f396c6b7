import { FIELD_TYPES, type FieldType, RELATION_TYPES } from './spec';

/**
 * A field's settings beyond its name, type and `required`: which of them a type takes is a rule of
 * the spec, so the validator refuses the others and the form shows only these.
 *
 * @public
 */
export type FieldOption = 'unique' | 'default' | 'maxLength' | 'maxDigits' | 'decimalPlaces' | 'choices' | 'to' | 'onDelete';

const typesExcept = (...excluded: FieldType[]): ReadonlySet<FieldType> =>
  new Set(FIELD_TYPES.filter(type => !excluded.includes(type)));

const TYPES_TAKING: Record<FieldOption, ReadonlySet<FieldType>> = {
  // Django refuses it on files and many-to-many (fields.E200, E330); a unique ForeignKey is a
  // OneToOneField (fields.W342); a unique BooleanField could never hold a third row.
  unique: typesExcept('FileField', 'ImageField', 'ManyToManyField', 'ForeignKey', 'BooleanField'),
  default: typesExcept('FileField', 'ImageField', 'ForeignKey', 'OneToOneField', 'ManyToManyField'),
  maxLength: new Set(['CharField', 'EmailField', 'URLField', 'SlugField', 'FileField', 'ImageField']),
  maxDigits: new Set(['DecimalField']),
  decimalPlaces: new Set(['DecimalField']),
  choices: new Set(['CharField', 'TextField', 'SlugField', 'IntegerField', 'BigIntegerField', 'PositiveIntegerField']),
  to: RELATION_TYPES,
  onDelete: new Set(['ForeignKey', 'OneToOneField']),
};

const TYPES_NEEDING: Partial<Record<FieldOption, ReadonlySet<FieldType>>> = {
  maxLength: new Set(['CharField']),
  maxDigits: new Set(['DecimalField']),
  decimalPlaces: new Set(['DecimalField']),
  to: RELATION_TYPES,
};

/**
 * Whether a field of `type` takes `option` (`maxLength` for text, `to` for relations, ...).
 *
 * @public
 */
export function fieldTakes(type: FieldType, option: FieldOption): boolean {
  return TYPES_TAKING[option].has(type);
}

/**
 * Whether a field of `type` cannot do without `option` (`maxLength` of a CharField, ...).
 *
 * @public
 */
export function fieldNeeds(type: FieldType, option: FieldOption): boolean {
  return TYPES_NEEDING[option]?.has(type) ?? false;
}
