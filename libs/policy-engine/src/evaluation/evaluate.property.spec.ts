import fc from 'fast-check';
import { compilePolicySet, evaluate, explain, validatePolicy } from '../index';
import type { AuthorizationRequest, RequestContext } from './authorization-request';
import { ACCOUNT, alice, conditionAllows, roleSession } from '../testing/policy-test-kit';

// Property-based tests (fast-check) for the invariants issue 3 lists.

const actions = [
  's3:GetObject',
  's3:PutObject',
  'sqs:SendMessage',
  'iam:CreateUser',
  'ec2:DescribeInstances',
];
const actionPatterns = [
  '*',
  's3:*',
  's3:Get*',
  'sqs:Send?essage',
  'iam:*User',
  'ec2:Describe*',
  'S3:getobject',
  ...actions,
];
const resources = [
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::b/alice/x',
  `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  '*',
];
const resourcePatterns = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/k',
  `arn:aws:sqs:*:${ACCOUNT}:q`,
  'arn:aws:s3:::b/${aws:username}/*',
  `arn:aws:iam::${ACCOUNT}:user/*`,
];
const conditions: object[] = [
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*'] } },
  { NumericLessThanIfExists: { 's3:max-keys': '10' } },
  { Null: { 'aws:MultiFactorAuthAge': 'true' } },
];

const statementArb = fc
  .record(
    {
      Effect: fc.constantFrom('Allow', 'Deny'),
      actionKey: fc.constantFrom('Action', 'NotAction'),
      actions: fc.uniqueArray(fc.constantFrom(...actionPatterns), { minLength: 1, maxLength: 3 }),
      resourceKey: fc.constantFrom('Resource', 'Resource', 'NotResource'),
      resources: fc.uniqueArray(fc.constantFrom(...resourcePatterns), { minLength: 1, maxLength: 2 }),
      condition: fc.option(fc.constantFrom(...conditions), { nil: undefined }),
    },
    { requiredKeys: ['Effect', 'actionKey', 'actions', 'resourceKey', 'resources'] },
  )
  .map((s) => ({
    Effect: s.Effect,
    [s.actionKey]: s.actions,
    [s.resourceKey]: s.resources,
    ...(s.condition ? { Condition: s.condition } : {}),
  }));

type Statement = Record<string, unknown>;
const policyArb = fc.array(statementArb, { minLength: 1, maxLength: 4 });
const setArb = fc.record({
  identity: fc.array(policyArb, { minLength: 0, maxLength: 3 }),
  boundary: fc.option(policyArb, { nil: undefined }),
  session: fc.option(policyArb, { nil: undefined }),
});

const contextArb: fc.Arbitrary<RequestContext> = fc.record(
  {
    'aws:SecureTransport': fc.boolean(),
    'aws:PrincipalTag/team': fc.constantFrom('red', 'blue'),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1', '::1'),
    'aws:CurrentTime': fc.constantFrom('2025-01-01T00:00:00Z', '2031-01-01T00:00:00Z'),
    'aws:TagKeys': fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
    's3:max-keys': fc.integer({ min: 0, max: 20 }),
    'aws:MultiFactorAuthAge': fc.integer({ min: 0, max: 3600 }),
  },
  { requiredKeys: [] },
);

const requestArb: fc.Arbitrary<AuthorizationRequest> = fc.record({
  principal: fc.constantFrom(alice, roleSession),
  action: fc.constantFrom(...actions),
  resource: fc.constantFrom(...resources),
  context: contextArb,
});

type SetShape = { identity: Statement[][]; boundary?: Statement[]; session?: Statement[] };

const text = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
function build(shape: SetShape) {
  return compilePolicySet({
    identity: shape.identity.map((s, i) => ({ id: `p${i}`, document: text(s) })),
    boundary: shape.boundary ? { id: 'b', document: text(shape.boundary) } : undefined,
    session: shape.session ? [{ id: 's', document: text(shape.session) }] : undefined,
  });
}

describe('evaluation invariants', () => {
  test('an explicit deny of the action always wins', () => {
    fc.assert(
      fc.property(setArb, requestArb, (shape, req) => {
        const withDeny = {
          ...shape,
          identity: [...shape.identity, [{ Effect: 'Deny', Action: req.action, Resource: '*' }]],
        };
        expect(evaluate(req, build(withDeny)).decision).toBe('ExplicitDeny');
      }),
    );
  });

  test('removing an Allow statement never turns a deny into an allow', () => {
    fc.assert(
      fc.property(setArb, requestArb, fc.nat(), (shape, req, pick) => {
        if (evaluate(req, build(shape)).allowed) return;
        const places: (() => SetShape)[] = [];
        shape.identity.forEach((policy, p) =>
          policy.forEach((s, i) => {
            if (s.Effect === 'Allow' && policy.length > 1)
              places.push(() => ({
                ...shape,
                identity: shape.identity.map((q, k) => (k === p ? q.filter((_, j) => j !== i) : q)),
              }));
          }),
        );
        for (const key of ['boundary', 'session'] as const) {
          const policy = shape[key];
          policy?.forEach((s, i) => {
            if (s.Effect === 'Allow' && policy.length > 1)
              places.push(() => ({ ...shape, [key]: policy.filter((_, j) => j !== i) }));
          });
        }
        if (places.length === 0) return;
        expect(evaluate(req, build(places[pick % places.length]())).allowed).toBe(false);
      }),
    );
  });

  test('an empty policy set denies every non-root request', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        expect(evaluate(req, compilePolicySet({})).decision).toBe('ImplicitDeny');
      }),
    );
  });

  test('…IfExists on a missing key matches', () => {
    const ops: [string, string][] = [
      ['StringEqualsIfExists', 'x'],
      ['StringNotLikeIfExists', 'x*'],
      ['NumericLessThanIfExists', '5'],
      ['DateGreaterThanIfExists', '2020-01-01T00:00:00Z'],
      ['BoolIfExists', 'true'],
      ['BinaryEqualsIfExists', 'AAAA'],
      ['IpAddressIfExists', '10.0.0.0/8'],
      ['NotIpAddressIfExists', '10.0.0.0/8'],
      ['ArnLikeIfExists', 'arn:aws:s3:::x'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.stringMatching(/^[a-z]{1,8}:[A-Za-z]{1,12}$/),
        contextArb,
        ([op, value], key, context) => {
          const ctx: Record<string, unknown> = { ...context };
          for (const k of Object.keys(ctx)) if (k.toLowerCase() === key.toLowerCase()) delete ctx[k];
          expect(conditionAllows({ [op]: { [key]: value } }, ctx as RequestContext)).toBe(true);
        },
      ),
    );
  });

  test('evaluation is deterministic and explain agrees with evaluate', () => {
    fc.assert(
      fc.property(setArb, requestArb, (shape, req) => {
        const set = build(shape);
        const first = evaluate(req, set);
        expect(evaluate(req, set)).toBe(first);
        expect(evaluate(req, build(shape))).toBe(first);
        const explained = explain(req, set);
        expect([explained.decision, explained.decidedBy]).toEqual([first.decision, first.decidedBy]);
      }),
    );
  });
});

describe('robustness', () => {
  test('validatePolicy never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ Version: '2012-10-17', Statement: v })),
        ),
        (input) => {
          const result = validatePolicy(input, { type: 'identity' });
          expect(result.ok).toBe(result.errors.length === 0);
        },
      ),
    );
  });

  const fuzzValue = fc.oneof(
    fc.constantFrom(
      '*',
      's3:*',
      'arn:aws:s3:::b/*',
      '${aws:username}',
      "${aws:PrincipalTag/x, 'd'}",
      '${*}',
      '${',
      '10.0.0.0/8',
      'true',
      '2020-01-01',
      '5',
    ),
    fc.string({ maxLength: 12 }),
  );
  const fuzzStatement = fc.record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.oneof(fc.constantFrom('*', 's3:Get*', 'iam:?reate*'), fuzzValue),
    Resource: fc.oneof(
      fc.constant('*'),
      fuzzValue.map((v) => `arn:aws:s3:::${v}`),
    ),
    Condition: fc.dictionary(
      fc.constantFrom(
        'StringLike',
        'ArnLike',
        'IpAddress',
        'DateLessThan',
        'NumericEquals',
        'Bool',
        'Null',
        'ForAllValues:StringEquals',
        'StringEqualsIfExists',
      ),
      fc.dictionary(
        fc.constantFrom('aws:username', 'aws:TagKeys', 'aws:SourceIp', 'x:y'),
        fc.oneof(fuzzValue, fc.array(fuzzValue, { minLength: 1, maxLength: 3 })),
        { minKeys: 1, maxKeys: 2 },
      ),
      { maxKeys: 2 },
    ),
  });
  const fuzzContext = fc.dictionary(
    fc.constantFrom('aws:username', 'AWS:USERNAME', 'aws:TagKeys', 'aws:SourceIp', 'x:y', 'aws:CurrentTime'),
    fc.oneof(
      fuzzValue,
      fc.integer(),
      fc.boolean(),
      fc.double(),
      fc.array(fc.oneof(fuzzValue, fc.integer(), fc.boolean()), { maxLength: 3 }),
    ),
  );

  test('a policy that validates never makes the evaluator throw', () => {
    fc.assert(
      fc.property(
        fc.array(fuzzStatement, { minLength: 1, maxLength: 3 }),
        fuzzContext,
        fuzzValue,
        (statements, context, resource) => {
          const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
          const validation = validatePolicy(document, { type: 'identity' });
          fc.pre(validation.ok);
          const set = compilePolicySet({ identity: [{ id: 'fuzz', document }] });
          const req = {
            principal: alice,
            action: 's3:GetObject',
            resource: `arn:aws:s3:::${resource}`,
            context,
          };
          expect(() => evaluate(req, set)).not.toThrow();
          expect(() => explain(req, set)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
