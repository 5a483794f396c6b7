import { prefillEntityRef, sameModels, serviceOf, shouldPrefill, storedModels } from './prefill';

const book = { name: 'Book', endpoint: 'books', fields: [{ name: 'title', type: 'CharField' as const, required: true, unique: false, maxLength: 200 }] };
const author = { name: 'Author', endpoint: 'authors', fields: [{ name: 'name', type: 'CharField' as const, required: true, unique: false, maxLength: 100 }] };

describe('pre-filling the models from a service’s stored answers', () => {
  it('reads the picked service from the sibling field the option names', () => {
    expect(prefillEntityRef('service', { service: 'component:default/shop-api' })).toBe('component:default/shop-api');
    expect(prefillEntityRef('service', { service: '' })).toBeUndefined();
    expect(prefillEntityRef(undefined, { service: 'component:default/shop-api' })).toBeUndefined();
    expect(serviceOf('component:team-a/shop-api')).toEqual({ namespace: 'team-a', name: 'shop-api' });
    expect(serviceOf('shop-api')).toEqual({ namespace: 'default', name: 'shop-api' });
  });

  it('takes the models of the stored project, and says in words when there are none', () => {
    expect(storedModels('component:default/shop-api', { project: { name: 'shop-api', models: [book] } })).toEqual([book]);
    expect(() => storedModels('component:default/shop-api', undefined)).toThrow('component:default/shop-api has no stored answers in its repository');
    expect(() => storedModels('component:default/shop-api', { project: { models: [] } })).toThrow(
      'the stored answers of component:default/shop-api hold no models',
    );
  });

  it('fills an empty field, or models it filled itself that nobody changed, and never the user’s edits', () => {
    expect(shouldPrefill([], [book], undefined)).toBe(true);
    // The blank model the form starts with, to reach minItems.
    expect(shouldPrefill([{ fields: [{ type: 'CharField', required: true, unique: false }] }], [book], undefined)).toBe(true);
    expect(shouldPrefill([{ name: 'Shelf', fields: [{ type: 'CharField' }] }], [book], undefined)).toBe(false);
    // Another service picked: the untouched models of the first one give way.
    expect(shouldPrefill([author], [book], [author])).toBe(true);
    // Already the stored ones.
    expect(shouldPrefill([book], [book], undefined)).toBe(false);
    // Edited since the fill, or entered by hand: kept.
    expect(shouldPrefill([author, book], [book], [author])).toBe(false);
    expect(shouldPrefill([author], [book], undefined)).toBe(false);
  });

  it('sees the same models whatever the order of their keys and with the empty lists the form adds', () => {
    const reordered = {
      fields: [{ type: 'CharField' as const, required: true, unique: false, choices: [], name: 'title', maxLength: 200 }],
      name: 'Book',
      endpoint: 'books',
    };
    expect(sameModels([reordered], [book])).toBe(true);
    expect(sameModels([{ ...reordered, endpoint: 'volumes' }], [book])).toBe(false);
    expect(shouldPrefill([reordered], [book], undefined)).toBe(false);
  });
});
