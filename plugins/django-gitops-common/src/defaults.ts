import { aFieldType, type FieldSpec } from './spec';

/**
 * A field default, typed so that the Python renderer can write it as the right literal. Forms send
 * most values as text, so numbers, booleans and dates are accepted as strings too.
 *
 * @public
 */
export type FieldDefault =
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: string }
  | { kind: 'float'; value: number }
  | { kind: 'decimal'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; year: number; month: number; day: number }
  | { kind: 'time'; hour: number; minute: number; second: number }
  /** Always UTC: the project runs with USE_TZ, and a naive default would warn. */
  | { kind: 'datetime'; year: number; month: number; day: number; hour: number; minute: number; second: number }
  | { kind: 'duration'; seconds: number }
  | { kind: 'uuid'; value: string }
  /** A callable evaluated per row: `uuid.uuid4`, or `dict`/`list` for JSON (never a shared mutable). */
  | { kind: 'callable'; name: 'uuid.uuid4' | 'dict' | 'list' };

type Parsed = { value: FieldDefault } | { problem: string };

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^([-+]?)(\d+)(?:\.(\d+))?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const URL_PATTERN = /^https?:\/\/\S+$/;
const SLUG = /^[-a-zA-Z0-9_]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATETIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseFieldDefault(field: FieldSpec, raw: unknown): Parsed {
  const parsed = parseForType(field, raw);
  if ('problem' in parsed || !field.choices) return parsed;
  const value = 'value' in parsed.value ? parsed.value.value : undefined;
  const allowed = field.choices.map(c => String(c.value));
  return allowed.includes(String(value)) ? parsed : { problem: `must be one of the choices (${allowed.join(', ')})` };
}

function parseForType(field: FieldSpec, raw: unknown): Parsed {
  const text = typeof raw === 'string' ? raw : undefined;
  const fits = (what: string): Parsed => ({ problem: `${JSON.stringify(raw)} is not ${what} for ${aFieldType(field.type)}` });
  switch (field.type) {
    case 'CharField':
    case 'TextField':
    case 'EmailField':
    case 'URLField':
    case 'SlugField': {
      if (text === undefined) return fits('text');
      if (field.maxLength !== undefined && text.length > field.maxLength) {
        return { problem: `is longer than the max length (${field.maxLength})` };
      }
      if (field.type === 'EmailField' && !EMAIL.test(text)) return fits('an email address');
      if (field.type === 'URLField' && !URL_PATTERN.test(text)) return fits('an http(s) URL');
      if (field.type === 'SlugField' && !SLUG.test(text)) return fits('a slug');
      return { value: { kind: 'str', value: text } };
    }
    case 'IntegerField':
    case 'BigIntegerField':
    case 'PositiveIntegerField': {
      const digits = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : text;
      if (digits === undefined || !INTEGER.test(digits)) return fits('an integer');
      const value = BigInt(digits);
      const limit = field.type === 'BigIntegerField' ? 2n ** 63n : 2n ** 31n;
      if (value < -limit || value >= limit) return { problem: `${digits} is out of range for ${aFieldType(field.type)}` };
      if (field.type === 'PositiveIntegerField' && value < 0n) return { problem: 'must not be negative' };
      return { value: { kind: 'int', value: value.toString() } };
    }
    case 'FloatField': {
      const given = text !== undefined && text.trim() !== '' ? Number(text) : NaN;
      const value = typeof raw === 'number' ? raw : given;
      return Number.isFinite(value) ? { value: { kind: 'float', value } } : fits('a finite number');
    }
    case 'DecimalField': {
      const match = DECIMAL.exec(typeof raw === 'number' ? String(raw) : text ?? '');
      if (!match) return fits('a decimal number');
      const [, sign, whole, fraction = ''] = match;
      const integerDigits = whole.replace(/^0+(?=\d)/, '');
      if (fraction.length > (field.decimalPlaces ?? 0)) return { problem: `has more than ${field.decimalPlaces} decimal places` };
      if (integerDigits !== '0' && integerDigits.length > (field.maxDigits ?? 0) - (field.decimalPlaces ?? 0)) {
        return { problem: `has too many digits for max digits ${field.maxDigits} and decimal places ${field.decimalPlaces}` };
      }
      return { value: { kind: 'decimal', value: `${sign === '-' ? '-' : ''}${integerDigits}${fraction ? `.${fraction}` : ''}` } };
    }
    case 'BooleanField':
      if (typeof raw === 'boolean') return { value: { kind: 'bool', value: raw } };
      if (text === 'true' || text === 'false') return { value: { kind: 'bool', value: text === 'true' } };
      return fits('true or false');
    case 'DateField': {
      const match = DATE.exec(text ?? '');
      if (!match || !isCalendarDate(+match[1], +match[2], +match[3])) return fits('a date (YYYY-MM-DD)');
      return { value: { kind: 'date', year: +match[1], month: +match[2], day: +match[3] } };
    }
    case 'TimeField': {
      const match = TIME.exec(text ?? '');
      const [hour, minute, second] = match ? [+match[1], +match[2], +(match[3] ?? 0)] : [];
      if (!match || hour! > 23 || minute! > 59 || second! > 59) return fits('a time (HH:MM or HH:MM:SS)');
      return { value: { kind: 'time', hour: hour!, minute: minute!, second: second! } };
    }
    case 'DateTimeField': {
      const date = text !== undefined && DATETIME_WITH_ZONE.test(text) ? new Date(text) : undefined;
      if (!date || Number.isNaN(date.getTime())) return fits('an ISO 8601 date-time with a zone (2024-01-31T09:00:00Z)');
      return {
        value: {
          kind: 'datetime',
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          hour: date.getUTCHours(),
          minute: date.getUTCMinutes(),
          second: date.getUTCSeconds(),
        },
      };
    }
    case 'DurationField': {
      const given = text !== undefined && INTEGER.test(text) ? Number(text) : NaN;
      const seconds = typeof raw === 'number' ? raw : given;
      return Number.isSafeInteger(seconds) ? { value: { kind: 'duration', seconds } } : fits('a whole number of seconds');
    }
    case 'UUIDField':
      if (text === 'uuid4') return { value: { kind: 'callable', name: 'uuid.uuid4' } };
      if (text !== undefined && UUID.test(text)) return { value: { kind: 'uuid', value: text.toLowerCase() } };
      return fits('"uuid4" (a new UUID per row) or a UUID');
    case 'JSONField': {
      // A literal dict or list would be one object shared by every row (Django's fields.E010).
      const value = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
      if (value === '{}') return { value: { kind: 'callable', name: 'dict' } };
      if (value === '[]') return { value: { kind: 'callable', name: 'list' } };
      return { problem: 'must be {} or [] for a JSONField (an empty object or list per row)' };
    }
    default:
      return fits('a value');
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
