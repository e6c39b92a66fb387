import type { EventEnvelope } from '@iam/contracts';
import { accessRecordEnvelope } from '@iam/testing';
import { accessColumns } from './access-columns';

const accountId = '123456789012';

describe('the lookup columns of a trail row', () => {
  it('are derived from an access record’s payload', () => {
    const record = accessRecordEnvelope({
      accountId,
      eventName: 'CreateUser',
      caller: { kind: 'user', userName: 'admin' },
      accessKeyId: 'AKIAADMIN0000000001',
      errorCode: 'AccessDenied',
      resources: [
        { ARN: `arn:aws:iam::${accountId}:user/bob`, type: 'AWS::IAM::User' },
        { ARN: `arn:aws:iam::${accountId}:user/bob`, type: 'AWS::IAM::User' },
      ],
    });
    expect(accessColumns(record)).toEqual({
      kind: 'access',
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      principalArn: `arn:aws:iam::${accountId}:user/admin`,
      userName: 'admin',
      accessKeyId: 'AKIAADMIN0000000001',
      readOnly: false,
      errorCode: 'AccessDenied',
      resources: [{ arn: `arn:aws:iam::${accountId}:user/bob`, type: 'AWS::IAM::User' }],
    });
  });

  it('name a role session by its session name and the root user as root, as CloudTrail’s Username', () => {
    const role = accessRecordEnvelope({ accountId, caller: { kind: 'role', roleName: 'Ops', sessionName: 'ci' } });
    expect(accessColumns(role).userName).toBe('ci');
    expect(accessColumns(accessRecordEnvelope({ accountId, caller: { kind: 'root' } })).userName).toBe('root');
  });

  it('are null for a domain event, and for fields of the wrong type in untrusted JSON', () => {
    const event = { type: 'iam.identity.UserCreated', payload: { userName: 'x' } } as EventEnvelope;
    expect(accessColumns(event)).toMatchObject({ kind: 'event', eventName: null, userName: null, resources: [] });
    const hostile = {
      ...accessRecordEnvelope({ accountId }),
      payload: { eventName: 42, userIdentity: 'nobody', resources: [{ ARN: 7 }, null], readOnly: 'yes' },
    } as unknown as EventEnvelope;
    expect(accessColumns(hostile)).toEqual({
      kind: 'access',
      eventName: null,
      eventSource: null,
      principalArn: null,
      userName: null,
      accessKeyId: null,
      readOnly: null,
      errorCode: null,
      resources: [],
    });
  });
});
