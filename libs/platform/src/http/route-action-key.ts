/**
 * Metadata key of a route's IAM action (`iam:CreateUser`): set by
 * `@Action` of @iam/auth, read by its guard, and here by the handler span,
 * which names itself after the action.
 */
export const ROUTE_ACTION = 'iam:route-action';
