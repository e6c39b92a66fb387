import type { EventEnvelope, NewEvent } from '../event-envelope';
import type { RoleSessionsEvent, SessionEvent } from './session.events';
import type { SignInEvent } from './sign-in.events';

/** Every sts event as the service raises it (type, schema version, payload). */
export type StsDomainEvent = SessionEvent | RoleSessionsEvent | SignInEvent;

type Enveloped<E> = E extends NewEvent<infer TType, infer TPayload> ? EventEnvelope<TType, TPayload> : never;

/** Every sts event as consumers receive it from `iam.sts.v1`. */
export type StsEvent = Enveloped<StsDomainEvent>;
