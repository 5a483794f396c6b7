import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { writeProject } from '../testing/python';
import { generateDjangoProject } from './generate';
import { pyStr } from './python';

/**
 * Free text from the form (descriptions, help texts, defaults, choice labels) is never refused for
 * its content; it must reach Python and YAML as literals that read back exactly.
 */
const ADVERSARIAL = [
  `it's "quoted"`,
  'back\\slash \\n not a newline',
  'line one\nline two\r\n\ttabbed',
  'triple """ and \'\'\' quotes',
  '{% raw %}{{ template }}{% endraw %} ${{ secrets.PAT_TOKEN }}',
  'unicode: café, 日本語, emoji 🚀, rtl \u202e, separator \u2028 and nul \u0000',
  "'; import os; os.system('rm -rf /') #",
];

/** Reads, with Python's own parser, every string literal the fields of interest hold. */
const READ_LITERALS = `
import ast, json, sys
found = {"help_text": [], "default": [], "labels": [], "description": []}
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("help_text", "default"):
            if isinstance(node.value, ast.Constant):
                found[node.arg].append(node.value.value)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "").endswith("_CHOICES"):
            found["labels"] += [pair.elts[1].value for pair in node.value.elts]
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "DESCRIPTION":
                    found["description"].append(value.value)
json.dump(found, sys.stdout)
`;

describe('free text in generated files', () => {
  const spec = validateProjectSpec({
    name: 'escapes',
    appName: 'api',
    owner: 'acme',
    description: ADVERSARIAL.join(' | '),
    models: [
      {
        name: 'Note',
        fields: ADVERSARIAL.map((text, i) => ({
          name: `text_${i}`,
          type: 'CharField' as const,
          maxLength: 200,
          helpText: text,
          default: text,
          choices: [{ value: text, label: text }],
        })),
      },
    ],
  });
  const project = generateDjangoProject(spec);

  it('round-trips through Python literals, read back with ast', () => {
    const dir = writeProject(project.files);
    try {
      const files = ['api/models.py', 'api/migrations/0001_initial.py', 'escapes/settings.py'].map(f => path.join(dir, f));
      const found = JSON.parse(execFileSync('python3', ['-c', READ_LITERALS, ...files], { encoding: 'utf8' }));
      // Once in the model, once in the migration.
      expect(found.help_text).toEqual([...ADVERSARIAL, ...ADVERSARIAL]);
      expect(found.default).toEqual([...ADVERSARIAL, ...ADVERSARIAL]);
      expect(found.labels).toEqual(ADVERSARIAL);
      expect(found.description).toEqual([spec.description]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips through YAML in catalog-info.yaml', () => {
    expect(parse(project.files.get('catalog-info.yaml')!).metadata.description).toBe(spec.description);
  });

  it('keeps every Python literal on one line', () => {
    for (const text of ADVERSARIAL) expect(pyStr(text)).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it('chooses the quote that needs fewer escapes, as Black does', () => {
    expect(pyStr('plain')).toBe('"plain"');
    expect(pyStr('say "hi"')).toBe(`'say "hi"'`);
    expect(pyStr(`it's`)).toBe(`"it's"`);
  });
});
