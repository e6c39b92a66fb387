import type { IssuedCredentials } from '../issuance/session-issuer';

/** Credentials as every STS operation answers them (AWS's names). */
export interface CredentialsView {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601. */
  expiration: string;
}

export function credentialsView(credentials: IssuedCredentials): CredentialsView {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration,
  };
}
