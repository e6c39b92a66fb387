import { key, snapshot, user } from '../reports/snapshot-fixtures';
import { CREDENTIAL_REPORT_COLUMNS, credentialReportCsv, reportTime } from './credential-report-csv';

const parse = (csv: string) => {
  const [header, ...rows] = csv.split('\n');
  const columns = header.split(',');
  return { columns, rows: rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [columns[i], v]))) };
};

describe('credential report CSV', () => {
  it("has AWS's 22 columns in AWS's order", () => {
    expect(parse(credentialReportCsv(snapshot())).columns).toEqual([
      'user',
      'arn',
      'user_creation_time',
      'password_enabled',
      'password_last_used',
      'password_last_changed',
      'password_next_rotation',
      'mfa_active',
      'access_key_1_active',
      'access_key_1_last_rotated',
      'access_key_1_last_used_date',
      'access_key_1_last_used_region',
      'access_key_1_last_used_service',
      'access_key_2_active',
      'access_key_2_last_rotated',
      'access_key_2_last_used_date',
      'access_key_2_last_used_region',
      'access_key_2_last_used_service',
      'cert_1_active',
      'cert_1_last_rotated',
      'cert_2_active',
      'cert_2_last_rotated',
    ]);
    expect(CREDENTIAL_REPORT_COLUMNS).toHaveLength(22);
  });

  it('writes the root first as <root_account>, its password columns not_supported', () => {
    const s = snapshot({ users: [user('alice')] });
    s.root!.keys = [
      key('AKIAROOT', {
        lastUsed: { at: new Date('2026-02-01T10:00:00.000Z'), region: 'us-east-1', service: 'iam' },
      }),
    ];
    const { rows } = parse(credentialReportCsv(s));
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice']);
    expect(rows[0]).toMatchObject({
      arn: 'arn:aws:iam::123456789012:root',
      user_creation_time: '2026-01-01T00:00:00+00:00',
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2026-01-02T00:00:00+00:00',
      access_key_1_last_used_date: '2026-02-01T10:00:00+00:00',
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'iam',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
    });
  });

  it('writes N/A where a user has no password, keys or certificates', () => {
    const { rows } = parse(credentialReportCsv(snapshot({ users: [user('bob')] })));
    expect(rows[1]).toEqual({
      user: 'bob',
      arn: 'arn:aws:iam::123456789012:user/bob',
      user_creation_time: '2026-01-01T00:00:00+00:00',
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_region: 'N/A',
      access_key_1_last_used_service: 'N/A',
      access_key_2_active: 'false',
      access_key_2_last_rotated: 'N/A',
      access_key_2_last_used_date: 'N/A',
      access_key_2_last_used_region: 'N/A',
      access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
      cert_2_active: 'false',
      cert_2_last_rotated: 'N/A',
    });
  });

  it('writes a password never used as no_information, and its next rotation from MaxPasswordAge', () => {
    const changed = new Date('2026-03-01T12:30:45.678Z');
    const s = snapshot({
      users: [
        user('carol', {
          passwordEnabled: true,
          passwordLastChanged: changed,
          mfaActive: true,
          keys: [key('AKIA1', { status: 'Inactive' }), key('AKIA2')],
        }),
      ],
    });
    const { rows } = parse(credentialReportCsv(s));
    expect(rows[1]).toMatchObject({
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_last_changed: '2026-03-01T12:30:45+00:00',
      password_next_rotation: '2026-05-30T12:30:45+00:00',
      mfa_active: 'true',
      access_key_1_active: 'false',
      access_key_2_active: 'true',
      access_key_2_last_used_date: 'N/A',
    });
    s.passwordPolicy = null;
    expect(parse(credentialReportCsv(s)).rows[1].password_next_rotation).toBe('N/A');
  });

  it('writes times as ISO-8601 with seconds and +00:00, as AWS', () => {
    expect(reportTime(new Date('2026-12-03T06:45:20.123Z'))).toBe('2026-12-03T06:45:20+00:00');
  });
});
