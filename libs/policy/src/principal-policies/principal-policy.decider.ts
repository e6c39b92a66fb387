import {
  PolicyEventTypes as T,
  PolicySchemaVersion,
  type Decider,
  type PrincipalPolicyEvent,
} from '@iam/contracts';
import { documentSize, InlineAggregateLimit, validateIdentityDocument } from '../shared/policy-documents';
import { PolicyErrors } from '../shared/policy-errors';
import { assertNever, PolicyLimits, validatePolicyName, type PrincipalKind } from '../shared/policy-names';
import type { AttachablePolicy, PrincipalPolicyCommand, PrincipalTarget } from './principal-policy.commands';

export interface InlinePolicyState {
  policyName: string;
  document: string;
  /** As IAM counts it against the aggregate quota (no white space). */
  size: number;
}

/** What one user, group or role holds. Starts empty: the principal's existence is the handler's check. */
export interface PrincipalPoliciesState {
  attached: AttachablePolicy[];
  inline: InlinePolicyState[];
  boundaryArn: string | null;
  /** A boundary event is on the stream: `boundaryArn` holds, not the boundary given at creation. */
  boundaryChanged: boolean;
}

type Operation = 'attached' | 'detached' | 'put' | 'deleted' | 'boundarySet' | 'boundaryDeleted';

/** The event type of each operation per principal kind; groups have no permissions boundary. */
const EventTypes: Record<PrincipalKind, Partial<Record<Operation, PrincipalPolicyEvent['type']>>> = {
  user: {
    attached: T.UserPolicyAttached,
    detached: T.UserPolicyDetached,
    put: T.UserPolicyPut,
    deleted: T.UserPolicyDeleted,
    boundarySet: T.UserPermissionsBoundarySet,
    boundaryDeleted: T.UserPermissionsBoundaryDeleted,
  },
  group: {
    attached: T.GroupPolicyAttached,
    detached: T.GroupPolicyDetached,
    put: T.GroupPolicyPut,
    deleted: T.GroupPolicyDeleted,
  },
  role: {
    attached: T.RolePolicyAttached,
    detached: T.RolePolicyDetached,
    put: T.RolePolicyPut,
    deleted: T.RolePolicyDeleted,
    boundarySet: T.RolePermissionsBoundarySet,
    boundaryDeleted: T.RolePermissionsBoundaryDeleted,
  },
};

/** The principal fields of a payload, named as AWS names them per kind (`userId`, `groupName`, `roleArn`). */
export function principalRef(principal: PrincipalTarget): Record<string, string> {
  const { kind } = principal;
  return {
    accountId: principal.accountId,
    [`${kind}Id`]: principal.id,
    [`${kind}Name`]: principal.name,
    [`${kind}Arn`]: principal.arn,
  };
}

function raise(
  principal: PrincipalTarget,
  op: Operation,
  payload: Record<string, unknown>,
): PrincipalPolicyEvent {
  const type = EventTypes[principal.kind][op];
  if (type === undefined) throw PolicyErrors.boundaryNotSupported(principal.kind);
  return {
    type,
    schemaVersion: PolicySchemaVersion,
    payload: { ...principalRef(principal), ...payload },
  } as unknown as PrincipalPolicyEvent;
}

export function initialState(): PrincipalPoliciesState {
  return { attached: [], inline: [], boundaryArn: null, boundaryChanged: false };
}

