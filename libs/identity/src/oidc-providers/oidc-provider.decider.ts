import {
  IamError,
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  eventsOf,
  oidcProviderArn,
  parseOidcIssuer,
  requireLength,
  requirePattern,
  validationError,
  type OpenIDConnectProviderEvent,
  type TagV1,
} from '@iam/contracts';
import { assertNever, validateAccountId, validateTimestamp } from '../shared/iam-names';
import {
  applyTags,
  matchingTagKeys,
  removeTags,
  tagsUnchanged,
  validateTagKeys,
  validateTags,
} from '../shared/tags';
import type { OidcProviderCommand } from './oidc-provider.commands';

export interface ExistingOidcProviderState {
  status: 'active' | 'deleted';
  arn: string;
  accountId: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: TagV1[];
  createDate: string;
}

export type OidcProviderState = { status: 'absent' } | ExistingOidcProviderState;

/** IAM's quotas: ClientIDList and ThumbprintList (API reference, CreateOpenIDConnectProvider). */
export const OidcProviderQuotas = { ClientIds: 100, Thumbprints: 5 } as const;

export const OidcProviderErrors = {
  noSuchProvider: (arn: string) =>
    new IamError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`),
  alreadyExists: (url: string) =>
    new IamError('EntityAlreadyExists', `Provider with url ${url} already exists.`),
};

const event = eventsOf<OpenIDConnectProviderEvent>(IdentitySchemaVersion);

export function initialState(): OidcProviderState {
  return { status: 'absent' };
}

export function evolve(state: OidcProviderState, e: OpenIDConnectProviderEvent): OidcProviderState {
  if (e.type === T.OpenIDConnectProviderCreated) {
    const p = e.payload;
    return {
      status: 'active',
      arn: p.arn,
      accountId: p.accountId,
      url: p.url,
      clientIds: p.clientIds,
      thumbprints: p.thumbprints,
      tags: p.tags,
      createDate: p.createDate,
    };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.OpenIDConnectProviderClientIdAdded:
      return { ...state, clientIds: [...state.clientIds, e.payload.clientId] };
    case T.OpenIDConnectProviderClientIdRemoved:
      return { ...state, clientIds: state.clientIds.filter((id) => id !== e.payload.clientId) };
    case T.OpenIDConnectProviderThumbprintUpdated:
      return { ...state, thumbprints: e.payload.thumbprints };
    case T.OpenIDConnectProviderTagged:
      return { ...state, tags: applyTags(state.tags, e.payload.tags) };
    case T.OpenIDConnectProviderUntagged:
      return { ...state, tags: removeTags(state.tags, e.payload.tagKeys) };
    case T.OpenIDConnectProviderDeleted:
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}

/** clientIDType: 1–255 characters; a client id is matched exactly against `aud`. */
export function validateClientId(clientId: string, field = 'clientID'): void {
  requireLength(field, clientId, 1, 255);
}

/** thumbprintType: exactly 40 hex characters (a SHA-1 fingerprint). */
export function validateThumbprints(thumbprints: readonly string[], field = 'thumbprintList'): void {
  if (thumbprints.length > OidcProviderQuotas.Thumbprints)
    throw validationError(
      field,
      `${thumbprints.length} thumbprints`,
      `Member must have length less than or equal to ${OidcProviderQuotas.Thumbprints}`,
    );
  thumbprints.forEach((thumbprint, i) => {
    requireLength(`${field}.${i + 1}`, thumbprint, 40, 40);
    requirePattern(`${field}.${i + 1}`, thumbprint, /^[0-9a-fA-F]{40}$/, '[0-9a-fA-F]{40}');
  });
}

function validateClientIds(clientIds: readonly string[], field = 'clientIDList'): void {
  if (clientIds.length > OidcProviderQuotas.ClientIds)
    throw validationError(
      field,
      `${clientIds.length} client ids`,
      `Member must have length less than or equal to ${OidcProviderQuotas.ClientIds}`,
    );
  clientIds.forEach((id, i) => validateClientId(id, `${field}.${i + 1}`));
}

function requireProvider(state: OidcProviderState, arn: string): ExistingOidcProviderState {
  if (state.status !== 'active' || state.arn !== arn) throw OidcProviderErrors.noSuchProvider(arn);
  return state;
}

export function decide(command: OidcProviderCommand, state: OidcProviderState): OpenIDConnectProviderEvent[] {
  switch (command.type) {
    case 'CreateOidcProvider': {
      const { accountId, createDate } = command.data;
      validateAccountId(accountId);
      const issuer = parseOidcIssuer(command.data.url);
      const clientIds = [...new Set(command.data.clientIds)];
      validateClientIds(clientIds);
      const thumbprints = command.data.thumbprints.map((t) => t.toLowerCase());
      validateThumbprints(thumbprints);
      const tags = [...command.data.tags];
      validateTags(tags);
      validateTimestamp(createDate, 'createDate');
      if (state.status === 'active') throw OidcProviderErrors.alreadyExists(issuer.url);
      return [
        event(T.OpenIDConnectProviderCreated, {
          arn: oidcProviderArn(accountId, issuer),
          accountId,
          url: issuer.url,
          clientIds,
          thumbprints: [...new Set(thumbprints)],
          tags,
          createDate,
        }),
      ];
    }
    case 'AddOidcClientId': {
      const provider = requireProvider(state, command.data.arn);
      const { clientId } = command.data;
      validateClientId(clientId);
      // AWS: adding a client id that is already registered succeeds and changes nothing.
      if (provider.clientIds.includes(clientId)) return [];
      if (provider.clientIds.length >= OidcProviderQuotas.ClientIds)
        throw new IamError(
          'LimitExceeded',
          `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${OidcProviderQuotas.ClientIds}`,
        );
      return [event(T.OpenIDConnectProviderClientIdAdded, { arn: provider.arn, clientId })];
    }
    case 'RemoveOidcClientId': {
      const provider = requireProvider(state, command.data.arn);
      const { clientId } = command.data;
      validateClientId(clientId);
      // AWS: removing a client id that is not registered succeeds and changes nothing.
      if (!provider.clientIds.includes(clientId)) return [];
      return [event(T.OpenIDConnectProviderClientIdRemoved, { arn: provider.arn, clientId })];
    }
    case 'UpdateOidcThumbprints': {
      const provider = requireProvider(state, command.data.arn);
      const thumbprints = [...new Set(command.data.thumbprints.map((t) => t.toLowerCase()))];
      validateThumbprints(thumbprints);
      return [event(T.OpenIDConnectProviderThumbprintUpdated, { arn: provider.arn, thumbprints })];
    }
    case 'TagOidcProvider': {
      const provider = requireProvider(state, command.data.arn);
      const tags = [...command.data.tags];
      validateTags(tags);
      applyTags(provider.tags, tags);
      if (tagsUnchanged(provider.tags, tags)) return [];
      return [event(T.OpenIDConnectProviderTagged, { arn: provider.arn, tags })];
    }
    case 'UntagOidcProvider': {
      const provider = requireProvider(state, command.data.arn);
      validateTagKeys(command.data.tagKeys);
      const tagKeys = matchingTagKeys(provider.tags, command.data.tagKeys);
      if (tagKeys.length === 0) return [];
      return [event(T.OpenIDConnectProviderUntagged, { arn: provider.arn, tagKeys })];
    }
    case 'DeleteOidcProvider': {
      const provider = requireProvider(state, command.data.arn);
      return [
        event(T.OpenIDConnectProviderDeleted, {
          arn: provider.arn,
          accountId: provider.accountId,
          url: provider.url,
        }),
      ];
    }
    default:
      return assertNever(command);
  }
}

export const oidcProviderDecider = { initialState, evolve, decide } as const;
