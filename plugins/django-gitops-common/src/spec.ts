import { z } from 'zod/v3';

/**
 * Django field types the form offers; each maps to `models.<type>`.
 *
 * @public
 */
export const FIELD_TYPES = [
  'CharField',
  'TextField',
  'IntegerField',
  'BigIntegerField',
  'PositiveIntegerField',
  'FloatField',
  'DecimalField',
  'BooleanField',
  'DateField',
  'DateTimeField',
  'TimeField',
  'DurationField',
  'EmailField',
  'URLField',
  'SlugField',
  'UUIDField',
  'JSONField',
  'FileField',
  'ImageField',
  'ForeignKey',
  'OneToOneField',
  'ManyToManyField',
] as const;
/**
 * A Django field type of the spec (`models.<type>`).
 *
 * @public
 */
export type FieldType = (typeof FIELD_TYPES)[number];

/** `a CharField`, `an EmailField`: the type as the validator's messages name it. */
export function aFieldType(type: FieldType): string {
  return `${/^(Email|Integer|Image)/.test(type) ? 'an' : 'a'} ${type}`;
}

/**
 * What happens to a relation's rows when the row it points to is deleted (ForeignKey, OneToOneField).
 *
 * @public
 */
export const ON_DELETE_ACTIONS = ['CASCADE', 'PROTECT', 'SET_NULL', 'RESTRICT'] as const;
/**
 * One of ON_DELETE_ACTIONS.
 *
 * @public
 */
export type OnDelete = (typeof ON_DELETE_ACTIONS)[number];

/**
 * The databases a generated project runs on.
 *
 * @public
 */
export const DATABASES = ['sqlite', 'postgres'] as const;
/**
 * One of DATABASES.
 *
 * @public
 */
export type Database = (typeof DATABASES)[number];

/**
 * Who may call the API: `authenticated` lets anyone read and signed-in clients write (the
 * default), `private` wants a signed-in client for every request, `public` lets anyone write.
 *
 * @public
 */
export const API_ACCESS_LEVELS = ['authenticated', 'private', 'public'] as const;
/**
 * One of API_ACCESS_LEVELS.
 *
 * @public
 */
export type ApiAccess = (typeof API_ACCESS_LEVELS)[number];

/**
 * The project spec as the form sends it (the keys are a contract with the template). Built from the `z` it is handed so the
 * same schema serves both our own parsing and a scaffolder action's input schema (which passes
 * in its own zod). Structure only: name rules and cross-references are checked by
 * `validateProjectSpec`, which can say which field is wrong in words a user understands.
 *
 * @public
 */
export function projectSpecSchema(zod: typeof z) {
  const literal = zod.union([zod.string(), zod.number(), zod.boolean()]);
  const field = zod
    .object({
      name: zod.string().describe('Field name, snake_case'),
      type: zod.enum(FIELD_TYPES).describe('Django field type'),
      required: zod
        .boolean()
        .optional()
        .describe('Default true; false makes the field optional (blank, and null where Django allows)'),
      unique: zod.boolean().optional(),
      default: zod
        .union([literal, zod.null(), zod.array(zod.unknown()), zod.record(zod.unknown())])
        .optional()
        .describe('Default value; must fit the type'),
      maxLength: zod.number().int().optional().describe('CharField (required), EmailField, URLField, SlugField, FileField'),
      maxDigits: zod.number().int().optional().describe('DecimalField (required)'),
      decimalPlaces: zod.number().int().optional().describe('DecimalField (required)'),
      choices: zod
        .array(zod.object({ value: zod.union([zod.string(), zod.number()]), label: zod.string() }))
        .optional()
        .describe('Allowed values (text and integer fields)'),
      helpText: zod.string().optional(),
      to: zod.string().optional().describe('Relations: the target model name'),
      onDelete: zod.enum(ON_DELETE_ACTIONS).optional().describe('ForeignKey and OneToOneField; default CASCADE'),
    })
    .strict();
  const model = zod
    .object({
      name: zod.string().describe('Model name, PascalCase'),
      endpoint: zod.string().optional().describe('URL segment of the API; default: plural of the name'),
      fields: zod.array(field),
    })
    .strict();
  return zod
    .object({
      name: zod.string().describe('Project name (DNS-1123 label): repository, namespace, image'),
      packageName: zod.string().optional().describe("Python package of the Django project; default: name with '-' as '_'"),
      appName: zod.string().describe('Django app label'),
      description: zod.string().optional(),
      owner: zod.string().describe('GitHub owner (user or organisation): the image and the repository'),
      catalogOwner: zod
        .string()
        .optional()
        .describe('Owner of the catalog entity: a group or user entity reference (group:default/team-a); default: the GitHub owner'),
      registry: zod.string().optional().describe('Image registry; default ghcr.io'),
      database: zod.enum(DATABASES).optional().describe('Default sqlite'),
      access: zod
        .enum(API_ACCESS_LEVELS)
        .optional()
        .describe('Who may call the API: authenticated (public reads, signed-in writes; default), private, or public'),
      cors: zod
        .object({ enabled: zod.boolean(), allowedOrigins: zod.array(zod.string()).optional() })
        .strict()
        .optional(),
      cicd: zod.boolean().optional().describe('Generate the CI/CD workflow; default true'),
      models: zod.array(model),
    })
    .strict();
}

