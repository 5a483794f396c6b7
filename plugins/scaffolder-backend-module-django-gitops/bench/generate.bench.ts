/**
 * Times `generateDjangoProject` for 1, 10, 50 and 200 models of 10 fields each and prints a table.
 * Run: npm run bench:generate
 */
import { performance } from 'node:perf_hooks';
import { generateDjangoProject } from '../src/django/generate';
import { type FieldInput, type ProjectSpecInput, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';

const FIELD_MIX: Omit<FieldInput, 'name'>[] = [
  { type: 'CharField', maxLength: 120 },
  { type: 'TextField', required: false },
  { type: 'IntegerField', default: 1 },
  { type: 'DecimalField', maxDigits: 10, decimalPlaces: 2 },
  { type: 'BooleanField', default: true },
  { type: 'DateTimeField', required: false },
  { type: 'EmailField', required: false },
  { type: 'UUIDField', default: 'uuid4', unique: true },
  { type: 'JSONField', default: '{}' },
  { type: 'SlugField', maxLength: 50 },
];

function specWith(models: number): ProjectSpecInput {
  return {
    name: 'bench',
    appName: 'api',
    owner: 'acme',
    models: Array.from({ length: models }, (_, m) => ({
      name: `Model${m}`,
      fields: FIELD_MIX.map((field, f) => ({ ...field, name: `field_${f}` }) as FieldInput),
    })),
  };
}

function medianMs(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

// Warm up: the first call compiles the templates.
generateDjangoProject(validateProjectSpec(specWith(1)));

const rows = [1, 10, 50, 200].map(models => {
  const input = specWith(models);
  const ms = medianMs(() => generateDjangoProject(validateProjectSpec(input)), models >= 200 ? 9 : 21);
  const files = generateDjangoProject(validateProjectSpec(input)).files;
  const bytes = [...files.values()].reduce((sum, content) => sum + content.length, 0);
  return { models, files: files.size, kib: Math.round(bytes / 1024), ms };
});

console.log('models  files   KiB   median ms   ms per model');
for (const row of rows) {
  console.log(
    `${String(row.models).padStart(6)}  ${String(row.files).padStart(5)}  ${String(row.kib).padStart(5)}  ${row.ms.toFixed(2).padStart(10)}  ${(row.ms / row.models).toFixed(3).padStart(13)}`,
  );
}
