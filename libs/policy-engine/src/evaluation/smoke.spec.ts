import { evaluate, explain } from '../index';
import { doc, request, setOf } from '../testing/policy-test-kit';

test('smoke', () => {
  const set = setOf({
    identity: [
      doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/${aws:username}/*' }),
      doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
    ],
  });
  expect(evaluate(request('s3:GetObject', 'arn:aws:s3:::bucket/alice/x'), set).decision).toBe('Allow');
  expect(evaluate(request('S3:getobject', 'arn:aws:s3:::bucket/bob/x'), set).decision).toBe('ImplicitDeny');
  expect(evaluate(request('s3:DeleteObject', 'arn:aws:s3:::bucket/alice/x'), set).decision).toBe('ExplicitDeny');
  const e = explain(request('s3:DeleteObject', 'arn:aws:s3:::bucket/alice/x'), set);
  expect(e.summary).toContain('identity-2#NoDelete');
});
