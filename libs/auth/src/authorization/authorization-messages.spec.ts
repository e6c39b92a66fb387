import { compilePolicySet, explain } from '@iam/policy-engine';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../principal';
import { SecretBox } from '../secret-box';
import { AUTHORIZATION_MESSAGE_LIFETIME_MS, AuthorizationMessages } from './authorization-messages';

const account = '111122223333';
const alice: Principal = {
  type: 'user',
  accountId: account,
  arn: `arn:aws:iam::${account}:user/alice`,
  userId: 'AIDAALICEALICEALICEAL',
  userName: 'alice',
  accessKeyId: 'AKIAALICEALICEALICEA',
  mfaAuthenticated: false,
};

describe('AuthorizationMessages', () => {
  const box = SecretBox.fromConfig(SecretBox.generateConfig('unit'));
  let now = Date.parse('2026-03-01T00:00:00Z');
  const messages = new AuthorizationMessages(box, () => now);

  const explained = () => {
    const set = compilePolicySet({
      identity: [
        {
          id: 'inline:alice:Ops',
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'All', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
              {
                Sid: 'NotFromOutside',
                Effect: 'Deny',
                Action: 'iam:DeleteUser',
                Resource: '*',
                Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
              },
            ],
          }),
        },
      ],
    });
    const context = { 'aws:SourceIp': '192.0.2.1', 'aws:TagKeys': ['a', 'b'], 'aws:SecureTransport': true };
    const request = {
      principal: { arn: alice.arn, accountId: account, type: 'User' as const, userId: alice.userId },
      action: 'iam:DeleteUser',
      resource: `arn:aws:iam::${account}:user/bob`,
      context,
    };
    return { explanation: explain(request, set), context };
  };

  it('seals the engine’s explanation so that only the key ring opens it, in AWS’s shape', () => {
    const { explanation, context } = explained();
    const encoded = messages.fromExplanation(alice, explanation, context, 'req-1');
    expect(encoded).not.toContain('alice');
    expect(encoded).not.toContain('DeleteUser');
    expect(messages.decode(encoded)).toEqual({
      allowed: false,
      explicitDeny: true,
      decision: 'ExplicitDeny',
      decidedBy: 'identity',
      summary: expect.any(String),
      matchedStatements: {
        items: [
          {
            policyId: 'inline:alice:Ops',
            policyType: 'identity',
            effect: 'Allow',
            sid: 'All',
            label: 'inline:alice:Ops#All',
          },
          {
            policyId: 'inline:alice:Ops',
            policyType: 'identity',
            effect: 'Deny',
            sid: 'NotFromOutside',
            label: 'inline:alice:Ops#NotFromOutside',
          },
        ],
      },
      failures: { items: [] },
      missingContextKeys: [],
      context: {
        principal: { id: alice.userId, name: 'alice', arn: alice.arn },
        action: 'iam:DeleteUser',
        resource: `arn:aws:iam::${account}:user/bob`,
        conditions: {
          items: [
            { key: 'aws:SourceIp', values: { items: [{ value: '192.0.2.1' }] } },
            { key: 'aws:TagKeys', values: { items: [{ value: 'a' }, { value: 'b' }] } },
            { key: 'aws:SecureTransport', values: { items: [{ value: 'true' }] } },
          ],
        },
      },
      requestId: 'req-1',
      expiresAt: new Date(now + AUTHORIZATION_MESSAGE_LIFETIME_MS).toISOString(),
    });
  });

  it('refuses a message altered, sealed under another key ring, sealed for another purpose, or expired', () => {
    const { explanation, context } = explained();
    const encoded = messages.fromExplanation(alice, explanation, context);
    const parts = encoded.split('.');
    parts[4] = `${parts[4].slice(0, 5)}${parts[4][5] === 'A' ? 'B' : 'A'}${parts[4].slice(6)}`;
    const foreign = new AuthorizationMessages(SecretBox.fromConfig(SecretBox.generateConfig('unit')));
    const otherPurpose = box.seal('a password hash', 'password-hash:AIDA');
    for (const bad of [
      parts.join('.'),
      foreign.fromExplanation(alice, explanation, context),
      otherPurpose,
      '',
      'x',
    ]) {
      expect(() => messages.decode(bad)).toThrow(
        expect.objectContaining({ code: 'InvalidAuthorizationMessageException' }),
      );
    }
    now += AUTHORIZATION_MESSAGE_LIFETIME_MS - 1;
    expect(messages.decode(encoded).allowed).toBe(false);
    now += 1;
    expect(() => messages.decode(encoded)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('expired') }),
    );
  });

  it('encodes a denial a service decided itself from the request: caller, route action, context, message', () => {
    const request = {
      id: 'req-2',
      principal: alice,
      context: { 'aws:SourceIp': '192.0.2.9' },
      authorizedAs: { action: 'iam:ChangePassword', resource: alice.arn },
    } as unknown as FastifyRequest;
    const decoded = messages.decode(messages.encodeDenial(request, 'The old password is incorrect.'));
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      summary: 'The old password is incorrect.',
      failures: { items: [{ message: 'The old password is incorrect.' }] },
      context: {
        principal: { arn: alice.arn },
        action: 'iam:ChangePassword',
        resource: alice.arn,
        conditions: { items: [{ key: 'aws:SourceIp', values: { items: [{ value: '192.0.2.9' }] } }] },
      },
      requestId: 'req-2',
    });
    expect(decoded).not.toHaveProperty('decision');
  });
});
