import type { Principal } from '@iam/auth';

/** The services that own IAM and STS actions, each answering its own in distributed mode. */
export type OwningService = 'identity' | 'policy' | 'sts' | 'audit';

/**
 * How one AWS Query action reaches the use case behind a JSON route: the
 * route (so its `@Action` declaration authorizes it, its DTOs validate it
 * and its controller dispatches the command or query), how AWS's input
 * members become the route's path parameters, body or query, and how the
 * route's JSON answer becomes AWS's result. Everything not said here is
 * the default: member names lower-camel (`UserName` → `userName`), the
 * route's path parameters taken by name, the rest its body (POST, PUT,
 * PATCH) or query (GET, DELETE); the answer's names upper-camel, lists as
 * `member` elements.
 */
export interface WireAction {
  /** The JSON route, as its controller declares it: `POST /v1/users`. */
  route: string;
  owner: OwningService;
  /** AWS member → our field where the names differ beyond case. */
  rename?: Record<string, string>;
  /** AWS members our route does not take (AWS's DeleteAccountAlias names the alias; we have one). */
  ignore?: string[];
  /** AWS lets `UserName` be left out for the calling IAM user. */
  callerUser?: boolean;
  /** Our JSON answer → AWS's result members; `null` for an action whose result AWS leaves empty. */
  result?: ((json: Record<string, unknown>) => Record<string, unknown>) | null;
}

/** A principal's own user name, where AWS defaults `UserName` to the caller. */
export function callerUserName(caller: Principal): string | undefined {
  return caller.type === 'user' && caller.session === undefined ? caller.userName : undefined;
}
