import { inventorySpec } from './examples';
import { specProblemInWords, specProblemPlace } from './words';

const library = {
  models: [
    { name: 'Author', fields: [{ name: 'name', type: 'CharField', maxLength: 100 }] },
    {
      name: 'Book',
      fields: [
        { name: 'isbn', type: 'CharField', maxLength: 13 },
        { name: 'author', type: 'ForeignKey', to: 'Author' },
        { name: 'pages', type: 'IntegerField' },
        { name: 'title', type: 'CharField' },
      ],
    },
    { name: '', fields: [{ name: '', type: 'CharField' }] },
  ],
};

describe('specProblemInWords', () => {
  it('names the model and the field, then the option in the words of the form', () => {
    const problem = { path: 'project.models[1].fields[3].maxLength', message: 'is required for a CharField' };
    expect(specProblemInWords(problem, library)).toBe('Book.title: max length is required for a CharField');
  });

  it.each([
    ['project.models[1].fields[1].to', '"Writer" is not a model of this project', 'Book.author: related model "Writer" is not a model of this project'],
    ['project.models[1].fields[1].onDelete', 'does not apply to a ManyToManyField', 'Book.author: on delete does not apply to a ManyToManyField'],
    ['project.models[1].fields[2].decimalPlaces', 'does not apply to an IntegerField', 'Book.pages: decimal places does not apply to an IntegerField'],
    ['project.models[1].fields[1].required', 'closes a cycle of required relations (Book.author -> Author.book -> Book)', 'Book.author: closes a cycle of required relations (Book.author -> Author.book -> Book)'],
    ['project.models[1].fields[0].choices[0].value', 'must be text', 'Book.isbn: choices 1 value must be text'],
    ['project.models[0].endpoint', '"schema" is reserved for the API\'s own pages', 'Author: API endpoint "schema" is reserved for the API\'s own pages'],
    ['project.models[1].fields', 'are missing: add at least one field', 'Book: fields are missing: add at least one field'],
    ['project.models', 'are missing: add at least one model', 'Models are missing: add at least one model'],
  ])('%s', (path, message, words) => {
    expect(specProblemInWords({ path, message }, library)).toBe(words);
  });

  it('numbers what has no name yet', () => {
    expect(specProblemInWords({ path: 'project.models[2].name', message: 'must be PascalCase' }, library)).toBe('Model 3: name must be PascalCase');
    expect(specProblemInWords({ path: 'project.models[2].fields[0].name', message: 'must be snake_case' }, library)).toBe(
      'Model 3, field 1: name must be snake_case',
    );
  });

  it('names the keys of the project by their labels', () => {
    expect(specProblemInWords({ path: 'project.appName', message: '"class" is a Python keyword' }, inventorySpec)).toBe(
      'Django app name "class" is a Python keyword',
    );
    expect(specProblemInWords({ path: 'project.catalogOwner', message: 'must be a group or a user, not a component' }, inventorySpec)).toBe(
      'Catalog owner must be a group or a user, not a component',
    );
    expect(specProblemInWords({ path: 'project.cors.allowedOrigins[1]', message: '"x" is not an origin' }, inventorySpec)).toBe(
      'Allowed origins "x" is not an origin',
    );
  });

  it('reads paths under another root', () => {
    const problem = { path: '.devportal/project.json project.models[1].fields[3].maxLength', message: 'is required for a CharField' };
    expect(specProblemInWords(problem, library, '.devportal/project.json project')).toBe('Book.title: max length is required for a CharField');
  });
});

describe('specProblemPlace', () => {
  it.each([
    ['project.models[1].fields[3].maxLength', { model: 1, field: 3, keys: ['maxLength'] }],
    ['project.models[1].fields[0].choices[2].value', { model: 1, field: 0, keys: ['choices', 2, 'value'] }],
    ['project.models[0].endpoint', { model: 0, keys: ['endpoint'] }],
    ['project.models', { keys: ['models'] }],
    ['project.cors.allowedOrigins[1]', { keys: ['cors', 'allowedOrigins', 1] }],
    ['project', { keys: [] }],
  ])('%s', (path, place) => {
    expect(specProblemPlace({ path, message: '' })).toEqual(place);
  });
});
