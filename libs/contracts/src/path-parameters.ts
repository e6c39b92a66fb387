import { requireLength, requirePattern } from './validation-errors';

/**
 * The constraints of every parameter that appears in a route's path, as
 * the IAM API Reference states them for the parameter of that name (the
 * widest where actions differ, e.g. UserName is 1–128 for AddUserToGroup).
 * The edge checks a path parameter against its rule before authentication
 * looks anything up by it, so a NUL byte, a control character or a 10 kB
 * name is a 400 naming the parameter, never a database error. A route with
 * a path parameter that has no rule here does not start (fail closed).
 */
export type PathParameterRule = (field: string, value: string) => void;

const NAME = /^[\w+=,.@-]+$/;
const NAME_SHOWN = '[\\w+=,.@-]+';

function name(max: number): PathParameterRule {
  return (field, value) => {
    requireLength(field, value, 1, max);
    requirePattern(field, value, NAME, NAME_SHOWN);
  };
}

export const pathParameterRules: Readonly<Record<string, PathParameterRule>> = {
  userName: name(128),
  groupName: name(128),
  roleName: name(64),
  policyName: name(128),
  /** arnType: 20–2048; printable ASCII (the handler parses the ARN itself). */
  policyArn: (field, value) => {
    requireLength(field, value, 20, 2048);
    requirePattern(field, value, /^[\u0021-\u007E]+$/, '[\\u0021-\\u007E]+');
  },
  /** arnType of SAMLProviderArn: 20–2048 printable ASCII (the handler parses the ARN itself). */
  samlProviderArn: (field, value) => {
    requireLength(field, value, 20, 2048);
    requirePattern(field, value, /^[\u0021-\u007E]+$/, '[\\u0021-\\u007E]+');
  },
  accessKeyId: (field, value) => {
    requireLength(field, value, 16, 128);
    requirePattern(field, value, /^\w+$/, '[\\w]+');
  },
  /** serialNumberType: the device ARN of a virtual MFA device. */
  serialNumber: (field, value) => {
    requireLength(field, value, 9, 256);
    requirePattern(field, value, /^[\w+=/:,.@-]+$/, '[\\w+=/:,.@-]+');
  },
  /** arnType, as policyArn: an OIDC provider ARN (its host/path URL-encoded in the route). */
  oidcProviderArn: (field, value) => {
    requireLength(field, value, 20, 2048);
    requirePattern(field, value, /^[\u0021-\u007E]+$/, '[\\u0021-\\u007E]+');
  },
  /** clientIDType: 1–255 characters (no pattern in AWS); control characters refused. */
  clientID: (field, value) => {
    requireLength(field, value, 1, 255);
    requirePattern(field, value, /^[^\u0000-\u001F\u007F]+$/, '[^\\u0000-\\u001F\\u007F]+');
  },
  /** jobIDType: 36 characters (a UUID here), as GenerateServiceLastAccessedDetails answers it. */
  jobId: (field, value) => {
    requireLength(field, value, 36, 36);
    requirePattern(field, value, /^[0-9a-fA-F-]+$/, '[0-9a-fA-F-]+');
  },
  versionId: (field, value) =>
    requirePattern(field, value, /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?'),
};
