import { IamError, pathParameterRules } from '@iam/contracts';
import type { Principal, RouteInput } from '@iam/auth';
import { callerUserName, type WireAction } from './action-table';
import { emptyListsAsLists } from './empty-lists';
import { ourFields, typedScalars } from './member-names';
import type { QueryValue } from './query-form';
import type { RouteHandle } from './route-registry';

/**
 * AWS's input members as the route takes them: its path parameters by
 * name, the rest its body (a JSON body, booleans and integers typed) or,
 * for a read or a delete, its query (text, as a query string carries).
 */
export function routeInput(
  action: WireAction,
  route: RouteHandle,
  members: Record<string, QueryValue>,
  /** Undefined for an unsigned action. */
  caller: Principal | undefined,
): RouteInput {
  const kept: Record<string, QueryValue> = {};
  for (const [member, value] of Object.entries(members))
    if (!action.ignore?.includes(member)) kept[member] = value;
  const fields = ourFields(kept, action.rename) as Record<string, unknown>;
  if (action.callerUser && caller && fields.userName === undefined) {
    const own = callerUserName(caller);
    if (own !== undefined) fields.userName = own;
  }
  const params: Record<string, string> = {};
  for (const name of route.pathParameters) {
    const value = fields[name];
    if (value === undefined) throw missing(name);
    if (typeof value !== 'string')
      throw new IamError(
        'ValidationError',
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be a string`,
      );
    // Before authorization looks anything up by it, as the JSON door's preValidation hook checks it.
    if (Object.hasOwn(pathParameterRules, name)) pathParameterRules[name](name, value);
    params[name] = value;
    delete fields[name];
  }
  const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
  return hasBody
    ? { params, query: {}, body: typedScalars(emptyListsAsLists(route, 'body', fields)) }
    : { params, query: emptyListsAsLists(route, 'query', fields), body: {} };
}

function missing(name: string): IamError {
  return new IamError(
    'ValidationError',
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
}
