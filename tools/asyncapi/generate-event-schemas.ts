/**
 * Regenerates libs/contracts/src/asyncapi/event-schemas.generated.ts from
 * the contracts' TypeScript types (run after changing an event's payload;
 * a unit test fails while it is out of date).
 * Run: npm run asyncapi:schemas
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventSchemasModule, generateEventSchemas } from './event-schemas';

const target = path.join(process.cwd(), 'libs/contracts/src/asyncapi/event-schemas.generated.ts');
writeFileSync(target, eventSchemasModule(generateEventSchemas()));
console.log(`wrote ${target}`);
