import {
  PolicyEventTypes as T,
  PolicySchemaVersion,
  eventsOf,
  validationError,
  type Decider,
  type ManagedPolicyEvent,
  type TagV1,
} from '@iam/contracts';
import { validateIdentityDocument } from '../shared/policy-documents';
import { PolicyErrors } from '../shared/policy-errors';
import {
  assertNever,
  customerPolicyArn,
  PolicyLimits,
  validateDescription,
  validatePath,
  validatePolicyName,
  validateTagKeys,
  validateTags,
  validateTimestamp,
  validateVersionId,
} from '../shared/policy-names';
import type { ManagedPolicyCommand } from './managed-policy.commands';

export interface PolicyVersionState {
  versionId: string;
  document: string;
  createDate: string;
}

export interface ExistingPolicyState {
  status: 'active' | 'deleted';
  policyId: string;
  accountId: string;
  policyName: string;
  path: string;
  policyArn: string;
  description: string;
  tags: TagV1[];
  defaultVersionId: string;
  versions: PolicyVersionState[];
  /** The number the next version gets (`v<n>`); ids are never reused. */
  nextVersionNumber: number;
  createDate: string;
  updateDate: string;
}

export type ManagedPolicyState = { status: 'absent' } | ExistingPolicyState;

const event = eventsOf<ManagedPolicyEvent>(PolicySchemaVersion);

export function initialState(): ManagedPolicyState {
  return { status: 'absent' };
}

export function evolve(state: ManagedPolicyState, e: ManagedPolicyEvent): ManagedPolicyState {
  if (e.type === T.PolicyCreated) {
    const p = e.payload;
    return {
      status: 'active',
      policyId: p.policyId,
      accountId: p.accountId,
      policyName: p.policyName,
      path: p.path,
      policyArn: p.policyArn,
      description: p.description,
      tags: p.tags,
      defaultVersionId: p.defaultVersionId,
      versions: [{ versionId: p.defaultVersionId, document: p.document, createDate: p.createDate }],
      nextVersionNumber: 2,
      createDate: p.createDate,
      updateDate: p.createDate,
    };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.PolicyVersionCreated: {
      const p = e.payload;
      return {
        ...state,
        versions: [
          ...state.versions,
          { versionId: p.versionId, document: p.document, createDate: p.createDate },
        ],
        nextVersionNumber: Number(p.versionId.slice(1)) + 1,
        defaultVersionId: p.setAsDefault ? p.versionId : state.defaultVersionId,
        updateDate: p.setAsDefault ? p.createDate : state.updateDate,
      };
    }
    case T.DefaultPolicyVersionSet:
      return { ...state, defaultVersionId: e.payload.versionId };
    case T.PolicyVersionDeleted:
      return { ...state, versions: state.versions.filter((v) => v.versionId !== e.payload.versionId) };
    case T.PolicyDeleted:
      return { ...state, status: 'deleted' };
    case T.PolicyTagged:
      return { ...state, tags: withTags(state.tags, e.payload.tags) };
    case T.PolicyUntagged:
      return { ...state, tags: withoutTags(state.tags, e.payload.tagKeys) };
    default:
      return state;
  }
}

function requirePolicy(state: ManagedPolicyState): ExistingPolicyState {
  if (state.status !== 'active') {
    throw PolicyErrors.noSuchPolicy(state.status === 'deleted' ? state.policyArn : undefined);
  }
  return state;
}

function requireVersion(policy: ExistingPolicyState, versionId: string): PolicyVersionState {
  validateVersionId(versionId);
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version) throw PolicyErrors.noSuchPolicyVersion(policy.policyArn, versionId);
  return version;
}

function ids(policy: ExistingPolicyState) {
  return { policyId: policy.policyId, policyArn: policy.policyArn, policyName: policy.policyName };
}

