import { Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { IamError, parseOidcIssuer } from '@iam/contracts';
import type { StsOidcProvider } from './oidc-providers.queries';
import { OidcIssuerKeys } from './oidc-issuer-keys';

/** Asymmetric signatures only: never HMAC (a public key is no secret), never `none`. */
export const AcceptedAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** The clock skew allowed between the issuer and sts, on `exp`, `nbf` and `iat`. */
export const ClockToleranceSeconds = 60;

export const invalidToken = (detail: string) => new IamError('InvalidIdentityToken', detail);

/** What a token claims before its signature is checked: only used to find which provider to check it against. */
export function unverifiedIssuer(token: string): string {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    throw invalidToken('The web identity token is not a well-formed JWT.');
  }
  if (typeof header.alg !== 'string' || !(AcceptedAlgorithms as readonly string[]).includes(header.alg))
    throw invalidToken(
      `The web identity token is signed with an unsupported algorithm: ${String(header.alg).slice(0, 20)}.`,
    );
  if (typeof payload.iss !== 'string') throw invalidToken('The web identity token has no iss claim.');
  try {
    return parseOidcIssuer(payload.iss, 'iss').url;
  } catch {
    throw invalidToken('The web identity token has an iss claim that is not an issuer URL.');
  }
}

/** A token verified for one provider, with what the trust policy and the answer need. */
export interface VerifiedWebIdentity {
  claims: JWTPayload;
  subject: string;
  /** The client id the token was issued to (`aud`, or `azp` where it names the client). */
  audience: string;
  /** Other audiences of the token (`oaud`). */
  otherAudiences: string[];
}

/**
 * Verifies a web identity token for the provider its `iss` names: the
 * signature against that issuer's keys, an asymmetric algorithm, `iss`
 * equal to the provider's URL, an audience among its client ids, and
 * `exp` / `nbf` / `iat` within ClockToleranceSeconds. The keys of one
 * issuer are never tried for another, so a token of provider A cannot
 * pass as provider B's.
 */
@Injectable()
export class WebIdentityTokenVerifier {
  constructor(private readonly keys: OidcIssuerKeys) {}

  async verify(token: string, provider: StsOidcProvider, now = new Date()): Promise<VerifiedWebIdentity> {
    const resolver = await this.keys.resolverFor(provider.url);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, resolver, {
        algorithms: [...AcceptedAlgorithms],
        clockTolerance: ClockToleranceSeconds,
        currentDate: now,
        requiredClaims: ['iss', 'aud', 'exp'],
      }));
    } catch (error) {
      throw asStsError(error, now);
    }
    if (typeof claims.iss !== 'string' || parseOidcIssuer(claims.iss, 'iss').url !== provider.url)
      throw invalidToken('The iss claim of the web identity token does not name this provider.');
    if (typeof claims.iat === 'number' && claims.iat > now.getTime() / 1000 + ClockToleranceSeconds)
      throw invalidToken('The web identity token was issued in the future (iat).');
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
    const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
    const byAzp = azp !== undefined && provider.clientIds.includes(azp) ? azp : undefined;
    const byAud = audiences.find((aud) => provider.clientIds.includes(aud));
    // A token for several audiences names its client in azp (OIDC Core 2); otherwise aud is the client.
    const audience = audiences.length > 1 ? (byAzp ?? byAud) : (byAud ?? byAzp);
    if (audience === undefined) throw invalidToken('Incorrect token audience');
    if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255)
      throw new IamError(
        'IDPRejectedClaim',
        'The web identity token has no usable sub claim (1-255 characters).',
      );
    return {
      claims,
      subject: claims.sub,
      audience,
      otherAudiences: audiences.filter((aud) => aud !== audience),
    };
  }
}

/** jose's verdicts in AWS's words; a failure to reach the issuer is already IDPCommunicationError. */
function asStsError(error: unknown, now: Date): unknown {
  if (error instanceof IamError) return error;
  if (error instanceof errors.JWTExpired) {
    const exp =
      typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : '?';
    return new IamError(
      'ExpiredTokenException',
      `Token expired: current date/time ${now.toISOString()} must be before the expiration date/time ${exp}`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed)
    return invalidToken(`The web identity token failed the ${error.claim} check: ${error.reason}.`);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalidToken('The web identity token signature could not be verified.');
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalidToken('No key of the identity provider matches the kid of the web identity token.');
  if (error instanceof errors.JOSEError)
    return invalidToken(`The web identity token is invalid (${error.code}).`);
  return error;
}
