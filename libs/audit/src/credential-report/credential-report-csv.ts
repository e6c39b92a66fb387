import type { AccountSnapshot, SnapshotKey, SnapshotUser } from '../reports/account-snapshot';

/** AWS's columns, in AWS's order (IAM User Guide, "Getting credential reports"). */
export const CREDENTIAL_REPORT_COLUMNS = [
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
] as const;

const DAY_MS = 86_400_000;

/** ISO-8601 as AWS writes it in the report: seconds, `+00:00`. */
export function reportTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A CSV field: quoted only when it must be (RFC 4180); IAM names never need it, but stay safe. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function keyColumns(key: SnapshotKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(key.status === 'Active'),
    reportTime(key.createdAt),
    key.lastUsed ? reportTime(key.lastUsed.at) : 'N/A',
    key.lastUsed ? key.lastUsed.region : 'N/A',
    key.lastUsed ? key.lastUsed.service : 'N/A',
  ];
}

function row(user: SnapshotUser, isRoot: boolean, maxPasswordAge: number | null): string[] {
  const passwordColumns = isRoot
    ? [
        'not_supported',
        user.passwordLastUsed ? reportTime(user.passwordLastUsed) : 'no_information',
        'not_supported',
        'not_supported',
      ]
    : [
        String(user.passwordEnabled),
        user.passwordLastUsed
          ? reportTime(user.passwordLastUsed)
          : user.passwordEnabled
            ? 'no_information'
            : 'N/A',
        user.passwordEnabled && user.passwordLastChanged ? reportTime(user.passwordLastChanged) : 'N/A',
        user.passwordEnabled && user.passwordLastChanged && maxPasswordAge
          ? reportTime(new Date(user.passwordLastChanged.getTime() + maxPasswordAge * DAY_MS))
          : 'N/A',
      ];
  return [
    isRoot ? '<root_account>' : user.name,
    user.arn,
    reportTime(user.createdAt),
    ...passwordColumns,
    String(user.mfaActive),
    ...keyColumns(user.keys[0]),
    ...keyColumns(user.keys[1]),
    // Signing certificates are not supported by this product: never active.
    'false',
    'N/A',
    'false',
    'N/A',
  ];
}

/** The credential report of an account: the root first as `<root_account>`, then its users by creation. */
export function credentialReportCsv(snapshot: AccountSnapshot): string {
  const maxAge = snapshot.passwordPolicy?.maxPasswordAge ?? null;
  const rows = [
    ...(snapshot.root ? [row(snapshot.root, true, maxAge)] : []),
    ...snapshot.users.map((user) => row(user, false, maxAge)),
  ];
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n');
}
