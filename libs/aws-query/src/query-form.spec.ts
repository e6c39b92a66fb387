import { IamError } from '@iam/contracts';
import { decodeQueryForm } from './query-form';
import { responseXml } from './xml-writer';
import { IAM_XMLNS } from './actions/iam-actions';

describe('decodeQueryForm: the Query protocol form as structures, lists and maps', () => {
  it('reads member.N lists (in index order), structures and entry.N maps', () => {
    expect(
      decodeQueryForm({
        UserName: 'alice',
        'Tags.member.2.Key': 'b',
        'Tags.member.2.Value': '2',
        'Tags.member.1.Key': 'a',
        'Tags.member.1.Value': '1',
        'TagKeys.member.10': 'z',
        'TagKeys.member.9': 'y',
        'Map.entry.1.key': 'k',
        'Map.entry.1.value': 'v',
      }),
    ).toEqual({
      UserName: 'alice',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
      TagKeys: ['y', 'z'],
      Map: { k: 'v' },
    });
  });

  it.each([
    [{ A: ['1', '2'] }, /more than once/],
    [{ A: '1', 'A.B': '2' }, /both as a value and as a structure/],
    [{ 'A.member.0': 'x' }, /valid index/],
    [{ 'A.member.x': 'x' }, /valid index/],
    [{ 'A..B': 'x' }, /not valid/],
    [{ '__proto__.polluted': 'x' }, /not valid/],
    [{ 'M.entry.1.key': 'k' }, /needs a key and a value/],
  ])('refuses %j with a ValidationError', (fields, message) => {
    expect(() => decodeQueryForm(fields)).toThrow(IamError);
    expect(() => decodeQueryForm(fields)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('responseXml: our JSON answer as AWS writes it', () => {
  it('names members upper-camel, lists as member elements, URL-encodes policy documents, escapes text', () => {
    const text = responseXml(
      'GetRole',
      IAM_XMLNS,
      {
        role: {
          roleName: 'r',
          description: 'a & <b>',
          assumeRolePolicyDocument: '{"a": "b c"}',
          tags: [{ key: 'k', value: 'v' }],
          permissionsBoundary: null,
        },
        empty: [],
      },
      'req-1',
    );
    expect(text).toBe(
      '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>' +
        '<RoleName>r</RoleName><Description>a &amp; &lt;b&gt;</Description>' +
        '<AssumeRolePolicyDocument>%7B%22a%22%3A%20%22b%20c%22%7D</AssumeRolePolicyDocument>' +
        '<Tags><member><Key>k</Key><Value>v</Value></member></Tags></Role><Empty></Empty></GetRoleResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>',
    );
  });

  it('writes maps as entry elements and leaves the Result out where AWS has none', () => {
    expect(
      responseXml('X', IAM_XMLNS, { summaryMap: { entry: [{ key: 'Users', value: 3 }] } }, 'r'),
    ).toContain('<SummaryMap><entry><key>Users</key><value>3</value></entry></SummaryMap>');
    expect(responseXml('DeleteUser', IAM_XMLNS, undefined, 'r')).toBe(
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
  });
});