export function evolve(state: PrincipalPoliciesState, e: PrincipalPolicyEvent): PrincipalPoliciesState {
  switch (e.type) {
    case T.UserPolicyAttached:
    case T.GroupPolicyAttached:
    case T.RolePolicyAttached: {
      const { policyArn, policyId, policyName } = e.payload;
      return { ...state, attached: [...state.attached, { policyArn, policyId, policyName }] };
    }
    case T.UserPolicyDetached:
    case T.GroupPolicyDetached:
    case T.RolePolicyDetached:
      return { ...state, attached: state.attached.filter((a) => a.policyArn !== e.payload.policyArn) };
    case T.UserPolicyPut:
    case T.GroupPolicyPut:
    case T.RolePolicyPut: {
      const { policyName, policyDocument } = e.payload;
      return {
        ...state,
        inline: [
          ...state.inline.filter((i) => i.policyName !== policyName),
          { policyName, document: policyDocument, size: documentSize(policyDocument) },
        ],
      };
    }
    case T.UserPolicyDeleted:
    case T.GroupPolicyDeleted:
    case T.RolePolicyDeleted:
      return { ...state, inline: state.inline.filter((i) => i.policyName !== e.payload.policyName) };
    case T.UserPermissionsBoundarySet:
    case T.RolePermissionsBoundarySet:
      return { ...state, boundaryArn: e.payload.policyArn, boundaryChanged: true };
    case T.UserPermissionsBoundaryDeleted:
    case T.RolePermissionsBoundaryDeleted:
      return { ...state, boundaryArn: null, boundaryChanged: true };
    default:
      return state;
  }
}

/** The stream's boundary once it has set or removed one; before that, the one given at creation. */
function currentBoundary(state: PrincipalPoliciesState, principal: PrincipalTarget): string | null {
  return state.boundaryChanged ? state.boundaryArn : (principal.boundaryAtCreation ?? null);
}

export function decide(
  command: PrincipalPolicyCommand,
  state: PrincipalPoliciesState,
): PrincipalPolicyEvent[] {
  const { principal } = command.data;
  switch (command.type) {
    case 'AttachPolicy': {
      const { policy } = command.data;
      // Attaching what is already attached changes nothing, as in AWS.
      if (state.attached.some((a) => a.policyArn === policy.policyArn)) return [];
      if (state.attached.length >= PolicyLimits.attachedPoliciesPerPrincipal) {
        throw PolicyErrors.tooManyAttachedPolicies(principal.kind, PolicyLimits.attachedPoliciesPerPrincipal);
      }
      return [raise(principal, 'attached', { ...policy })];
    }
    case 'DetachPolicy': {
      const attached = state.attached.find((a) => a.policyArn === command.data.policyArn);
      if (!attached) throw PolicyErrors.noSuchPolicy(command.data.policyArn);
      return [raise(principal, 'detached', { ...attached })];
    }
    case 'PutInlinePolicy': {
      const { policyName } = command.data;
      validatePolicyName(policyName);
      const document = validateIdentityDocument(command.data.policyDocument, principal.kind);
      const others = state.inline.filter((i) => i.policyName !== policyName);
      const total = others.reduce((sum, i) => sum + i.size, documentSize(document));
      if (total > InlineAggregateLimit[principal.kind]) {
        throw PolicyErrors.inlinePoliciesTooLarge(
          principal.kind,
          principal.name,
          InlineAggregateLimit[principal.kind],
        );
      }
      return [raise(principal, 'put', { policyName, policyDocument: document })];
    }
    case 'DeleteInlinePolicy': {
      const { policyName } = command.data;
      validatePolicyName(policyName);
      if (!state.inline.some((i) => i.policyName === policyName)) {
        throw PolicyErrors.noSuchInlinePolicy(principal.kind, policyName);
      }
      return [raise(principal, 'deleted', { policyName })];
    }
    case 'PutPermissionsBoundary': {
      const { policyArn } = command.data.policy;
      if (EventTypes[principal.kind].boundarySet === undefined)
        throw PolicyErrors.boundaryNotSupported(principal.kind);
      const current = currentBoundary(state, principal);
      if (current === policyArn) return [];
      return [raise(principal, 'boundarySet', { policyArn, previousPolicyArn: current })];
    }
    case 'DeletePermissionsBoundary': {
      if (EventTypes[principal.kind].boundaryDeleted === undefined) {
        throw PolicyErrors.boundaryNotSupported(principal.kind);
      }
      const current = currentBoundary(state, principal);
      // Deleting a boundary that is not there changes nothing.
      if (current === null) return [];
      return [raise(principal, 'boundaryDeleted', { policyArn: current })];
    }
    default:
      return assertNever(command);
  }
}

export const principalPolicyDecider: Decider<
  PrincipalPolicyCommand,
  PrincipalPolicyEvent,
  PrincipalPoliciesState
> = {
  initialState,
  evolve,
  decide,
};
