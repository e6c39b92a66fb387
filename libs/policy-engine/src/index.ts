// Public API of the policy engine: parse/validate, compile, evaluate, explain, lint.
export type {
  ConditionEntry,
  Effect,
  PolicyDocument,
  PolicyStatement,
  PolicyType,
  PolicyVersion,
  PrincipalBlock,
  PrincipalKind,
} from './grammar/policy-document';
export { findingText, type Finding, type FindingSeverity, type PolicyErrorCode } from './validation/finding';
export {
  validatePolicy,
  type ValidatePolicyOptions,
  type ValidationResult,
} from './validation/validate-policy';
export {
  POLICY_QUOTAS,
  countPolicySize,
  defaultQuota,
  type IdentityPolicyKind,
  type PolicyQuota,
} from './validation/policy-limits';
export { lintDocument } from './lint/lint-document';
export { lintPolicy } from './lint/lint-policy';
export {
  compilePolicy,
  clearPolicyCache,
  InvalidPolicyError,
  type CompilePolicyOptions,
  type CompiledPolicy,
  type CompiledStatement,
} from './compile/compile-policy';
export { compilePolicySet, PolicySet, type PolicyInput, type PolicySetInput } from './compile/policy-set';
export type {
  AuthorizationRequest,
  ContextScalar,
  ContextValue,
  PrincipalType,
  RequestContext,
  RequestPrincipal,
} from './evaluation/authorization-request';
export type { Decision, DecidingPolicy, Verdict } from './evaluation/decision';
export { evaluate } from './evaluation/evaluate';
export { explain, type Explanation, type MatchedStatement } from './evaluation/explain';
export { BASE_OPERATOR_NAMES, parseOperator, type OperatorSpec } from './conditions/condition-operators';
