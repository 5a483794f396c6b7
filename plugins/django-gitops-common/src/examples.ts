import type { ProjectSpecInput } from './spec';

/**
 * Specs that the action examples, the template and the tests share. Each is run for real by the
 * generated-project harness, so every one of them is known to produce a working project.
 */

/**
 * The seed's example: a small inventory API, as the README shows the spec.
 *
 * @public
 */
export const inventorySpec: ProjectSpecInput = {
  name: 'inventory-api',
  appName: 'api',
  description: 'Inventory service',
  owner: 'acme',
  cors: { enabled: true, allowedOrigins: ['https://app.example.com'] },
  cicd: true,
  models: [
    {
      name: 'Category',
      fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true }],
    },
    {
      name: 'Product',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 200 },
        { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2, default: '0.00' },
        {
          name: 'status',
          type: 'CharField',
          maxLength: 16,
          choices: [
            { value: 'draft', label: 'Draft' },
            { value: 'published', label: 'Published' },
          ],
          default: 'draft',
        },
        { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT', required: false },
        { name: 'notes', type: 'TextField', required: false, helpText: 'Shown to staff' },
      ],
    },
  ],
};

/**
 * Every field type and every option at least once.
 *
 * @public
 */
export const everyFieldSpec: ProjectSpecInput = {
  name: 'field-zoo',
  packageName: 'field_zoo',
  appName: 'catalogue',
  description: 'Every field type the form offers',
  owner: 'Acme-Labs',
  registry: 'ghcr.io',
  database: 'sqlite',
  cors: { enabled: false },
  cicd: true,
  models: [
    {
      name: 'Supplier',
      endpoint: 'vendors',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 80, unique: true, helpText: 'Legal name' },
        { name: 'email', type: 'EmailField', maxLength: 200, required: false },
        { name: 'website', type: 'URLField', required: false, default: 'https://example.com' },
      ],
    },
    {
      name: 'Specimen',
      fields: [
        { name: 'code', type: 'SlugField', maxLength: 40, unique: true },
        // Unique choices: factories go round them, so two specimens of one test differ.
        { name: 'grade', type: 'CharField', maxLength: 1, unique: true, choices: [{ value: 'A', label: 'Top' }, { value: 'B', label: 'Good' }, { value: 'C', label: 'Fair' }] },
        // The smallest maxLength each allows: samples must fit.
        { name: 'contact', type: 'EmailField', maxLength: 6 },
        { name: 'link', type: 'URLField', maxLength: 12 },
        { name: 'summary', type: 'TextField', required: false, default: 'Nothing yet' },
        { name: 'rank', type: 'IntegerField', default: 3, choices: [{ value: 1, label: 'Low' }, { value: 3, label: 'Mid' }, { value: 5, label: 'High' }] },
        { name: 'population', type: 'BigIntegerField', required: false },
        { name: 'legs', type: 'PositiveIntegerField', default: '4' },
        { name: 'weight', type: 'FloatField', required: false, default: 1.5 },
        { name: 'price', type: 'DecimalField', maxDigits: 8, decimalPlaces: 3, default: '12.5' },
        { name: 'alive', type: 'BooleanField', default: true },
        { name: 'found_on', type: 'DateField', required: false, default: '2024-02-29' },
        { name: 'seen_at', type: 'DateTimeField', required: false, default: '2024-01-31T09:30:00+01:00' },
        { name: 'feeding_time', type: 'TimeField', required: false, default: '07:45' },
        { name: 'lifespan', type: 'DurationField', required: false, default: 3600 },
        { name: 'tag', type: 'UUIDField', unique: true, default: 'uuid4' },
        { name: 'origin_id', type: 'UUIDField', required: false, default: '123e4567-e89b-12d3-a456-426614174000' },
        { name: 'attributes', type: 'JSONField', default: '{}' },
        { name: 'history', type: 'JSONField', required: false, default: [] },
        { name: 'datasheet', type: 'FileField', required: false, maxLength: 255 },
        { name: 'photo', type: 'ImageField', required: false },
        { name: 'supplier', type: 'ForeignKey', to: 'Supplier', onDelete: 'SET_NULL', required: false },
        { name: 'backup_supplier', type: 'ForeignKey', to: 'Supplier', onDelete: 'RESTRICT', required: false },
      ],
    },
    {
      // Relations named like what an APITestCase has (client) or its tests define (payload).
      name: 'Shipment',
      fields: [
        { name: 'client', type: 'ForeignKey', to: 'Supplier', onDelete: 'CASCADE' },
        { name: 'payload', type: 'ForeignKey', to: 'Specimen', onDelete: 'CASCADE' },
        { name: 'spare', type: 'ForeignKey', to: 'Specimen', onDelete: 'SET_NULL', required: false },
        { name: 'note', type: 'CharField', maxLength: 20, required: false },
      ],
    },
  ],
};

