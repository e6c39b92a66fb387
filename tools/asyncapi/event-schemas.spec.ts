import { eventSchemas } from '@iam/contracts';
import { generateEventSchemas } from './event-schemas';

describe('the generated event schemas', () => {
  it('are those of the current contract types (else: npm run asyncapi:schemas)', () => {
    expect(generateEventSchemas()).toEqual(eventSchemas);
  }, 120_000);
});
