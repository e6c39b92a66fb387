import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';

export interface AuthenticatedRequest {
  principal?: Principal;
  rawBody?: Buffer;
}

/** The authenticated caller of the request (set by the guard). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('@Caller() used on a route the authentication guard did not run on');
  return principal;
});