/**
 * What the form sends: optional keys may be missing.
 *
 * @public
 */
export type ProjectSpecInput = z.infer<ReturnType<typeof projectSpecSchema>>;
/**
 * One field of a model as the form sends it.
 *
 * @public
 */
export type FieldInput = ProjectSpecInput['models'][number]['fields'][number];

/**
 * One allowed value of a field and the label people see for it.
 *
 * @public
 */
export type Choice = { value: string | number; label: string };

/**
 * A field after validation: every option resolved.
 *
 * @public
 */
export interface FieldSpec {
  /** snake_case, checked by `fieldNameProblem`. */
  name: string;
  /** The Django field class. */
  type: FieldType;
  /** False: blank allowed, and null where Django allows it. */
  required: boolean;
  /** A database constraint: no two rows share a value. */
  unique: boolean;
  /** The parsed default (a `FieldDefault`), absent when the field has none. */
  default?: unknown;
  /** Text, email, URL, slug and file fields. */
  maxLength?: number;
  /** DecimalField: all digits. */
  maxDigits?: number;
  /** DecimalField: digits after the point. */
  decimalPlaces?: number;
  /** Text and integer fields: the only values allowed. */
  choices?: Choice[];
  /** Shown beside the field in the admin and the API schema. */
  helpText?: string;
  /** Relations: the target model's name. */
  to?: string;
  /** ForeignKey and OneToOneField. */
  onDelete?: OnDelete;
  /** Relations: the reverse accessor on the target (absent for symmetrical self M2M). */
  relatedName?: string;
}

/**
 * A model after validation: its endpoint resolved, its fields checked.
 *
 * @public
 */
export interface ModelSpec {
  /** PascalCase, checked by `modelNameProblem`. */
  name: string;
  /** The URL segment of its API: `/api/<endpoint>/`. */
  endpoint: string;
  /** In the order the form gave them. */
  fields: FieldSpec[];
}

/**
 * A project after validation: defaults applied, names checked, relations resolved.
 *
 * @public
 */
export interface ProjectSpec {
  /** The DNS-1123 label that names the repository, namespace, Deployment and image. */
  name: string;
  /** The Python package of the Django project. */
  packageName: string;
  /** The Django app that holds the models. */
  appName: string;
  /** Free text; empty when the form gave none. */
  description: string;
  /** The GitHub user or organisation: the image's and the repository's owner. */
  owner: string;
  /** Who owns the service in the catalog: a full group or user reference (`group:default/team-a`). */
  catalogOwner?: string;
  /** The image registry host. */
  registry: string;
  /** SQLite (one replica on a volume) or PostgreSQL. */
  database: Database;
  /** Who may read and write through the API. */
  access: ApiAccess;
  /** Origins allowed to call the API from a browser. */
  cors: { enabled: boolean; allowedOrigins: string[] };
  /** Whether the project gets its CI/CD workflow. */
  cicd: boolean;
  /** In the order the form gave them. */
  models: ModelSpec[];
}

/**
 * Whether any model of the project has a field of one of these types.
 *
 * @public
 */
export function usesFieldType(spec: ProjectSpec, ...types: FieldType[]): boolean {
  return spec.models.some(model => model.fields.some(field => types.includes(field.type)));
}

/**
 * Whether the project stores uploaded files (FileField or ImageField).
 *
 * @public
 */
export function usesUploads(spec: ProjectSpec): boolean {
  return usesFieldType(spec, 'FileField', 'ImageField');
}

/**
 * The field types that point at another model (through `to`).
 *
 * @public
 */
export const RELATION_TYPES: ReadonlySet<FieldType> = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField']);
