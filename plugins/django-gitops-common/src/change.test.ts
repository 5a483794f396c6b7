import { changeProblems, changeRisks } from './change';
import { inventorySpec } from './examples';
import type { ProjectSpecInput } from './spec';
import { validateProjectSpec } from './validate';
import { specProblemInWords } from './words';

const before = validateProjectSpec(inventorySpec);

/** The inventory example with its Product model's fields changed by `edit`. */
function withProductFields(edit: (fields: ProjectSpecInput['models'][number]['fields']) => ProjectSpecInput['models'][number]['fields']) {
  const input: ProjectSpecInput = structuredClone(inventorySpec);
  input.models[1].fields = edit(input.models[1].fields);
  return validateProjectSpec(input);
}

describe('changeProblems', () => {
  it('accepts optional fields, required fields with a default, removals and new models', () => {
    const input: ProjectSpecInput = structuredClone(inventorySpec);
    input.models[1].fields = [
      ...input.models[1].fields.filter(f => f.name !== 'notes'),
      { name: 'weight', type: 'FloatField', required: false },
      { name: 'stock', type: 'IntegerField', default: 0 },
      { name: 'tags', type: 'ManyToManyField', to: 'Category', required: false },
    ];
    input.models.push({ name: 'Review', fields: [{ name: 'product', type: 'ForeignKey', to: 'Product' }] });
    expect(changeProblems(before, validateProjectSpec(input))).toEqual([]);
  });

  it('refuses a required field without a default on a model that has rows, naming it', () => {
    const after = withProductFields(fields => [...fields, { name: 'sku', type: 'CharField', maxLength: 20 }]);
    const problems = changeProblems(before, after);
    expect(problems).toEqual([
      {
        path: 'project.models[1].fields[5].default',
        message: 'is needed: the field is added as required, and the rows Product already has would have no value; give it a default, or make it optional',
      },
    ]);
    expect(problems.map(problem => specProblemInWords(problem, after))).toEqual([
      'Product.sku: default is needed: the field is added as required, and the rows Product already has would have no value; give it a default, or make it optional',
    ]);
  });

  it('refuses making an optional field required without a default', () => {
    const after = withProductFields(fields => fields.map(f => (f.name === 'notes' ? { ...f, required: true } : f)));
    expect(changeProblems(before, after).map(p => p.message)).toEqual([
      'is needed: the field becomes required, and the rows Product already has would have no value; give it a default, or make it optional',
    ]);
  });

  it('refuses renaming what names the service or holds its data', () => {
    const after = validateProjectSpec({ ...inventorySpec, appName: 'stock', database: 'postgres' });
    expect(changeProblems(before, after).map(p => p.path)).toEqual(['project.appName', 'project.database']);
  });
});

describe('changeRisks', () => {
  it('says which data is dropped, which rename is not guessed and which conversion may fail', () => {
    const after = withProductFields(fields => [
      ...fields.filter(f => f.name !== 'notes').map(f => (f.name === 'name' ? { ...f, maxLength: 80, unique: true } : f)),
      { name: 'remarks', type: 'TextField', required: false },
    ]);
    expect(changeRisks(before, after)).toEqual([
      'Product.notes is removed and Product.remarks added: if that is a rename, change the migration\'s RemoveField and AddField into RenameField to keep the data (renames are not guessed); as written, notes\'s values are dropped.',
      'Product.name becomes unique: the migration fails if rows already share a value.',
      'Product.name gets shorter (200 -> 80): on PostgreSQL the migration fails if a value is longer.',
    ]);
  });

  it('names a reverse accessor that another relation to the same model renames', () => {
    const after = withProductFields(fields => [...fields, { name: 'backup_category', type: 'ForeignKey', to: 'Category', required: false, onDelete: 'SET_NULL' }]);
    expect(changeRisks(before, after)).toContain(
      'Category.products is now Category.category_products (another relation to Category was added): code that used the old name must change.',
    );
  });

  it('says a deleted model drops its table', () => {
    const input: ProjectSpecInput = structuredClone(inventorySpec);
    input.models = [input.models[0]];
    expect(changeRisks(before, validateProjectSpec(input))).toEqual(['Product is deleted: its table and every row in it are dropped.']);
  });
});
