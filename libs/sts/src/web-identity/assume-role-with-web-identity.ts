import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IamError, requireLength, validationError } from '@iam/contracts';
import type { ContextValue, RequestContext } from '@iam/policy-engine';
import { roleSessionDuration } from '../assume-role/assume-role';
import { RoleTrust } from '../assume-role/role-trust';
import { issueFederatedRoleSession } from '../issuance/federated-role-session';
import { SessionIssuer } from '../issuance/session-issuer';
import { RolesQueries } from '../roles/roles.queries';
import type { CredentialsView } from '../shared/issued-response';
import { packedPolicySize, validateSessionPolicy } from '../shared/session-policies';
import { parseRoleArn } from '../shared/sts-arns';
import { requirePolicyArns, requireSessionName } from '../shared/sts-inputs';
import { StsOidcProvidersQueries } from './oidc-providers.queries';
import { sessionTagsClaim } from './session-tags-claim';
import { invalidToken, unverifiedIssuer, WebIdentityTokenVerifier } from './web-identity-token';
import { federationConditionKeys } from '../shared/federation-keys';

export interface AssumeRoleWithWebIdentityInput {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  /** Only for OAuth 2.0 access tokens of a few social providers in AWS; OIDC ID tokens ignore it. */
  providerId?: string;
  policy?: string;
  policyArns?: { arn: string }[];
  durationSeconds?: number;
}

export interface AssumeRoleWithWebIdentityResult {
  credentials: CredentialsView;
  assumedRoleUser: { arn: string; assumedRoleId: string };
  subjectFromWebIdentityToken: string;
  /** The client id the token was issued to. */
  audience: string;
  /** The token's `iss`. */
  provider: string;
  packedPolicySize?: number;
}

/** Where an unauthenticated request came from: the event's correlation and the audit trail's "from where". */
export interface WebIdentityOrigin {
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

/**
 * Unauthenticated: the token is the credential. Carries no Requester; the
 * request's global condition keys (aws:SourceIp, aws:CurrentTime…) come in
 * as `context`.
 */
export class AssumeRoleWithWebIdentity extends Command<AssumeRoleWithWebIdentityResult> {
  constructor(
    readonly origin: WebIdentityOrigin,
    readonly input: AssumeRoleWithWebIdentityInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const notAuthorized = () => new IamError('AccessDenied', `Not authorized to perform ${ACTION}`);

/**
 * Temporary credentials of a role for the holder of an OIDC token: the
 * token is verified for the provider its `iss` names in the role's account
 * (WebIdentityTokenVerifier), then the role's trust policy must allow that
 * provider (`Principal: {Federated: ARN}`) with the token's claims as
 * condition keys (`<host[:port]/path>:aud`, `:sub`, `:amr`, `:oaud`,
 * `:email`, `aws:FederatedProvider`, `sts:RoleSessionName`). The session
 * is a role session like any other, which names the provider and subject.
 */
@CommandHandler(AssumeRoleWithWebIdentity)
export class AssumeRoleWithWebIdentityHandler implements ICommandHandler<AssumeRoleWithWebIdentity> {
  constructor(
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    @Inject(StsOidcProvidersQueries) private readonly providers: StsOidcProvidersQueries,
    private readonly verifier: WebIdentityTokenVerifier,
    private readonly trust: RoleTrust,
    private readonly issuer: SessionIssuer,
  ) {}

  async execute({
    origin,
    input,
    context,
  }: AssumeRoleWithWebIdentity): Promise<AssumeRoleWithWebIdentityResult> {
    const target = parseRoleArn(input.roleArn);
    requireSessionName(input.roleSessionName);
    requireLength('webIdentityToken', input.webIdentityToken, 4, 20_000);
    if (input.providerId !== undefined) requireLength('providerId', input.providerId, 4, 2048);
    const policyArns = (input.policyArns ?? []).map((p) => p.arn);
    requirePolicyArns(policyArns);
    if (input.policy !== undefined) validateSessionPolicy(input.policy);
    if (
      input.durationSeconds !== undefined &&
      (!Number.isInteger(input.durationSeconds) ||
        input.durationSeconds < 900 ||
        input.durationSeconds > 43_200)
    )
      throw validationError(
        'durationSeconds',
        input.durationSeconds,
        'Member must have value between 900 and 43200',
      );

    // The provider must be registered in the role's account, as in AWS.
    const issuerUrl = unverifiedIssuer(input.webIdentityToken);
    const provider = await this.providers.byIssuer(target.accountId, issuerUrl);
    if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuerUrl}`);
    const now = new Date();
    const identity = await this.verifier.verify(input.webIdentityToken, provider, now);
    const tagsClaim = sessionTagsClaim(identity.claims);

    const role = await this.roles.byName(target.accountId, target.roleName);
    if (!role || role.arn !== input.roleArn) throw notAuthorized();
    const durationSeconds = roleSessionDuration(input.durationSeconds, role.maxSessionDuration, false);

    const prefix = provider.arn.slice(provider.arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
    const claimKeys: Record<string, ContextValue> = {
      [`${prefix}:aud`]: identity.audience,
      [`${prefix}:sub`]: identity.subject,
    };
    if (identity.otherAudiences.length > 0) claimKeys[`${prefix}:oaud`] = identity.otherAudiences;
    const amr = identity.claims.amr;
    if (typeof amr === 'string' || (Array.isArray(amr) && amr.every((v) => typeof v === 'string')))
      claimKeys[`${prefix}:amr`] = amr as string | string[];
    if (typeof identity.claims.email === 'string') claimKeys[`${prefix}:email`] = identity.claims.email;
    const requestTags: Record<string, ContextValue> = {};
    for (const [key, value] of Object.entries(tagsClaim.tags)) requestTags[`aws:RequestTag/${key}`] = value;
    const trustContext: RequestContext = {
      ...context,
      ...claimKeys,
      ...requestTags,
      ...(Object.keys(tagsClaim.tags).length > 0 ? { 'aws:TagKeys': Object.keys(tagsClaim.tags) } : {}),
      'aws:FederatedProvider': provider.arn,
      'sts:RoleSessionName': input.roleSessionName,
    };
    const federated = { type: 'WebIdentity' as const, arn: provider.arn, accountId: role.accountId };
    if (!this.trust.allowsFederated(federated, ACTION, role, trustContext)) throw notAuthorized();
    if (
      Object.keys(tagsClaim.tags).length > 0 &&
      !this.trust.allowsFederated(federated, 'sts:TagSession', role, trustContext)
    )
      throw notAuthorized();

    const issued = await issueFederatedRoleSession(this.issuer, {
      role,
      sessionName: input.roleSessionName,
      ...(input.policy !== undefined ? { policy: input.policy } : {}),
      policyArns,
      tags: tagsClaim.tags,
      transitiveTagKeys: tagsClaim.transitiveTagKeys,
      federation: {
        provider: provider.arn,
        subject: identity.subject,
        conditionKeys: federationConditionKeys(claimKeys),
      },
      now: now.getTime(),
      durationSeconds,
      packedPolicySize: packedPolicySize({ policy: input.policy, policyArns, tags: tagsClaim.tags }),
      origin,
      operation: 'AssumeRoleWithWebIdentity',
    });
    return {
      credentials: issued.credentials,
      assumedRoleUser: issued.assumedRoleUser,
      subjectFromWebIdentityToken: identity.subject,
      audience: identity.audience,
      provider: typeof identity.claims.iss === 'string' ? identity.claims.iss : provider.url,
      ...(issued.packedPolicySize !== undefined ? { packedPolicySize: issued.packedPolicySize } : {}),
    };
  }
}
