import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IamError, requireLength, validationError } from '@iam/contracts';
import type { RequestContext, RequestPrincipal } from '@iam/policy-engine';
import { SERVICE_CONFIG, TTL_STORE, type ServiceEnvironment } from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import { RoleTrust } from '../assume-role/role-trust';
import { roleSessionDuration } from '../assume-role/assume-role';
import { issueFederatedRoleSession } from '../issuance/federated-role-session';
import { SessionIssuer } from '../issuance/session-issuer';
import { RolesQueries } from '../roles/roles.queries';
import type { CredentialsView } from '../shared/issued-response';
import { packedPolicySize, validateSessionPolicy } from '../shared/session-policies';
import { parseRoleArn } from '../shared/sts-arns';
import { requirePolicyArns } from '../shared/sts-inputs';
import { requireRoleGranted, samlConditionKeys, sessionClaims, subjectType } from './saml-claims';
import { SAML_CLOCK_SKEW_MS, SamlResponseVerifier, invalidToken } from './saml-response-verifier';
import { StsSamlProvidersQueries } from './saml-providers.queries';
import { federationConditionKeys } from '../shared/federation-keys';

export interface AssumeRoleWithSamlInput {
  roleArn: string;
  /** The SAML provider's ARN. */
  principalArn: string;
  /** The base64 SAML Response, as the IdP posted it. */
  samlAssertion: string;
  policy?: string;
  policyArns?: { arn: string }[];
  durationSeconds?: number;
}

export interface AssumeRoleWithSamlResult {
  credentials: CredentialsView;
  assumedRoleUser: { arn: string; assumedRoleId: string };
  audience: string;
  issuer: string;
  nameQualifier: string;
  subject: string;
  subjectType: string;
  packedPolicySize?: number;
  sourceIdentity?: string;
}

/** Where the unauthenticated request came from (there is no caller before it). */
export interface SamlRequestOrigin {
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

export class AssumeRoleWithSAML extends Command<AssumeRoleWithSamlResult> {
  constructor(
    readonly origin: SamlRequestOrigin,
    readonly input: AssumeRoleWithSamlInput,
  ) {
    super();
  }
}

/** Replay markers live in the TTL store under this prefix (plus the deployment's schema prefix). */
export const SAML_REPLAY_KEY_PREFIX = 'saml-assertion:';

const PROVIDER_ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w._-]{1,128})$/;

/**
 * Temporary credentials of a role for a user of a SAML identity provider
 * (unauthenticated: the signed assertion is the credential). The response
 * is verified against the provider's certificates (SamlResponseVerifier),
 * its Role attribute must grant this role through this provider, the
 * role's trust policy must allow `sts:AssumeRoleWithSAML` to the provider
 * (`Principal: {Federated: <provider ARN>}`) under the `saml:` keys, and
 * each assertion is used once until it expires. The session is an
 * ordinary role session (policies ∩ session policies, expiry, revocation).
 */
@CommandHandler(AssumeRoleWithSAML)
export class AssumeRoleWithSAMLHandler implements ICommandHandler<AssumeRoleWithSAML> {
  constructor(
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    @Inject(StsSamlProvidersQueries) private readonly providers: StsSamlProvidersQueries,
    private readonly verifier: SamlResponseVerifier,
    private readonly trust: RoleTrust,
    private readonly issuer: SessionIssuer,
    @Inject(TTL_STORE) private readonly ttl: TtlStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
  ) {}

