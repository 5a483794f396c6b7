import { type DraftModel, moved, withModelRenamed, withType, withValue } from './drafts';

describe('the drafts the editor holds', () => {
  it('drops the options the new type does not take, and keeps those it does', () => {
    const price = { name: 'price', type: 'DecimalField' as const, maxDigits: 10, decimalPlaces: 2, unique: true, default: '0.00' };
    expect(withType(price, 'CharField')).toEqual({ name: 'price', type: 'CharField', unique: true, default: '0.00' });
    expect(withType({ name: 'author', type: 'ForeignKey', to: 'Author', onDelete: 'PROTECT' }, 'ManyToManyField')).toEqual({
      name: 'author',
      type: 'ManyToManyField',
      to: 'Author',
    });
  });

  it('leaves an emptied input out of the spec', () => {
    expect(withValue({ name: 'title', type: 'CharField', maxLength: 20 }, 'maxLength', undefined)).toEqual({ name: 'title', type: 'CharField' });
    const book: DraftModel = { name: 'Book', endpoint: 'books' };
    expect(withValue(book, 'endpoint', '')).toEqual({ name: 'Book' });
    expect(withValue(book, 'endpoint', 'titles')).toEqual({ name: 'Book', endpoint: 'titles' });
  });

  it('takes the relations along when a model is renamed, unless its old name was ambiguous', () => {
    const models: DraftModel[] = [
      { name: 'Author', fields: [{ name: 'best', type: 'ForeignKey' as const, to: 'Book' }] },
      { name: 'Book', fields: [{ name: 'sequel', type: 'OneToOneField' as const, to: 'Book' }] },
    ];
    expect(withModelRenamed(models, 1, 'Title')).toEqual([
      { name: 'Author', fields: [{ name: 'best', type: 'ForeignKey', to: 'Title' }] },
      { name: 'Title', fields: [{ name: 'sequel', type: 'OneToOneField', to: 'Title' }] },
    ]);
    const twice = [...models, { name: 'Book', fields: [] }];
    expect(withModelRenamed(twice, 2, 'Novel').map(model => model.fields?.[0]?.to)).toEqual(['Book', 'Book', undefined]);
  });

  it('moves an item', () => {
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
  });
});
