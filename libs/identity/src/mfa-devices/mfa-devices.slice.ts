import type { InlineProjection } from '@iam/event-store';
import type { Provider, Type } from '@nestjs/common';

/** What this slice adds to the identity module: its routes, services and read models. */
export const mfaDevicesSlice = {
  controllers: [] as Type[],
  providers: [] as Provider[],
  projections: (_schema: string): InlineProjection[] => [],
};
