import type { EventEnvelope, NewEvent } from '../event-envelope';
import type { AccountEvent } from './account.events';
import type { GroupEvent } from './group.events';
import type { VirtualMfaDeviceEvent } from './mfa-device.events';
import type { OpenIDConnectProviderEvent } from './oidc-provider.events';
import type { RoleEvent } from './role.events';
import type { SamlProviderEvent } from './saml-provider.events';
import type { UserEvent } from './user.events';

/** Every identity event as a decider raises it (type, schema version, payload). */
export type IdentityDomainEvent =
  | AccountEvent
  | UserEvent
  | GroupEvent
  | RoleEvent
  | VirtualMfaDeviceEvent
  | OpenIDConnectProviderEvent
  | SamlProviderEvent;

type Enveloped<E> = E extends NewEvent<infer TType, infer TPayload> ? EventEnvelope<TType, TPayload> : never;

/** Every identity event as consumers receive it from `iam.identity.v1`. */
export type IdentityEvent = Enveloped<IdentityDomainEvent>;
