import {
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  eventsOf,
  requireLength,
  validationError,
  type SamlProviderEvent,
  type TagV1,
} from '@iam/contracts';
import { IdentityErrors } from '../shared/identity-errors';
import { assertNever, validateAccountId, validateTimestamp } from '../shared/iam-names';
import {
  applyTags,
  matchingTagKeys,
  removeTags,
  tagsUnchanged,
  validateTagKeys,
  validateTags,
} from '../shared/tags';
import type { SamlProviderCommand } from './saml-provider.commands';
import { noSuchSamlProvider, samlProviderArn, validateSamlProviderName } from './saml-provider-arns';

export interface ExistingSamlProviderState {
  status: 'active' | 'deleted';
  accountId: string;
  name: string;
  arn: string;
  samlMetadataDocument: string;
  createDate: string;
  tags: TagV1[];
}

export type SamlProviderState = { status: 'absent' } | ExistingSamlProviderState;

/** SAMLMetadataDocument: 1,000 to 10,000,000 characters (IAM API Reference). */
export const SamlMetadataDocumentLength = { min: 1000, max: 10_000_000 } as const;

const event = eventsOf<SamlProviderEvent>(IdentitySchemaVersion);

export function initialState(): SamlProviderState {
  return { status: 'absent' };
}

export function evolve(state: SamlProviderState, e: SamlProviderEvent): SamlProviderState {
  if (e.type === T.SamlProviderCreated) {
    const p = e.payload;
    return {
      status: 'active',
      accountId: p.accountId,
      name: p.name,
      arn: p.arn,
      samlMetadataDocument: p.samlMetadataDocument,
      createDate: p.createDate,
      tags: p.tags,
    };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.SamlProviderUpdated:
      return { ...state, samlMetadataDocument: e.payload.samlMetadataDocument };
    case T.SamlProviderTagged:
      return { ...state, tags: applyTags(state.tags, e.payload.tags) };
    case T.SamlProviderUntagged:
      return { ...state, tags: removeTags(state.tags, e.payload.tagKeys) };
    case T.SamlProviderDeleted:
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}

/** The provider the caller addressed, by its exact ARN (a deleted one, or one of another case, is not there). */
function requireProvider(state: SamlProviderState, arn: string): ExistingSamlProviderState {
  if (state.status !== 'active' || state.arn !== arn) throw noSuchSamlProvider(arn);
  return state;
}

function validateDocument(document: string): void {
  requireLength(
    'samlMetadataDocument',
    document,
    SamlMetadataDocumentLength.min,
    SamlMetadataDocumentLength.max,
  );
}

export function decide(command: SamlProviderCommand, state: SamlProviderState): SamlProviderEvent[] {
  switch (command.type) {
    case 'CreateSAMLProvider': {
      const { accountId, name, samlMetadataDocument, metadata, createDate } = command.data;
      const tags = [...(command.data.tags ?? [])];
      validateAccountId(accountId);
      validateSamlProviderName(name);
      validateDocument(samlMetadataDocument);
      validateTags(tags);
      validateTimestamp(createDate, 'createDate');
      if (state.status === 'active') throw IdentityErrors.samlProviderAlreadyExists(name);
      return [
        event(T.SamlProviderCreated, {
          accountId,
          name,
          arn: samlProviderArn(accountId, name),
          samlMetadataDocument,
          ...metadata,
          createDate,
          tags,
        }),
      ];
    }
    case 'UpdateSAMLProvider': {
      const provider = requireProvider(state, command.data.arn);
      validateDocument(command.data.samlMetadataDocument);
      if (command.data.samlMetadataDocument === provider.samlMetadataDocument) return [];
      return [
        event(T.SamlProviderUpdated, {
          arn: provider.arn,
          samlMetadataDocument: command.data.samlMetadataDocument,
          ...command.data.metadata,
        }),
      ];
    }
    case 'TagSAMLProvider': {
      const provider = requireProvider(state, command.data.arn);
      const { tags } = command.data;
      validateTags(tags);
      if (tags.length === 0)
        throw validationError('tags', '[]', 'Member must have length greater than or equal to 1');
      applyTags(provider.tags, tags);
      if (tagsUnchanged(provider.tags, tags)) return [];
      return [event(T.SamlProviderTagged, { arn: provider.arn, tags: [...tags] })];
    }
    case 'UntagSAMLProvider': {
      const provider = requireProvider(state, command.data.arn);
      validateTagKeys(command.data.tagKeys);
      const tagKeys = matchingTagKeys(provider.tags, command.data.tagKeys);
      if (tagKeys.length === 0) return [];
      return [event(T.SamlProviderUntagged, { arn: provider.arn, tagKeys })];
    }
    case 'DeleteSAMLProvider': {
      const provider = requireProvider(state, command.data.arn);
      return [event(T.SamlProviderDeleted, { arn: provider.arn })];
    }
    default:
      return assertNever(command);
  }
}

export const samlProviderDecider = { initialState, evolve, decide } as const;
