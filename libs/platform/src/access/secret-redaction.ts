import { HIDDEN_DUE_TO_SECURITY_REASONS } from '@iam/contracts';

/**
 * Names of fields that hold a secret wherever they appear, request or
 * response, at any depth, compared without case and separators: a secret
 * access key, a session token, a password (old, new, confirmation), an MFA
 * seed, QR code or code, a private key, a SAML assertion, a web identity
 * token. A field is hidden when its name contains one of these.
 */
const SECRET_NAME_PARTS = [
  'secret',
  'sessiontoken',
  'token', // web identity tokens, tokenCode, client tokens: never worth the risk
  'password',
  'base32stringseed',
  'seed',
  'qrcodepng',
  'authenticationcode',
  'mfacode',
  'privatekey',
  'samlassertion',
  'samlresponse',
  'assertion',
  'credential',
];

/** Fields whose name looks secret but whose value is a setting, never a secret (password policy, flags). */
const NOT_SECRET = new Set(
  [
    'passwordResetRequired',
    'minimumPasswordLength',
    'maxPasswordAge',
    'passwordReusePrevention',
    'allowUsersToChangePassword',
    'expirePasswords',
    'passwordLastUsed',
    'passwordLastChanged',
    'passwordEnabled',
    'passwordPolicy',
    'credentialsExpiresAt',
  ].map(normalized),
);

function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a field of this name is replaced by HIDDEN_DUE_TO_SECURITY_REASONS. */
export function isSecretField(name: string): boolean {
  const key = normalized(name);
  if (NOT_SECRET.has(key)) return false;
  return SECRET_NAME_PARTS.some((part) => key.includes(part));
}

/**
 * A copy of `value` with every secret field's value replaced (objects and
 * arrays under a secret name are hidden whole: `credentials: {…}` is one
 * secret). Booleans and numbers under such names stay (a flag or a length is
 * not a secret), except under a name that is always secret.
 */
export function hideSecrets<T>(value: T): T {
  return hide(value, 0) as T;
}

const MAX_DEPTH = 64;

function hide(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return HIDDEN_DUE_TO_SECURITY_REASONS;
  if (Array.isArray(value)) return value.map((item) => hide(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretField(key) && field !== null && field !== undefined) {
      // The credentials object of an issuance keeps its access key id (CloudTrail keeps it), nothing else.
      if (normalized(key) === 'credentials' && typeof field === 'object' && !Array.isArray(field)) {
        copy[key] = hideCredentials(field as Record<string, unknown>);
      } else {
        copy[key] = typeof field === 'boolean' ? field : HIDDEN_DUE_TO_SECURITY_REASONS;
      }
    } else {
      copy[key] = hide(field, depth + 1);
    }
  }
  return copy;
}

function hideCredentials(credentials: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(credentials)) {
    const name = normalized(key);
    copy[key] =
      (name === 'accesskeyid' || name === 'expiration') && typeof field === 'string'
        ? field
        : HIDDEN_DUE_TO_SECURITY_REASONS;
  }
  return copy;
}
