import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, AuthenticationOnly, CallerContext, RequestedBy, type Requester } from '@iam/auth';
import type { RequestContext } from '@iam/policy-engine';
import { RecordedAs } from '@iam/platform';
import { checkAuthorizeBatch, checkAuthorizeItem } from './decision-input';
import { Authorize } from './authorize';
import { AuthorizeBatch } from './authorize-batch';
import { AuthorizeSignedRequest } from './authorize-signed-request';
import { AUTHORIZE_ACTION } from './decision.service';
import { simulationSchema, validatePolicySchema } from './decisions.api-schema';
import {
  AuthorizeBatchDto,
  AuthorizeDto,
  AuthorizeForwardedDto,
  SimulateCustomPolicyDto,
  SimulatePrincipalPolicyDto,
  ValidatePolicyDto,
} from './decisions.dto';
import { SimulateCustomPolicy } from './simulate-custom-policy';
import { SimulatePrincipalPolicy } from './simulate-principal-policy';
import { ValidatePolicy } from './validate-policy';

/** Decision API calls are recorded under their own source, and summarised when every decision is Allow. */
const DECISION_API = { eventSource: 'authorization.iam.local' } as const;

const decisionSchema = {
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['Allow', 'ExplicitDeny', 'ImplicitDeny'] },
    decidedBy: { type: 'string', enum: ['identity', 'resource', 'boundary', 'session', 'root'] },
    matchedStatements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          policyId: { type: 'string' },
          policyType: { type: 'string' },
          effect: { type: 'string', enum: ['Allow', 'Deny'] },
          sid: { type: 'string' },
          index: { type: 'integer' },
        },
      },
    },
    missingContextKeys: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string' },
    reason: {
      type: 'string',
      description: 'Why the principal could not be evaluated (unknown principal, …)',
    },
  },
};

/** The principal ARN a single authorize asks about: the resource of its iam:Authorize. */
const principalAsked = ({ body }: { body: Record<string, unknown> }) =>
  typeof body.principalArn === 'string' ? body.principalArn : '*';

/**
 * The decision API for the platforms that call us: decisions (single and
 * batch), authentication and authorization of forwarded signed requests,
 * policy simulation and validation.
 */
@ApiTags('decisions')
@Controller('v1')
export class DecisionsController {
  constructor(private readonly queries: QueryBus) {}

  @Post('authorize')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Authorize: Allow / ExplicitDeny / ImplicitDeny for a principal, action, resource and context',
    description:
      'Needs iam:Authorize on the principal ARN asked about, which must be of the caller’s account. An unknown principal is not an error: it is ImplicitDeny with a reason (fail closed).',
  })
  @ApiOkResponse({ schema: decisionSchema })
  @ApiBody({ type: AuthorizeDto })
  @Action(AUTHORIZE_ACTION, principalAsked)
  @RecordedAs('Authorize', DECISION_API)
  // Checked by hand with the DTO's rules: class-transformer and class-validator cost more than the decision.
  authorize(@RequestedBy() requester: Requester, @Body() body: unknown) {
    return this.queries.execute(new Authorize(requester, checkAuthorizeItem(body, '')));
  }

  @Post('authorize/batch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'AuthorizeBatch',
    summary: 'Authorize up to 1,000 requests in one call; answers in order',
    description:
      'Each answer is `{ decision, decidedBy }` (with `reason` for a principal that cannot be evaluated); `explain: true` adds matchedStatements, missingContextKeys and summary as the single form answers. Needs iam:Authorize on each principal ARN named: an item whose principal the caller may not ask about is answered `{ error: { code: "AccessDenied", message } }`, the others are decided. A malformed item fails the whole call with 400 naming it (`requests[i].field`).',
  })
  @ApiBody({ type: AuthorizeBatchDto })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          items: {
            oneOf: [
              decisionSchema,
              {
                type: 'object',
                properties: {
                  error: {
                    type: 'object',
                    properties: { code: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            ],
          },
        },
      },
    },
  })
  // Authorized in the decision engine, once per distinct principal ARN of the batch.
  @AuthenticationOnly()
  @RecordedAs('AuthorizeBatch', DECISION_API)
  async authorizeBatch(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Body() body: unknown,
  ) {
    const results = await this.queries.execute(
      new AuthorizeBatch(requester, checkAuthorizeBatch(body), context),
    );
    return { results };
  }

  @Post('authorize-request')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'AuthorizeRequest',
    summary: 'Authenticate a SigV4-signed request a platform received, and authorize it',
    description:
      'Verifies the forwarded request’s signature (credential scope: the region of this service and the service named in `service`, else the one in the scope), then decides `action` on `resource` for the signer. A request that fails authentication is answered 200 with `authenticated: false` and the AWS error code (SignatureDoesNotMatch, InvalidClientTokenId, RequestExpired, IncompleteSignature, MissingAuthenticationToken): the platform’s request failed, not this call. Needs iam:Authorize on the authenticated principal’s ARN. Only keys of the caller’s account are known here: a request signed with another account’s key is answered exactly as one signed with a key that does not exist (`authenticated: false`, InvalidClientTokenId), whether its signature is valid or not.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        authenticated: { type: 'boolean' },
        principal: {
          type: 'object',
          properties: {
            arn: { type: 'string' },
            accountId: { type: 'string' },
            userId: { type: 'string' },
            type: { type: 'string', enum: ['root', 'user', 'assumed-role'] },
          },
        },
        error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        ...decisionSchema.properties,
      },
    },
  })
  // Authorized in the decision engine, on the principal the signature names.
  @AuthenticationOnly()
  @RecordedAs('AuthorizeRequest', DECISION_API)
  authorizeRequest(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Body() body: AuthorizeForwardedDto,
  ) {
    return this.queries.execute(new AuthorizeSignedRequest(requester, body, context));
  }

  @Post('simulate-principal-policy')
  @HttpCode(200)
  @ApiOkResponse({ schema: simulationSchema })
  @ApiOperation({
    summary: 'SimulatePrincipalPolicy: the policies of a user, group or role against actions and resources',
  })
  @Action('iam:SimulatePrincipalPolicy', ({ body }) =>
    typeof body.policySourceArn === 'string' ? body.policySourceArn : '*',
  )
  simulatePrincipalPolicy(@RequestedBy() requester: Requester, @Body() body: SimulatePrincipalPolicyDto) {
    return this.queries.execute(new SimulatePrincipalPolicy(requester, body));
  }

  @Post('simulate-custom-policy')
  @HttpCode(200)
  @ApiOkResponse({ schema: simulationSchema })
  @ApiOperation({ summary: 'SimulateCustomPolicy: policies given as text against actions and resources' })
  @Action('iam:SimulateCustomPolicy', () => '*')
  simulateCustomPolicy(@RequestedBy() requester: Requester, @Body() body: SimulateCustomPolicyDto) {
    return this.queries.execute(new SimulateCustomPolicy(requester, body));
  }

  @Post('validate-policy')
  @HttpCode(200)
  @ApiOkResponse({ schema: validatePolicySchema })
  @ApiOperation({
    summary:
      'ValidatePolicy (as IAM Access Analyzer): ERROR, SECURITY_WARNING, WARNING and SUGGESTION findings',
  })
  @Action('access-analyzer:ValidatePolicy', () => '*')
  async validatePolicy(@RequestedBy() requester: Requester, @Body() body: ValidatePolicyDto) {
    return {
      findings: await this.queries.execute(
        new ValidatePolicy(requester, body.policyDocument, body.policyType),
      ),
    };
  }
}
