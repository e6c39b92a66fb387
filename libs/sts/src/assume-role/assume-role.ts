import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal, Requester, SessionFacts } from '@iam/auth';
import { IamError, type TagV1 } from '@iam/contracts';
import type { ContextValue, RequestContext } from '@iam/policy-engine';
import { IssuanceMfa } from '../issuance/issuance-mfa';
import { SessionIssuer } from '../issuance/session-issuer';
import { CachedRoles } from '../roles/cached-roles';
import { credentialsView, type CredentialsView } from '../shared/issued-response';
import { requestOrigin } from '../shared/request-origin';
import { packedPolicySize, validateSessionPolicy } from '../shared/session-policies';
import { parseRoleArn, StsArns } from '../shared/sts-arns';
import {
  requireExternalId,
  requireMfaInput,
  requirePolicyArns,
  requireSessionName,
  requireSourceIdentity,
  requireTransitiveKeys,
  sessionDuration,
  sessionTags,
} from '../shared/sts-inputs';
import { notAuthorized, RoleTrust } from './role-trust';

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  externalId?: string;
  policy?: string;
  policyArns?: { arn: string }[];
  tags?: TagV1[];
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  serialNumber?: string;
  tokenCode?: string;
}

export interface AssumeRoleResult {
  credentials: CredentialsView;
  assumedRoleUser: { arn: string; assumedRoleId: string };
  packedPolicySize?: number;
  sourceIdentity?: string;
}

export class AssumeRole extends Command<AssumeRoleResult> {
  constructor(
    readonly requester: Requester,
    readonly input: AssumeRoleInput,
    /** The request's condition keys as the guard built them (aws:SourceIp, aws:RequestTag/…, session keys). */
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Role chaining (a role session assuming a role) is capped at one hour, as in AWS. */
const CHAINED_MAX_SECONDS = 3600;

/**
 * Temporary credentials of a role, for a caller its trust policy allows
 * (and, from another account, the caller's own policies too). A role
 * session assuming a role is role chaining: at most one hour, and the
 * caller's transitive tags and source identity carry into the new session
 * and cannot be changed there.
 */
@CommandHandler(AssumeRole)
export class AssumeRoleHandler implements ICommandHandler<AssumeRole> {
  constructor(
    private readonly roles: CachedRoles,
    private readonly trust: RoleTrust,
    private readonly issuer: SessionIssuer,
    private readonly mfa: IssuanceMfa,
  ) {}

  async execute({ requester, input, context }: AssumeRole): Promise<AssumeRoleResult> {
    const { caller } = requester;
    const target = parseRoleArn(input.roleArn);
    requireSessionName(input.roleSessionName);
    if (input.externalId !== undefined) requireExternalId(input.externalId);
    if (input.sourceIdentity !== undefined) requireSourceIdentity(input.sourceIdentity);
    requireMfaInput(input.serialNumber, input.tokenCode);
    const policyArns = (input.policyArns ?? []).map((p) => p.arn);
    requirePolicyArns(policyArns);
    const requestedTags = sessionTags(input.tags ?? []);
    const requestedTransitive = requireTransitiveKeys(input.transitiveTagKeys ?? [], requestedTags);
    if (input.policy !== undefined) validateSessionPolicy(input.policy);

    refuseCallersThatCannotAssume(caller);
    const chained = caller.type === 'assumed-role';
    const inherited = inheritedFromCaller(caller, requestedTags, input.sourceIdentity);
    const tags = { ...inherited.tags, ...requestedTags };
    const transitiveTagKeys = [...new Set([...inherited.transitiveTagKeys, ...requestedTransitive])];
    const sourceIdentity = inherited.sourceIdentity ?? input.sourceIdentity;

    const now = Date.now();
    const mfa =
      input.serialNumber !== undefined && input.tokenCode !== undefined
        ? await this.mfa.verify(requester, input.serialNumber, input.tokenCode)
        : undefined;
    const mfaAuthenticated = mfa !== undefined || caller.mfaAuthenticated;
    const mfaAuthenticatedAt =
      mfa?.authenticatedAt ?? (caller.mfaAuthenticated ? caller.session?.mfaAuthenticatedAt : undefined);

    const role = await this.roles.byName(target.accountId, target.roleName);
    // A role that does not exist (or not at that ARN) is answered as one that does not trust the caller.
    if (!role || role.arn !== input.roleArn) throw notAuthorized(caller, 'sts:AssumeRole', input.roleArn);

    const durationSeconds = roleSessionDuration(input.durationSeconds, role.maxSessionDuration, chained);

    const trustContext = withStsKeys(context, {
      'sts:RoleSessionName': input.roleSessionName,
      ...(input.externalId !== undefined ? { 'sts:ExternalId': input.externalId } : {}),
      ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity } : {}),
      ...(mfa
        ? {
            'aws:MultiFactorAuthPresent': true,
            'aws:MultiFactorAuthAge': Math.max(0, Math.floor((now - Date.parse(mfa.authenticatedAt)) / 1000)),
          }
        : {}),
    });
    this.trust.require(caller, 'sts:AssumeRole', role, trustContext);
    if (Object.keys(tags).length > 0) this.trust.require(caller, 'sts:TagSession', role, trustContext);
    if (sourceIdentity !== undefined) this.trust.require(caller, 'sts:SetSourceIdentity', role, trustContext);

    const passedPolicies =
      input.policy !== undefined || policyArns.length > 0 || Object.keys(tags).length > 0;
    // Nothing passed packs to nothing: no compression to run (PackedPolicyTooLarge cannot happen).
    const packed = passedPolicies ? packedPolicySize({ policy: input.policy, policyArns, tags }) : 0;
    const arn = StsArns.assumedRole(role.accountId, role.roleName, input.roleSessionName);
    const assumedRoleId = `${role.roleId}:${input.roleSessionName}`;
    const facts: SessionFacts = {
      kind: 'assumed-role',
      principal: { type: 'assumed-role', accountId: role.accountId, arn, userId: assumedRoleId },
      role: {
        roleId: role.roleId,
        arn: role.arn,
        roleName: role.roleName,
        sessionName: input.roleSessionName,
      },
      ...issuedToOf(caller),
      ...(input.policy !== undefined ? { sessionPolicy: input.policy } : {}),
      sessionPolicyArns: policyArns,
      tags,
      transitiveTagKeys,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      mfaAuthenticated,
      ...(mfaAuthenticated && mfaAuthenticatedAt ? { mfaAuthenticatedAt } : {}),
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + durationSeconds * 1000).toISOString(),
      chained,
    };
    const { credentials } = await this.issuer.issue(facts, requestOrigin(requester, context), 'AssumeRole');
    return {
      credentials: credentialsView(credentials),
      assumedRoleUser: { arn, assumedRoleId },
      ...(passedPolicies ? { packedPolicySize: packed } : {}),
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    };
  }
}

