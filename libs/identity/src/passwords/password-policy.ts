import { IamError, requireIntegerInRange, validationError, type PasswordPolicyV1 } from '@iam/contracts';

/**
 * The account password policy (UpdateAccountPasswordPolicy) and the check of
 * a password against it. Plaintext passwords only ever pass through
 * `checkPassword`, in the handler, before hashing; commands and events carry
 * only the encrypted argon2id hash.
 */
export type PasswordPolicy = PasswordPolicyV1;

/** What UpdateAccountPasswordPolicy accepts; a field left out takes its default. */
export interface PasswordPolicyInput {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAge?: number | null;
  passwordReusePrevention?: number | null;
  hardExpiry?: boolean;
}

export const PasswordPolicyLimits = {
  minimumPasswordLength: { min: 6, max: 128 },
  maxPasswordAge: { min: 1, max: 1095 },
  passwordReusePrevention: { min: 1, max: 24 },
  /** The longest password IAM accepts (CreateLoginProfile). */
  passwordLength: { min: 1, max: 128 },
} as const;

/**
 * Values UpdateAccountPasswordPolicy uses for a parameter left out. AWS's API
 * reference gives 6 for MinimumPasswordLength (the console pre-fills 8).
 */
export const PasswordPolicyDefaults: PasswordPolicy = {
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: null,
  passwordReusePrevention: null,
  hardExpiry: false,
};

/**
 * The symbols AWS counts for RequireSymbols:
 * `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`.
 */
export const PasswordSymbols = "!@#$%^&*()_+-=[]{}|'";

/** Validates an update and completes it with defaults, as AWS does. */
export function passwordPolicyFrom(input: PasswordPolicyInput): PasswordPolicy {
  const policy: PasswordPolicy = { ...PasswordPolicyDefaults };
  for (const key of Object.keys(PasswordPolicyDefaults) as (keyof PasswordPolicy)[]) {
    const value = input[key];
    if (value !== undefined) (policy as unknown as Record<string, unknown>)[key] = value;
  }
  const { minimumPasswordLength, maxPasswordAge, passwordReusePrevention } = PasswordPolicyLimits;
  requireIntegerInRange(
    'minimumPasswordLength',
    policy.minimumPasswordLength,
    minimumPasswordLength.min,
    minimumPasswordLength.max,
  );
  if (policy.maxPasswordAge !== null) {
    requireIntegerInRange('maxPasswordAge', policy.maxPasswordAge, maxPasswordAge.min, maxPasswordAge.max);
  }
  if (policy.passwordReusePrevention !== null) {
    requireIntegerInRange(
      'passwordReusePrevention',
      policy.passwordReusePrevention,
      passwordReusePrevention.min,
      passwordReusePrevention.max,
    );
  }
  for (const flag of [
    'requireSymbols',
    'requireNumbers',
    'requireUppercaseCharacters',
    'requireLowercaseCharacters',
    'allowUsersToChangePassword',
    'hardExpiry',
  ] as const) {
    if (typeof policy[flag] !== 'boolean')
      throw validationError(flag, policy[flag], 'Member must be a boolean');
  }
  return policy;
}

/** `ExpirePasswords` of GetAccountPasswordPolicy: derived, never stored. */
export function expirePasswords(policy: PasswordPolicy): boolean {
  return policy.maxPasswordAge !== null;
}

export type PasswordRule =
  | 'PasswordLength'
  | 'MinimumPasswordLength'
  | 'RequireSymbols'
  | 'RequireNumbers'
  | 'RequireUppercaseCharacters'
  | 'RequireLowercaseCharacters'
  | 'ThreeCharacterClasses'
  | 'NotAccountNameOrUserName'
  /** Checked by the handler (argon2 verify against `recentPasswordHashes`). */
  | 'PasswordReusePrevention'
  /** Checked by the handler (common-password dictionary). */
  | 'CommonPassword';

export interface PasswordViolation {
  rule: PasswordRule;
  message: string;
}