  async execute({ origin, input }: AssumeRoleWithSAML): Promise<AssumeRoleWithSamlResult> {
    const target = parseRoleArn(input.roleArn);
    const providerParts = parseProviderArn(input.principalArn);
    requireLength('samlAssertion', input.samlAssertion, 4, 100_000);
    const policyArns = (input.policyArns ?? []).map((p) => p.arn);
    requirePolicyArns(policyArns);
    if (input.policy !== undefined) validateSessionPolicy(input.policy);

    const provider = await this.providers.byArn(input.principalArn);
    if (!provider) throw invalidToken(`The SAML provider ${input.principalArn} does not exist.`);
    const now = Date.now();
    if (provider.validUntil !== undefined && Date.parse(provider.validUntil) <= now)
      throw invalidToken(`The metadata of ${input.principalArn} is no longer valid (validUntil has passed).`);

    const assertion = await this.verifier.verify(input.samlAssertion, provider, now);
    requireRoleGranted(assertion, input.roleArn, provider.arn);
    const claims = sessionClaims(assertion);

    const principal: RequestPrincipal = { type: 'SAML', arn: provider.arn, accountId: provider.accountId };
    const role = await this.roles.byName(target.accountId, target.roleName);
    // A role that does not exist (or not at that ARN) is answered as one that does not trust the provider.
    const refused = new IamError(
      'AccessDenied',
      `User: ${provider.arn} is not authorized to perform: sts:AssumeRoleWithSAML on resource: ${input.roleArn}`,
    );
    if (!role || role.arn !== input.roleArn) throw refused;

    const tagKeys = Object.keys(claims.tags);
    const samlKeys = samlConditionKeys(assertion, {
      accountId: provider.accountId,
      name: providerParts.name,
    });
    const context: RequestContext = {
      'aws:SourceIp': origin.sourceIp,
      'aws:UserAgent': origin.userAgent,
      'aws:CurrentTime': new Date(now).toISOString(),
      'aws:EpochTime': Math.floor(now / 1000),
      'aws:FederatedProvider': provider.arn,
      ...samlKeys,
      'sts:RoleSessionName': claims.roleSessionName,
      ...(claims.sourceIdentity !== undefined ? { 'sts:SourceIdentity': claims.sourceIdentity } : {}),
      ...(tagKeys.length > 0 ? { 'aws:TagKeys': tagKeys } : {}),
      ...Object.fromEntries(tagKeys.map((key) => [`aws:RequestTag/${key}`, claims.tags[key]])),
      ...(claims.transitiveTagKeys.length > 0 ? { 'sts:TransitiveTagKeys': claims.transitiveTagKeys } : {}),
    };
    const require = (action: string) => {
      if (!this.trust.allowsFederated(principal, action, role, context)) throw refused;
    };
    require('sts:AssumeRoleWithSAML');
    if (tagKeys.length > 0) require('sts:TagSession');
    if (claims.sourceIdentity !== undefined) require('sts:SetSourceIdentity');

    const durationSeconds = samlSessionDuration(
      input.durationSeconds,
      claims.sessionDuration,
      role.maxSessionDuration,
      assertion.sessionNotOnOrAfter,
      now,
    );
    const packed = packedPolicySize({ policy: input.policy, policyArns, tags: claims.tags });
    await this.claimOnce(provider.arn, assertion.assertionId, assertion.notOnOrAfter, now, origin.requestId);

    const issued = await issueFederatedRoleSession(this.issuer, {
      role,
      sessionName: claims.roleSessionName,
      ...(input.policy !== undefined ? { policy: input.policy } : {}),
      policyArns,
      tags: claims.tags,
      transitiveTagKeys: claims.transitiveTagKeys,
      ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
      federation: {
        provider: provider.arn,
        subject: assertion.subject,
        conditionKeys: federationConditionKeys(samlKeys),
      },
      now,
      durationSeconds,
      packedPolicySize: packed,
      origin,
      operation: 'AssumeRoleWithSAML',
    });
    return {
      ...issued,
      audience: assertion.recipient,
      issuer: assertion.issuer,
      nameQualifier: String(context['saml:namequalifier']),
      subject: assertion.subject,
      subjectType: subjectType(assertion.subjectFormat),
      ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
    };
  }

  /**
   * One use per assertion (per provider) until it expires, in the TTL store
   * every replica shares: a second request with it is refused.
   */
  private async claimOnce(
    providerArn: string,
    assertionId: string,
    notOnOrAfter: number,
    now: number,
    requestId: string,
  ): Promise<void> {
    const digest = createHash('sha256').update(`${providerArn}\n${assertionId}`).digest('base64url');
    const ttlSeconds = Math.max(1, Math.ceil((notOnOrAfter + SAML_CLOCK_SKEW_MS - now) / 1000));
    const first = await this.ttl.setIfAbsent(
      `${this.config.IAM_SCHEMA_PREFIX}${SAML_REPLAY_KEY_PREFIX}${digest}`,
      requestId,
      ttlSeconds,
    );
    if (!first) throw invalidToken('This SAML assertion has already been used.');
  }
}

function parseProviderArn(arn: string): { accountId: string; name: string } {
  requireLength('principalArn', arn, 20, 2048);
  const match = PROVIDER_ARN.exec(arn);
  if (!match)
    throw validationError(
      'principalArn',
      arn,
      'Member must be the ARN of a SAML provider (arn:aws:iam::<account>:saml-provider/<name>)',
    );
  return { accountId: match[1], name: match[2] };
}

/**
 * DurationSeconds (900 up to the role's maximum, as AssumeRole) and the
 * SessionDuration attribute: the shorter of the two when both are given,
 * the attribute capped at the role's maximum, one hour when neither; never
 * past the IdP's SessionNotOnOrAfter.
 */
export function samlSessionDuration(
  requested: number | undefined,
  attribute: number | undefined,
  roleMax: number,
  sessionNotOnOrAfter: number | undefined,
  now: number,
): number {
  const fromRequest = requested !== undefined ? roleSessionDuration(requested, roleMax, false) : undefined;
  const fromAttribute = attribute !== undefined ? Math.min(attribute, roleMax) : undefined;
  let seconds = Math.min(fromRequest ?? Infinity, fromAttribute ?? Infinity);
  if (!Number.isFinite(seconds)) seconds = Math.min(3600, roleMax);
  if (sessionNotOnOrAfter !== undefined) {
    const left = Math.floor((sessionNotOnOrAfter - now) / 1000);
    if (left < 900) throw new IamError('ExpiredTokenException', 'The identity provider session has ended.');
    seconds = Math.min(seconds, left);
  }
  return seconds;
}