export function decide(command: ManagedPolicyCommand, state: ManagedPolicyState): ManagedPolicyEvent[] {
  switch (command.type) {
    case 'CreatePolicy': {
      const { accountId, policyId, policyName, policyDocument, createDate } = command.data;
      const path = command.data.path ?? '/';
      const description = command.data.description ?? '';
      const tags = [...(command.data.tags ?? [])];
      validatePolicyName(policyName);
      validatePath(path);
      validateDescription(description);
      validateTags(tags);
      validateTimestamp(createDate, 'createDate');
      if (state.status !== 'absent') throw PolicyErrors.policyAlreadyExists(policyName);
      const document = validateIdentityDocument(policyDocument, 'managed');
      return [
        event(T.PolicyCreated, {
          policyId,
          accountId,
          policyName,
          path,
          policyArn: customerPolicyArn(accountId, path, policyName),
          description,
          tags,
          defaultVersionId: 'v1',
          document,
          createDate,
        }),
      ];
    }
    case 'CreatePolicyVersion': {
      const policy = requirePolicy(state);
      const { createDate } = command.data;
      const setAsDefault = command.data.setAsDefault ?? false;
      if (typeof setAsDefault !== 'boolean')
        throw validationError('setAsDefault', setAsDefault, 'Member must be a boolean');
      validateTimestamp(createDate, 'createDate');
      const document = validateIdentityDocument(command.data.policyDocument, 'managed');
      if (policy.versions.length >= PolicyLimits.versionsPerPolicy) throw PolicyErrors.tooManyVersions();
      return [
        event(T.PolicyVersionCreated, {
          ...ids(policy),
          versionId: `v${policy.nextVersionNumber}`,
          document,
          setAsDefault,
          createDate,
        }),
      ];
    }
    case 'SetDefaultPolicyVersion': {
      const policy = requirePolicy(state);
      const version = requireVersion(policy, command.data.versionId);
      if (version.versionId === policy.defaultVersionId) return [];
      return [
        event(T.DefaultPolicyVersionSet, {
          ...ids(policy),
          versionId: version.versionId,
          previousVersionId: policy.defaultVersionId,
          document: version.document,
        }),
      ];
    }
    case 'DeletePolicyVersion': {
      const policy = requirePolicy(state);
      const version = requireVersion(policy, command.data.versionId);
      if (version.versionId === policy.defaultVersionId) throw PolicyErrors.defaultVersionDeleteConflict();
      return [event(T.PolicyVersionDeleted, { ...ids(policy), versionId: version.versionId })];
    }
    case 'DeletePolicy': {
      const policy = requirePolicy(state);
      if (command.data.usageCount > 0) throw PolicyErrors.attachedPolicyDeleteConflict();
      if (policy.versions.length > 1) throw PolicyErrors.versionsDeleteConflict();
      return [event(T.PolicyDeleted, ids(policy))];
    }
    case 'TagPolicy': {
      const policy = requirePolicy(state);
      const tags = [...command.data.tags];
      validateTags(tags);
      const after = withTags(policy.tags, tags);
      if (after.length > PolicyLimits.tagsPerResource) throw PolicyErrors.tooManyTags();
      // Setting what is already there changes nothing: no event.
      if (tags.every((t) => policy.tags.some((e) => e.key === t.key && e.value === t.value))) return [];
      return [event(T.PolicyTagged, { ...ids(policy), tags })];
    }
    case 'UntagPolicy': {
      const policy = requirePolicy(state);
      validateTagKeys(command.data.tagKeys);
      const removed = new Set(command.data.tagKeys.map((k) => k.toLowerCase()));
      const tagKeys = policy.tags.filter((t) => removed.has(t.key.toLowerCase())).map((t) => t.key);
      if (tagKeys.length === 0) return [];
      return [event(T.PolicyUntagged, { ...ids(policy), tagKeys })];
    }
    default:
      return assertNever(command);
  }
}

/** Tag keys are case-insensitive but keep their case: setting `Team` where `team` is replaces it. */
function withTags(existing: readonly TagV1[], added: readonly TagV1[]): TagV1[] {
  const keys = new Set(added.map((t) => t.key.toLowerCase()));
  return [...existing.filter((t) => !keys.has(t.key.toLowerCase())), ...added];
}

function withoutTags(existing: readonly TagV1[], tagKeys: readonly string[]): TagV1[] {
  const keys = new Set(tagKeys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !keys.has(t.key.toLowerCase()));
}

export const managedPolicyDecider: Decider<ManagedPolicyCommand, ManagedPolicyEvent, ManagedPolicyState> = {
  initialState,
  evolve,
  decide,
};