export const PasswordViolationMessages = {
  PasswordReusePrevention: (count: number): PasswordViolation => ({
    rule: 'PasswordReusePrevention',
    message: `Password should not be one of the last ${count} passwords used`,
  }),
  CommonPassword: (): PasswordViolation => ({
    rule: 'CommonPassword',
    message: 'Password is too common; it appears in a list of commonly used passwords',
  }),
} as const;

export interface PasswordContext {
  /** Neither may be the password (AWS's default policy rule). */
  accountName?: string;
  userName?: string;
}

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

function hasSymbol(password: string): boolean {
  return [...password].some((c) => PasswordSymbols.includes(c));
}

/**
 * Every rule `password` breaks, empty when it conforms. With no custom
 * policy (`null`) AWS's default applies: at least 8 characters, three of
 * uppercase, lowercase, numbers and symbols, and not the account name.
 */
export function checkPassword(
  password: string,
  policy: PasswordPolicy | null,
  context: PasswordContext = {},
): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const { min, max } = PasswordPolicyLimits.passwordLength;
  if (
    password.length < min ||
    password.length > max ||
    !/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(password)
  ) {
    violations.push({
      rule: 'PasswordLength',
      message: `Password must be ${min} to ${max} printable characters long`,
    });
  }
  const minimum = policy?.minimumPasswordLength ?? 8;
  if (password.length < minimum) {
    violations.push({
      rule: 'MinimumPasswordLength',
      message: `Password should have a minimum length of ${minimum}`,
    });
  }
  if (policy === null) {
    const classes = [UPPER.test(password), LOWER.test(password), DIGIT.test(password), hasSymbol(password)];
    if (classes.filter(Boolean).length < 3) {
      violations.push({
        rule: 'ThreeCharacterClasses',
        message:
          'Password should include at least three of: uppercase letters, lowercase letters, numbers and symbols',
      });
    }
  } else {
    if (policy.requireUppercaseCharacters && !UPPER.test(password)) {
      violations.push({
        rule: 'RequireUppercaseCharacters',
        message: 'Password should have at least one uppercase letter',
      });
    }
    if (policy.requireLowercaseCharacters && !LOWER.test(password)) {
      violations.push({
        rule: 'RequireLowercaseCharacters',
        message: 'Password should have at least one lowercase letter',
      });
    }
    if (policy.requireNumbers && !DIGIT.test(password)) {
      violations.push({ rule: 'RequireNumbers', message: 'Password should have at least one number' });
    }
    if (policy.requireSymbols && !hasSymbol(password)) {
      violations.push({
        rule: 'RequireSymbols',
        message: `Password should have at least one symbol (${PasswordSymbols.split('').join(' ')})`,
      });
    }
  }
  const lowered = password.toLowerCase();
  if (
    (context.accountName && lowered === context.accountName.toLowerCase()) ||
    (context.userName && lowered === context.userName.toLowerCase())
  ) {
    violations.push({
      rule: 'NotAccountNameOrUserName',
      message: 'Password should not be the account name or the user name',
    });
  }
  return violations;
}

/** The error to throw for violations (from `checkPassword` plus the handler's own checks). */
export function passwordPolicyViolation(violations: readonly PasswordViolation[]): IamError {
  return new IamError(
    'PasswordPolicyViolation',
    `Password does not conform to the account password policy: ${violations.map((v) => v.message).join('; ')}.`,
  );
}

/** Throws PasswordPolicyViolation unless `password` conforms. */
export function assertPasswordConforms(
  password: string,
  policy: PasswordPolicy | null,
  context: PasswordContext = {},
): void {
  const violations = checkPassword(password, policy, context);
  if (violations.length > 0) throw passwordPolicyViolation(violations);
}

/** How many previous password hashes a new password must not match (0: none). */
export function reuseCheckDepth(policy: PasswordPolicy | null): number {
  return policy?.passwordReusePrevention ?? 0;
}
