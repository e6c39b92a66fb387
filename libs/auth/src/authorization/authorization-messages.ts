import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import type { DenialEncoder } from '@iam/platform';
import type { ContextValue, Explanation, RequestContext } from '@iam/policy-engine';
import type { AuthenticatedRequest } from '../guard/caller.decorator';
import type { Principal } from '../principal';
import type { SecretBox } from '../secret-box';

/**
 * The decoded form of an encoded authorization message, in the shape AWS's
 * DecodeAuthorizationMessage answers (allowed, explicitDeny,
 * matchedStatements, failures, context with principal, action, resource and
 * the request's condition keys), plus what our engine says besides: which
 * policy type decided, the context keys conditions asked for and did not
 * get, and a sentence.
 */
export interface AuthorizationMessage {
  allowed: false;
  explicitDeny: boolean;
  /** `ExplicitDeny` or `ImplicitDeny`; absent for a denial a service decided without the engine. */
  decision?: string;
  /** The policy type holding the deny, or whose missing allow denied (`identity`, `boundary`, `session`, `resource`). */
  decidedBy?: string;
  summary: string;
  matchedStatements: { items: MatchedStatementItem[] };
  failures: { items: { message: string }[] };
  missingContextKeys: string[];
  context: {
    principal: { id: string; name?: string; arn: string } | null;
    action: string | null;
    resource: string | null;
    conditions: { items: { key: string; values: { items: { value: string }[] } }[] };
  };
  requestId?: string;
  /** ISO-8601: after this the message no longer decodes. */
  expiresAt: string;
}

export interface MatchedStatementItem {
  policyId: string;
  policyType: string;
  effect: string;
  sid?: string;
  /** `policyId#Sid`, or `policyId#Statement[i]`. */
  label: string;
}

/** How long an encoded message can be decoded: a day, to look into a failure reported later the same day. */
export const AUTHORIZATION_MESSAGE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Binds the blobs to their purpose: a sealed password hash or seed is not a message, nor the other way round. */
const ASSOCIATED_DATA = 'authorization-message:v1';

/**
 * Seals and opens encoded authorization messages with the key ring of
 * every service (SecretBox, AES-256-GCM), so that only this product can
 * read them and nobody can forge one; compressed first (explanations
 * repeat ARNs). Expired or tampered messages do not open.
 */
export class AuthorizationMessages implements DenialEncoder {
  constructor(
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  /** The message of a denial the policy engine explained. */
  fromExplanation(
    principal: Principal,
    explanation: Explanation,
    context: RequestContext,
    requestId?: string,
  ): string {
    return this.seal({
      allowed: false,
      explicitDeny: explanation.decision === 'ExplicitDeny',
      decision: explanation.decision,
      decidedBy: explanation.decidedBy,
      summary: explanation.summary,
      matchedStatements: {
        items: explanation.matchedStatements.map((m) => ({
          policyId: m.policyId,
          policyType: m.policyType,
          effect: m.effect,
          ...(m.sid ? { sid: m.sid } : {}),
          label: m.label,
        })),
      },
      failures: { items: [] },
      missingContextKeys: [...explanation.missingContextKeys],
      context: {
        principal: principalOf(principal),
        action: explanation.action,
        resource: explanation.resource,
        conditions: conditionsOf(context),
      },
      ...(requestId ? { requestId } : {}),
      expiresAt: this.expiry(),
    });
  }

  /** The message of an AccessDenied a service decided itself (the error filter asks for it). */
  encodeDenial(request: FastifyRequest, message: string): string {
    const { principal, context, authorizedAs } = request as FastifyRequest & AuthenticatedRequest;
    return this.seal({
      allowed: false,
      explicitDeny: false,
      summary: message,
      matchedStatements: { items: [] },
      failures: { items: [{ message }] },
      missingContextKeys: [],
      context: {
        principal: principal ? principalOf(principal) : null,
        action: authorizedAs?.action ?? null,
        resource: authorizedAs?.resource ?? null,
        conditions: conditionsOf(context ?? {}),
      },
      requestId: String(request.id),
      expiresAt: this.expiry(),
    });
  }

  /** The message; InvalidAuthorizationMessageException when it was not sealed here, was altered, or has expired. */
  decode(encoded: string): AuthorizationMessage {
    let message: AuthorizationMessage;
    try {
      const compressed = Buffer.from(this.box.open(encoded, ASSOCIATED_DATA), 'base64');
      message = JSON.parse(inflateRawSync(compressed).toString('utf8')) as AuthorizationMessage;
    } catch {
      throw invalid('it was not issued by this service or has been altered');
    }
    if (!(Date.parse(message.expiresAt) > this.now())) throw invalid('it has expired');
    return message;
  }

  private seal(message: AuthorizationMessage): string {
    const compressed = deflateRawSync(Buffer.from(JSON.stringify(message), 'utf8')).toString('base64');
    return this.box.seal(compressed, ASSOCIATED_DATA);
  }

  private expiry(): string {
    return new Date(this.now() + AUTHORIZATION_MESSAGE_LIFETIME_MS).toISOString();
  }
}

function invalid(why: string): IamError {
  return new IamError(
    'InvalidAuthorizationMessageException',
    `The encoded authorization message is invalid: ${why}.`,
  );
}

function principalOf(principal: Principal): AuthorizationMessage['context']['principal'] {
  return {
    id: principal.userId,
    ...(principal.userName ? { name: principal.userName } : {}),
    arn: principal.arn,
  };
}

/** The request's condition keys as AWS lists them: each key with its values as strings. */
function conditionsOf(context: RequestContext): AuthorizationMessage['context']['conditions'] {
  const items: AuthorizationMessage['context']['conditions']['items'] = [];
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    items.push({ key, values: { items: valuesOf(value).map((v) => ({ value: String(v) })) } });
  }
  return { items };
}

function valuesOf(value: ContextValue): readonly (string | number | boolean)[] {
  return Array.isArray(value) ? value : [value as string | number | boolean];
}