/**
 * Relations of every kind: FK, self-FK, one-to-one, many-to-many, and a cycle.
 *
 * @public
 */
export const relationsSpec: ProjectSpecInput = {
  name: 'org-chart',
  appName: 'people',
  description: 'Teams, people and their badges',
  owner: 'acme',
  catalogOwner: 'group:default/people-ops',
  cors: { enabled: true, allowedOrigins: ['https://chart.example.com', 'http://localhost:3000'] },
  cicd: false,
  models: [
    {
      // Team.lead -> Person and Person.team -> Team form a cycle.
      name: 'Team',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 100, unique: true },
        { name: 'parent', type: 'ForeignKey', to: 'Team', onDelete: 'CASCADE', required: false },
        { name: 'lead', type: 'ForeignKey', to: 'Person', onDelete: 'SET_NULL', required: false },
      ],
    },
    {
      name: 'Person',
      endpoint: 'people',
      fields: [
        { name: 'full_name', type: 'CharField', maxLength: 150 },
        { name: 'team', type: 'ForeignKey', to: 'Team', onDelete: 'PROTECT' },
        { name: 'mentor', type: 'ForeignKey', to: 'self', onDelete: 'SET_NULL', required: false },
        { name: 'friends', type: 'ManyToManyField', to: 'Person', required: false },
        { name: 'skills', type: 'ManyToManyField', to: 'Skill', required: false },
      ],
    },
    {
      name: 'Badge',
      fields: [
        { name: 'person', type: 'OneToOneField', to: 'Person', onDelete: 'CASCADE' },
        { name: 'number', type: 'PositiveIntegerField', unique: true },
      ],
    },
    {
      name: 'Skill',
      fields: [{ name: 'label', type: 'CharField', maxLength: 60 }],
    },
  ],
};

/**
 * A PostgreSQL project: `psycopg` pinned, DATABASE_URL required; customers keep their orders.
 *
 * @public
 */
export const postgresSpec: ProjectSpecInput = {
  ...inventorySpec,
  name: 'orders-api',
  appName: 'orders',
  description: 'Orders on PostgreSQL',
  database: 'postgres',
  access: 'private',
  models: [
    {
      name: 'Customer',
      fields: [
        { name: 'name', type: 'CharField', maxLength: 120 },
        { name: 'email', type: 'EmailField', unique: true, required: false },
      ],
    },
    {
      name: 'Order',
      fields: [
        { name: 'reference', type: 'CharField', maxLength: 32, unique: true },
        { name: 'total', type: 'DecimalField', maxDigits: 12, decimalPlaces: 2 },
        { name: 'placed_at', type: 'DateTimeField' },
        { name: 'payload', type: 'JSONField', required: false },
        { name: 'customer', type: 'ForeignKey', to: 'Customer', onDelete: 'PROTECT' },
      ],
    },
  ],
};

/**
 * Every example spec by a short key; the tests generate and run each one.
 *
 * @public
 */
export const EXAMPLE_SPECS = {
  inventory: inventorySpec,
  everyField: everyFieldSpec,
  relations: relationsSpec,
  postgres: postgresSpec,
} as const;
