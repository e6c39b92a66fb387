import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';

/** A slice's contribution to the identity module. */
export interface IdentitySlice {
  controllers: Type[];
  providers: Provider[];
  projections: (schema: string) => InlineProjection[];
}
