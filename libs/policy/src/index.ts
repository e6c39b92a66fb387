export * from './policy.module';
export * from './policy-queries';
export type {
  AttachedPolicyView,
  EffectiveManagedPolicy,
  InlinePolicyView,
  PermissionsBoundaryView,
  PrincipalPolicyDocuments,
} from './principal-policies/principal-policies.queries';
export type {
  PolicyView,
  PolicyVersionView,
  PolicyEntitiesView,
} from './managed-policies/managed-policies.queries';
export type { PrincipalKind } from './shared/policy-names';
export { PrincipalDetailsProjection } from './authorization-details/principal-details.projection';
export { PrincipalsProjection } from './principals/principals.projection';
export * from './policy.migrations';
