import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { actionContext, outputOf } from '../testing/actionContext';
import { createCatalogUnregisterAction } from './catalogUnregister';

type Context = Parameters<ReturnType<typeof createCatalogUnregisterAction>['handler']>[0];

const component = (name: string, uid: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', uid },
  spec: { type: 'service', owner: 'acme', lifecycle: 'experimental' },
});
const LOCATION = { id: 'location-1', type: 'url', target: 'https://github.com/acme/registered/blob/main/catalog-info.yaml', entityRef: 'location:default/registered' };

describe('catalog:unregister', () => {
  function catalogWith() {
    const catalog = catalogServiceMock({ entities: [component('registered', 'uid-1'), component('unlocated', 'uid-2')] });
    catalog.getLocationByEntity = async ref => (ref === 'component:default/registered' ? LOCATION : undefined);
    catalog.removeLocationById = jest.fn(async () => catalog.removeEntityByUid('uid-1'));
    return catalog;
  }

  it("removes the entity's location, which takes the entity out of the catalog", async () => {
    const catalog = catalogWith();
    const { ctx } = actionContext<Context>({ entityRef: 'component:default/registered' });

    await createCatalogUnregisterAction({ catalog }).handler(ctx);

    expect(catalog.removeLocationById).toHaveBeenCalledWith('location-1', expect.anything());
    expect(await catalog.getEntityByRef('component:default/registered')).toBeUndefined();
    expect(outputOf(ctx, 'location')).toBe(`url:${LOCATION.target}`);
    expect(outputOf(ctx, 'removed')).toBe(true);
  });

  it('removes an entity no location emitted by its uid, and only warns for one that is not there', async () => {
    const catalog = catalogWith();
    const action = createCatalogUnregisterAction({ catalog });
    await action.handler(actionContext<Context>({ entityRef: 'component:default/unlocated' }).ctx);
    expect(await catalog.getEntityByRef('component:default/unlocated')).toBeUndefined();
    expect(await catalog.getEntityByRef('component:default/registered')).toBeDefined();

    const missing = actionContext<Context>({ entityRef: 'component:default/missing' });
    await action.handler(missing.ctx);
    expect(outputOf(missing.ctx, 'removed')).toBe(false);
  });

  it('in a dry run, says what it would remove and removes nothing', async () => {
    const catalog = catalogWith();
    const { ctx } = actionContext<Context>({ entityRef: 'component:default/registered' }, { isDryRun: true });
    await createCatalogUnregisterAction({ catalog }).handler(ctx);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    expect(outputOf(ctx, 'location')).toBe(`url:${LOCATION.target}`);
  });

  it('refuses what is not an entity reference, naming the input', async () => {
    const { ctx } = actionContext<Context>({ entityRef: 'not a ref' });
    await expect(createCatalogUnregisterAction({ catalog: catalogWith() }).handler(ctx)).rejects.toThrow('entityRef: "not a ref" must be an entity reference');
  });
});
