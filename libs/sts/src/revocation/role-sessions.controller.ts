import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordedAs } from '@iam/platform';
import { Action, RequestedBy, type Requester, type ResourceContext } from '@iam/auth';
import { StsArns } from '../shared/sts-arns';
import { roleSessionsRevocationSchema } from '../shared/sts.api-schema';
import { RevokeRoleSessions } from './revoke-role-sessions';

/** The role's ARN with its path, as the authorization projection knows it. */
const roleResource = ({ principal, params, arnOf }: ResourceContext) =>
  arnOf('role', String(params.roleName)) ?? StsArns.role(principal.accountId, '/', String(params.roleName));

/**
 * Revoking a role's sessions is an IAM-side request on the role (signed for
 * `iam`, under /v1/roles like the role's other routes), served by sts,
 * which owns sessions. It needs `iam:PutRolePolicy` on the role: what AWS's
 * own "revoke active sessions" needs (it puts an inline deny policy), so
 * policies written for AWS carry over.
 */
@ApiTags('sts')
@Controller('v1/roles')
export class RoleSessionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roleName/revoke-sessions')
  @HttpCode(200)
  @ApiOkResponse({ schema: roleSessionsRevocationSchema })
  @ApiOperation({
    operationId: 'RevokeRoleSessions',
    summary: 'Revoke every session of the role issued until now',
  })
  @Action('iam:PutRolePolicy', roleResource)
  // Authorized as AWS authorizes it, recorded as what it does.
  @RecordedAs('RevokeRoleSessions', { eventSource: 'sts.amazonaws.com' })
  revokeSessions(@RequestedBy() requester: Requester, @Param('roleName') roleName: string) {
    return this.commands.execute(new RevokeRoleSessions(requester, roleName));
  }
}
