import { IamError, requireLength, requirePattern } from '@iam/contracts';

/** SAML provider names: 1–128 of `[\w._-]` (IAM API Reference, CreateSAMLProvider). */
export function validateSamlProviderName(name: string, field = 'name'): void {
  requireLength(field, name, 1, 128);
  requirePattern(field, name, /^[\w._-]+$/, '[\\w._-]+');
}

export function samlProviderArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:saml-provider/${name}`;
}

/** One stream per name in an account, whatever its case (a name is unique in an account as other IAM names are). */
export function samlProviderStreamId(accountId: string, name: string): string {
  return `saml-provider-${accountId}-${name.toLowerCase()}`;
}

const ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w._-]{1,128})$/;

export function isSamlProviderArn(value: string): boolean {
  return ARN.test(value);
}

export const noSuchSamlProvider = (arn: string) =>
  new IamError('NoSuchEntity', `Manifest not found for arn ${arn}`);

/**
 * The account and name of a SAML provider ARN. A malformed ARN is
 * InvalidInput, as IAM answers it; one of another account is a provider
 * the caller does not have (NoSuchEntity).
 */
export function parseSamlProviderArn(
  arn: string,
  callerAccountId: string,
): { accountId: string; name: string } {
  const match = ARN.exec(arn);
  if (!match) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  if (match[1] !== callerAccountId) throw noSuchSamlProvider(arn);
  return { accountId: match[1], name: match[2] };
}
