import type { EventEnvelope, NewEvent } from '../event-envelope';
import type { ManagedPolicyEvent } from './managed-policy.events';
import type { PrincipalPolicyEvent } from './principal-policy.events';

/** Every policy event as a decider raises it (type, schema version, payload). */
export type PolicyDomainEvent = ManagedPolicyEvent | PrincipalPolicyEvent;

type Enveloped<E> = E extends NewEvent<infer TType, infer TPayload> ? EventEnvelope<TType, TPayload> : never;

/** Every policy event as consumers receive it from `iam.policy.v1`. */
export type PolicyEvent = Enveloped<PolicyDomainEvent>;
