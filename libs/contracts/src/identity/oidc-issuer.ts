import { IamError } from '../iam-error';
import { requireLength } from '../validation-errors';

/**
 * AWS's rules for an OIDC provider URL, and the two names derived from it
 * (identity registers providers with them, sts finds a token's provider by
 * its `iss` normalized the same way):
 * the issuer as tokens carry it in `iss`, and the ARN tail
 * (`host[:port]/path`, also the prefix of the web-identity condition keys).
 * HTTPS only, except on loopback, where a test or local issuer may be
 * served over plain HTTP. Internal issuers often listen on a port: it is
 * kept, in the issuer, the ARN and the condition keys.
 */

export interface OidcIssuer {
  /** `https://host[:port][/path]`, host lower-cased, no trailing slash: what `iss` must equal. */
  url: string;
  /** `host[:port][/path]`. */
  resource: string;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

const invalidUrl = (why: string) =>
  new IamError('InvalidInput', `Invalid Open ID Connect Provider URL: ${why}`);

export function parseOidcIssuer(value: string, field = 'url'): OidcIssuer {
  requireLength(field, value, 1, 255);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalidUrl('it is not an absolute URL.');
  }
  const loopback = LOOPBACK_HOSTS.test(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw invalidUrl('it must begin with https:// (http:// only on a loopback address).');
  if (parsed.username || parsed.password) throw invalidUrl('it may not carry credentials.');
  if (parsed.search || parsed.hash || value.includes('?') || value.includes('#'))
    throw invalidUrl('it may not have a query or a fragment.');
  if (/[\s*]/.test(value)) throw invalidUrl('it may not contain white space or wildcards.');
  const path = parsed.pathname.replace(/\/+$/, '');
  const resource = `${parsed.host}${path}`;
  return { url: `${parsed.protocol}//${resource}`, resource };
}

/** `arn:aws:iam::<account>:oidc-provider/<host[:port]/path>`. */
export function oidcProviderArn(accountId: string, issuer: OidcIssuer): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${issuer.resource}`;
}

/** The account an OIDC provider ARN names, or undefined for anything else. */
export function accountOfOidcProviderArn(arn: string): string | undefined {
  return /^arn:aws:iam::(\d{12}):oidc-provider\/\S+$/.exec(arn)?.[1];
}
