import { modelProblems } from './problems';

describe('the problems the editor shows', () => {
  it('places each problem of the shared validator at its model, field and option, in words', () => {
    const models = [
      { name: 'Book', fields: [{ name: 'title', type: 'CharField' as const }] },
      { name: 'Review', fields: [{ name: 'book', type: 'ForeignKey' as const, to: 'Volume' }] },
    ];
    expect(modelProblems(models)).toEqual([
      { model: 0, field: 0, key: 'maxLength', words: 'Book.title: max length is required for a CharField' },
      { model: 1, field: 0, key: 'to', words: 'Review.book: related model "Volume" is not a model of this project' },
    ]);
  });

  it('names a model or field not named yet by its place', () => {
    expect(modelProblems([{ name: '', fields: [{ name: '', type: 'CharField', maxLength: 10 }] }]).map(p => p.words)).toEqual([
      expect.stringMatching(/^Model 1: name /),
      expect.stringMatching(/^Model 1, field 1: name /),
    ]);
  });

  it('has none for a valid spec', () => {
    expect(modelProblems([{ name: 'Book', fields: [{ name: 'title', type: 'CharField', maxLength: 200 }] }])).toEqual([]);
  });
});
