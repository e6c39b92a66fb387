import { SetMetadata } from '@nestjs/common';
import type { AccessEventSource, AccessUserIdentity } from '@iam/contracts';
import type { AppendedEventIds } from '@iam/event-store';

/**
 * What a door learns about a call, for its access record: the guard (JSON
 * routes) and the AWS Query door set it on the request; the capture hook
 * (access-capture.ts) reads it when the answer goes out. A request without
 * it (an unknown route, a body refused before any route ran) is named by
 * the capture as best known (unrouted-calls.ts); health, metrics and docs
 * are not API calls and have no record.
 */
export interface AccessNotes {
  eventName: string;
  eventSource: AccessEventSource;
  /** AwsConsoleSignIn for the password sign-in; AwsApiCall otherwise. */
  consoleSignIn?: boolean;
  /** Who an unauthenticated caller is taken for (web identity, SAML). */
  unauthenticatedIdentity?: AccessUserIdentity['type'];
  /** The input as the route saw it (the Query door's mapped members); else the JSON request's. */
  parameters?: Record<string, unknown>;
  /** The route's answer before a door rendered it (the Query door's XML is not read back). */
  response?: unknown;
  /** The resource the call acted on, once the route's declaration named it. */
  resource?: string;
  /** This process passed the call on (the Query door's forwarding): the service answering it records it. */
  forwarded?: boolean;
}

/** The caller as authentication established it (structurally @iam/auth's Principal). */
export interface RecordedCaller {
  type: 'root' | 'user' | 'assumed-role' | 'federated-user';
  accountId: string;
  arn: string;
  userId: string;
  userName?: string;
  accessKeyId: string;
  mfaAuthenticated: boolean;
  session?: {
    roleId?: string;
    roleArn?: string;
    roleName?: string;
    issuedToUserId?: string;
    sourceIdentity?: string;
    issuedAt: string;
  };
}

/** The request fields the record is built from. */
export interface RecordedRequest {
  access?: AccessNotes;
  principal?: RecordedCaller;
  /** The error the exception filter answered (code and message), if any. */
  accessError?: { code: string; message: string };
  /** The ids of the events the call's committed transactions appended (the capture opens it). */
  appendedEvents?: AppendedEventIds;
}

export const RECORDED_AS = 'iam:recorded-as';

export interface RecordedAsOptions {
  eventSource?: AccessEventSource;
  consoleSignIn?: boolean;
  unauthenticatedIdentity?: AccessUserIdentity['type'];
}

/**
 * Names a route's calls in their access records where its @Action does not
 * (public routes, authentication-only routes, the decision API): AWS's
 * action name, and where it is not the signing service's, the event source.
 */
export const RecordedAs = (eventName: string, options: RecordedAsOptions = {}) =>
  SetMetadata(RECORDED_AS, { eventName, ...options });

/** The event source of a signing service or action prefix (`iam`, `sts`). */
export function eventSourceOf(service: string): AccessEventSource {
  return service === 'sts' ? 'sts.amazonaws.com' : 'iam.amazonaws.com';
}
