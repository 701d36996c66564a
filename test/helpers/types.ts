export type { DeliveryIds, DeliveryRequest, Place, Publisher, RecapPostRequest, ResultRequest } from '../../src/core/ports.js';
export type { Platform } from '../../src/db/schema.js';
