import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { GetCallerHandler } from './get-caller';
import { MeController } from './me.controller';

/** What this slice adds to the identity module: its route and its one query (no read model: the caller is the request's). */
export const meSlice = {
  controllers: [MeController] as Type[],
  providers: [GetCallerHandler] as Provider[],
  projections: (): InlineProjection[] => [],
};
