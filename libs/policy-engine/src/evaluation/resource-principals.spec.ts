import { evaluate } from './evaluate';
import { explain } from './explain';
import { compilePolicySet } from '../compile/policy-set';
import type { PolicyDocument } from '../grammar/policy-document';
import { ACCOUNT, alice, doc, request, roleSession, setOf } from '../testing/policy-test-kit';

const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
const allow = (action: string) => ({ Effect: 'Allow', Action: action, Resource: '*' });
const outsideBoundary = doc(allow('s3:*'));
const outsideSession = doc(allow('s3:*'));

/**
 * Same account, a resource-based allow that reaches the caller itself is not limited by the
 * boundary or session policies. "Policy evaluation logic", resource-based policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * "If a resource-based policy grants permission directly to the IAM user or the session principal
 * that is making the request, then an implicit deny in an identity-based policy, a permissions
 * boundary, or a session policy does not impact the final decision." — and "IAM role session –
 * ... Permissions granted directly to a session are not limited by an implicit deny in an
 * identity-based policy, a permissions boundary, or session policy." `"*"` names every caller, the
 * user or the session itself among them, and an aws:PrincipalArn condition only narrows it.
 */
describe('Principal "*" with an aws:PrincipalArn condition, same account', () => {
  const wildcardFor = (principalArn: string) =>
    doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sqs:SendMessage',
      Resource: QUEUE,
      Condition: { ArnEquals: { 'aws:PrincipalArn': principalArn } },
    });

  test('an IAM user with a boundary that does not allow the action is allowed', () => {
    const set = setOf({ boundary: outsideBoundary, resource: [wildcardFor(alice.arn)] });
    const req = request('sqs:SendMessage', QUEUE);
    expect(evaluate(req, set)).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(explain(req, set).decision).toBe('Allow');
  });

  test('a role session with a boundary and a session policy that do not allow it is allowed', () => {
    const set = setOf({
      boundary: outsideBoundary,
      session: [outsideSession],
      resource: [wildcardFor(roleSession.roleArn as string)],
    });
    const req = request('sqs:SendMessage', QUEUE, {}, roleSession);
    expect(evaluate(req, set)).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    expect(explain(req, set).decision).toBe('Allow');
  });

  test('the condition still decides who is reached: another principal is not allowed', () => {
    const set = setOf({
      boundary: outsideBoundary,
      resource: [wildcardFor(`arn:aws:iam::${ACCOUNT}:user/bob`)],
    });
    expect(evaluate(request('sqs:SendMessage', QUEUE), set)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  test('an explicit deny in the boundary still wins', () => {
    const set = setOf({
      boundary: doc([allow('*'), { Effect: 'Deny', Action: 'sqs:*', Resource: '*' }]),
      resource: [wildcardFor(alice.arn)],
    });
    expect(evaluate(request('sqs:SendMessage', QUEUE), set)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'boundary',
    });
  });

  test('naming the role ARN stays limited by the boundary ("are limited by an implicit deny")', () => {
    const set = setOf({
      boundary: outsideBoundary,
      resource: [
        doc({
          Effect: 'Allow',
          Principal: { AWS: roleSession.roleArn },
          Action: 'sqs:SendMessage',
          Resource: QUEUE,
        }),
      ],
    });
    expect(evaluate(request('sqs:SendMessage', QUEUE, {}, roleSession), set).decidedBy).toBe('boundary');
  });
});

/**
 * AWS JSON policy elements: NotPrincipal
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
 * "NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not supported."
 */
describe('Allow with NotPrincipal never grants', () => {
  const allowAllBut: PolicyDocument = {
    type: 'resource',
    version: '2012-10-17',
    size: 0,
    statements: [
      {
        index: 0,
        effect: 'Allow',
        notPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/bob`] },
        action: ['sqs:SendMessage'],
        condition: [],
      },
    ],
  };

  test('a document built or stored before validation refused it grants nothing', () => {
    const set = compilePolicySet({ resource: [{ id: 'stored', document: allowAllBut }] });
    for (const principal of [alice, roleSession]) {
      const req = request('sqs:SendMessage', QUEUE, {}, principal);
      expect(evaluate(req, set).allowed).toBe(false);
      expect(explain(req, set).matchedStatements).toEqual([]);
    }
    const cross = request(
      'sqs:SendMessage',
      QUEUE,
      {},
      { ...alice, accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/eve' },
    );
    expect(
      evaluate(
        cross,
        compilePolicySet({
          identity: [{ id: 'i', document: doc(allow('*')) }],
          resource: [{ id: 'stored', document: allowAllBut }],
        }),
      ).allowed,
    ).toBe(false);
  });

  test('stored text with it still compiles (reading it back must not fail) and grants nothing', () => {
    const text = doc({
      Effect: 'Allow',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` },
      Action: 'sqs:SendMessage',
    });
    const set = setOf({ resource: [text] });
    expect(evaluate(request('sqs:SendMessage', QUEUE), set).allowed).toBe(false);
  });

  test('Deny with NotPrincipal still denies everyone not listed', () => {
    const set = setOf({
      identity: [doc(allow('sqs:*'))],
      resource: [
        doc({
          Effect: 'Deny',
          NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/bob`, ACCOUNT] },
          Action: 'sqs:*',
        }),
      ],
    });
    expect(evaluate(request('sqs:SendMessage', QUEUE), set).decision).toBe('ExplicitDeny');
  });
});
