/**
 * The AWS managed policies this product ships, read-only and the same in
 * every account, under `arn:aws:iam::aws:policy/…`. They raise no events:
 * every service's authorization projection resolves an attachment or a
 * boundary whose ARN is here from this table. Documents, ids, paths and
 * version ids are AWS's (AWS Managed Policy Reference).
 */
export interface AwsManagedPolicy {
  policyName: string;
  policyId: string;
  policyArn: string;
  path: string;
  description: string;
  defaultVersionId: string;
  /** ISO-8601, as AWS reports them. */
  createDate: string;
  updateDate: string;
  document: string;
}

const awsPolicy = (
  policyName: string,
  policyId: string,
  description: string,
  defaultVersionId: string,
  createDate: string,
  updateDate: string,
  document: object,
): AwsManagedPolicy => ({
  policyName,
  policyId,
  policyArn: `arn:aws:iam::aws:policy/${policyName}`,
  path: '/',
  description,
  defaultVersionId,
  createDate,
  updateDate,
  document: JSON.stringify(document, null, 2),
});

export const AwsManagedPolicies: readonly AwsManagedPolicy[] = [
  awsPolicy(
    'AdministratorAccess',
    'ANPAIWMBCKSKIEE64ZLYK',
    'Provides full access to AWS services and resources.',
    'v1',
    '2015-02-06T18:39:46.000Z',
    '2015-02-06T18:39:46.000Z',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  ),
  awsPolicy(
    'IAMFullAccess',
    'ANPAI7XKCFMBPM3QQRRVQ',
    'Provides full access to IAM via the AWS Management Console.',
    'v2',
    '2015-02-06T18:40:38.000Z',
    '2019-06-21T19:40:00.000Z',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'iam:*',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            'organizations:DescribeOrganizationalUnit',
            'organizations:DescribePolicy',
            'organizations:ListChildren',
            'organizations:ListParents',
            'organizations:ListPoliciesForTarget',
            'organizations:ListRoots',
            'organizations:ListPolicies',
            'organizations:ListTargetsForPolicy',
          ],
          Resource: '*',
        },
      ],
    },
  ),
  awsPolicy(
    'IAMReadOnlyAccess',
    'ANPAJKSO7NDY4T57MWDSQ',
    'Provides read only access to IAM via the AWS Management Console.',
    'v4',
    '2015-02-06T18:40:39.000Z',
    '2018-01-25T19:11:27.000Z',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'iam:GenerateCredentialReport',
            'iam:GenerateServiceLastAccessedDetails',
            'iam:Get*',
            'iam:List*',
            'iam:SimulateCustomPolicy',
            'iam:SimulatePrincipalPolicy',
          ],
          Resource: '*',
        },
      ],
    },
  ),
  awsPolicy(
    'IAMUserChangePassword',
    'ANPAJ4L4MM2A7QIEB56MS',
    'Provides the ability for an IAM user to change their own password.',
    'v2',
    '2016-11-15T00:25:16.000Z',
    '2016-11-15T23:18:55.000Z',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:ChangePassword'],
          Resource: ['arn:aws:iam::*:user/${aws:username}'],
        },
        { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
      ],
    },
  ),
];

const byArn = new Map(AwsManagedPolicies.map((p) => [p.policyArn, p]));

/** The AWS managed policy with this ARN, if this product ships it. */
export function awsManagedPolicy(policyArn: string): AwsManagedPolicy | undefined {
  return byArn.get(policyArn);
}

/** True for any ARN in AWS's own policy namespace, shipped here or not. */
export function isAwsManagedPolicyArn(policyArn: string): boolean {
  return policyArn.startsWith('arn:aws:iam::aws:policy/');
}
