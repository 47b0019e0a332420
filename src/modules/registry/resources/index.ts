import { registerDefinition } from '../registry.service.js';
import type { ResourceDefinition } from '../resource.js';
import { demandsResource } from './demands.js';
import { expertsResource } from './experts.js';
import { offersResource } from './offers.js';
import { organizationsResource } from './organizations.js';

export const resources: ResourceDefinition[] = [organizationsResource, offersResource, demandsResource, expertsResource];
for (const def of resources) registerDefinition(def);

export { demandsResource, expertsResource, offersResource, organizationsResource };
