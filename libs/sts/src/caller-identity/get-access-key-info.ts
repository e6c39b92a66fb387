import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CredentialCache, isTemporaryAccessKeyId, SessionStore, type Requester } from '@iam/auth';
import { IamError, requireLength, requirePattern } from '@iam/contracts';

export class GetAccessKeyInfo extends Query<{ account: string }> {
  constructor(
    readonly requester: Requester,
    readonly accessKeyId: string,
  ) {
    super();
  }
}

/**
 * The account an access key id belongs to. AWS decodes it from the id;
 * ids here are random, so the account is looked up: long-term keys in the
 * credentials projection (deleted keys are forgotten), temporary ones in
 * the session store (while the record lives). An id that is well formed
 * but known nowhere is NoSuchEntity: saying a wrong account would be worse
 * than saying none.
 */
@QueryHandler(GetAccessKeyInfo)
export class GetAccessKeyInfoHandler implements IQueryHandler<GetAccessKeyInfo> {
  constructor(
    private readonly credentials: CredentialCache,
    private readonly sessions: SessionStore,
  ) {}

  async execute({ accessKeyId }: GetAccessKeyInfo): Promise<{ account: string }> {
    requireLength('accessKeyId', accessKeyId, 16, 128);
    requirePattern('accessKeyId', accessKeyId, /^\w+$/, '[\\w]*');
    const account = isTemporaryAccessKeyId(accessKeyId)
      ? (await this.sessions.find(accessKeyId))?.session.principal.accountId
      : this.credentials.find(accessKeyId)?.principal.accountId;
    if (account === undefined)
      throw new IamError('NoSuchEntity', `The access key id ${accessKeyId} is not known to this service.`);
    return { account };
  }
}