/**
 * AWS: roles may not be assumed with the root user's credentials, nor with
 * a federated user's (those may call no STS operation but
 * GetCallerIdentity).
 */
function refuseCallersThatCannotAssume(caller: Principal): void {
  if (caller.type === 'root')
    throw new IamError('AccessDenied', 'Roles may not be assumed by root accounts.');
  if (caller.type === 'federated-user')
    throw new IamError('AccessDenied', 'Cannot call AssumeRole with credentials from GetFederationToken.');
}

/** DurationSeconds: 900 up to the role's maximum, or one hour when chained (AWS's words when over). */
export function roleSessionDuration(
  requested: number | undefined,
  roleMax: number,
  chained: boolean,
): number {
  if (requested !== undefined && Number.isInteger(requested) && requested >= 900 && requested <= 43_200) {
    if (chained && requested > CHAINED_MAX_SECONDS)
      throw new IamError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    if (requested > roleMax)
      throw new IamError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
  }
  return sessionDuration(requested, { min: 900, max: 43_200, default: 3600 });
}

/**
 * What a role session passes on to the session it assumes: its transitive
 * tags (a request may not pass a tag of the same key) and its source
 * identity (a request may not change it).
 */
function inheritedFromCaller(
  caller: Principal,
  requestedTags: Record<string, string>,
  requestedSourceIdentity: string | undefined,
): { tags: Record<string, string>; transitiveTagKeys: string[]; sourceIdentity?: string } {
  const session = caller.type === 'assumed-role' ? caller.session : undefined;
  if (!session) return { tags: {}, transitiveTagKeys: [] };
  const tags: Record<string, string> = {};
  for (const key of session.transitiveTagKeys) if (key in session.tags) tags[key] = session.tags[key];
  const requested = new Set(Object.keys(requestedTags).map((key) => key.toLowerCase()));
  for (const key of Object.keys(tags)) {
    if (requested.has(key.toLowerCase()))
      throw new IamError(
        'ValidationError',
        `The session tag ${key} is a transitive tag of the calling session and cannot be set again in a chained session.`,
      );
  }
  const sourceIdentity = session.sourceIdentity;
  if (
    sourceIdentity !== undefined &&
    requestedSourceIdentity !== undefined &&
    requestedSourceIdentity !== sourceIdentity
  )
    throw new IamError(
      'ValidationError',
      `The source identity of a chained session cannot be changed: it is ${sourceIdentity}.`,
    );
  return {
    tags,
    transitiveTagKeys: Object.keys(tags),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}

/**
 * Whose credentials the new session descends from: its deletion (the user,
 * its key) or revocation (a parent session, for a chained one) ends it.
 */
export function issuedToOf(caller: Principal): Pick<SessionFacts, 'issuedTo'> {
  if (caller.type === 'user' || caller.type === 'root')
    return { issuedTo: { userId: caller.userId, accessKeyId: caller.accessKeyId } };
  const userId = caller.session?.issuedToUserId;
  return userId !== undefined ? { issuedTo: { userId, accessKeyId: caller.accessKeyId } } : {};
}

function withStsKeys(context: RequestContext, keys: Record<string, ContextValue>): RequestContext {
  return { ...context, ...keys };
}
