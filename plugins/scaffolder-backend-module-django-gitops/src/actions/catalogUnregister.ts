import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './catalogUnregister.examples';

/** `kind:namespace/name`, `kind:name`: what the EntityPicker gives. */
const ENTITY_REF = /^[A-Za-z][\w-]*:([\w.-]+\/)?[\w.-]+$/;

/**
 * `catalog:unregister`: the inverse of `catalog:register`, which the scaffolder backend does not
 * ship (backstage#32309). Removes the location the entity was registered from, which takes the
 * entity (and anything else that location emitted) out of the catalog, or the entity alone when
 * no location emitted it. Nothing registered: a warning, not a failure.
 *
 * @public
 */
export function createCatalogUnregisterAction(options: { catalog: CatalogService }) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'catalog:unregister',
    description: 'Removes an entity from the catalog: the location catalog:register added for it, or the entity alone when no location emitted it.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z => z.string().regex(ENTITY_REF, 'must be an entity reference, such as component:default/inventory-api').describe('The entity to remove'),
      },
      output: {
        removed: z => z.boolean().describe('False when the entity was not in the catalog, and in a dry run'),
        location: z => z.string().describe('The location removed with it (type:target), empty when none was'),
      },
    },
    async handler(ctx) {
      const { entityRef } = ctx.input;
      if (!ENTITY_REF.test(entityRef)) throw new InputError(`entityRef: "${entityRef}" must be an entity reference, such as component:default/inventory-api`);
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        ctx.logger.warn(`${entityRef} is not in the catalog: nothing to unregister`);
        ctx.output('removed', false);
        ctx.output('location', '');
        return;
      }
      const location = await catalog.getLocationByEntity(entityRef, { credentials });
      const where = location ? `${location.type}:${location.target}` : '';
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would unregister ${entityRef}${location ? ` by removing its location ${where}` : ''}`);
        ctx.output('removed', false);
        ctx.output('location', where);
        return;
      }
      if (location) await catalog.removeLocationById(location.id, { credentials });
      else await catalog.removeEntityByUid(entity.metadata.uid!, { credentials });
      ctx.logger.info(`Unregistered ${entityRef}${location ? ` (location ${where} removed)` : ''}`);
      ctx.output('removed', true);
      ctx.output('location', where);
    },
  });
}
