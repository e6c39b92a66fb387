import fc from 'fast-check';
import type { FastifyRequest } from 'fastify';
import { HIDDEN_DUE_TO_SECURITY_REASONS } from '@iam/contracts';
import type { AccessNotes, RecordedRequest } from './access-notes';
import { buildAccessRecord } from './access-record-builder';
import { hideSecrets } from './secret-redaction';

/** Secret values, each distinctive, so a leak anywhere in a record is found by its text. */
const SECRET = {
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY01',
  sessionToken: 'IQoJb3JpZ2luX2VjSESSIONTOKEN000000000000000',
  password: 'Correct-Horse-Battery-Staple-1',
  newPassword: 'New-Correct-Horse-Battery-2',
  oldPassword: 'Old-Correct-Horse-Battery-3',
  seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  qr: 'iVBORw0KGgoAAAANSUhEUgQRCODEPNG',
  code1: '918273',
  code2: '546372',
  tokenCode: '775511',
  mfaCode: '424242',
  webIdentityToken: 'eyJhbGciOiJSUzI1NiJ9.WEBIDENTITYTOKEN.sig',
  samlAssertion: 'PHNhbWxwOlJlc3BvbnNlIFNBTUxBU1NFUlRJT04+',
  privateKey: '-----BEGIN PRIVATE KEY-----MC4CAQAwBQYDK2VwBCIEIPRIVATE',
};

/**
 * Request and response shapes of every route that carries a secret, through
 * both doors (the Query door's input is the route's, mapped to its names;
 * an unauthenticated Query call is recorded with its raw form members).
 */
const ROUTES: { name: string; parameters: Record<string, unknown>; response: unknown }[] = [
  {
    name: 'CreateAccessKey',
    parameters: { userName: 'alice' },
    response: {
      accessKey: {
        accessKeyId: 'AKIAEXAMPLE000000001',
        secretAccessKey: SECRET.secretAccessKey,
        status: 'Active',
      },
    },
  },
  {
    name: 'CreateLoginProfile',
    parameters: { userName: 'alice', password: SECRET.password, passwordResetRequired: true },
    response: { loginProfile: { userName: 'alice', passwordResetRequired: true } },
  },
  {
    name: 'UpdateLoginProfile',
    parameters: { userName: 'alice', password: SECRET.newPassword },
    response: {},
  },
  {
    name: 'ChangePassword',
    parameters: { oldPassword: SECRET.oldPassword, newPassword: SECRET.newPassword },
    response: {},
  },
  {
    name: 'CreateVirtualMFADevice',
    parameters: { virtualMfaDeviceName: 'phone' },
    response: {
      virtualMfaDevice: {
        serialNumber: 'arn:aws:iam::123456789012:mfa/phone',
        base32StringSeed: SECRET.seed,
        qrCodePng: SECRET.qr,
      },
    },
  },
  {
    name: 'EnableMFADevice',
    parameters: {
      userName: 'alice',
      serialNumber: 'arn:…',
      authenticationCode1: SECRET.code1,
      authenticationCode2: SECRET.code2,
    },
    response: {},
  },
  {
    name: 'AssumeRole',
    parameters: {
      roleArn: 'arn:aws:iam::123456789012:role/R',
      roleSessionName: 's',
      serialNumber: 'arn:…',
      tokenCode: SECRET.tokenCode,
    },
    response: {
      credentials: {
        accessKeyId: 'ASIAEXAMPLE000000001',
        secretAccessKey: SECRET.secretAccessKey,
        sessionToken: SECRET.sessionToken,
        expiration: '2026-01-01T00:00:00Z',
      },
      assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/R/s', assumedRoleId: 'AROA:s' },
    },
  },
  {
    name: 'GetSessionToken',
    parameters: { serialNumber: 'arn:…', tokenCode: SECRET.tokenCode },
    response: {
      credentials: {
        accessKeyId: 'ASIAEXAMPLE000000002',
        secretAccessKey: SECRET.secretAccessKey,
        sessionToken: SECRET.sessionToken,
        expiration: 'x',
      },
    },
  },
  {
    name: 'AssumeRoleWithWebIdentity',
    parameters: {
      roleArn: 'arn:aws:iam::123456789012:role/R',
      roleSessionName: 's',
      webIdentityToken: SECRET.webIdentityToken,
    },
    response: {
      credentials: {
        accessKeyId: 'ASIA3',
        secretAccessKey: SECRET.secretAccessKey,
        sessionToken: SECRET.sessionToken,
      },
    },
  },
  {
    name: 'AssumeRoleWithSAML',
    parameters: {
      roleArn: 'arn:aws:iam::123456789012:role/R',
      principalArn: 'arn:…',
      samlAssertion: SECRET.samlAssertion,
    },
    response: {
      credentials: {
        accessKeyId: 'ASIA4',
        secretAccessKey: SECRET.secretAccessKey,
        sessionToken: SECRET.sessionToken,
      },
    },
  },
  {
    name: 'ConsoleLogin',
    parameters: {
      account: '123456789012',
      userName: 'alice',
      password: SECRET.password,
      mfaCode: SECRET.mfaCode,
    },
    response: {
      credentials: {
        accessKeyId: 'ASIA5',
        secretAccessKey: SECRET.secretAccessKey,
        sessionToken: SECRET.sessionToken,
      },
      user: {
        accountId: '123456789012',
        userName: 'alice',
        userId: 'AIDA1',
        arn: 'arn:aws:iam::123456789012:user/alice',
      },
    },
  },
  {
    // The Query door's raw form when the signature fails (wire names).
    name: 'CreateLoginProfile',
    parameters: {
      Action: 'CreateLoginProfile',
      UserName: 'alice',
      Password: SECRET.password,
      SecretAccessKey: SECRET.secretAccessKey,
      PrivateKey: SECRET.privateKey,
    },
    response: undefined,
  },
];

function requestOf(parameters: Record<string, unknown>): FastifyRequest & RecordedRequest {
  return {
    id: 'req-1',
    ip: '192.0.2.1',
    headers: { 'user-agent': 'jest' },
    params: {},
    query: {},
    body: parameters,
    principal: {
      type: 'user',
      accountId: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/admin',
      userId: 'AIDAADMIN',
      userName: 'admin',
      accessKeyId: 'AKIAADMIN00000000001',
      mfaAuthenticated: false,
    },
  } as unknown as FastifyRequest & RecordedRequest;
}

describe('access records never carry a secret', () => {
  it.each(ROUTES.map((route) => [route.name, route] as const))('%s', (_name, route) => {
    for (const consoleSignIn of [false, true]) {
      for (const door of ['json', 'query'] as const) {
        const notes: AccessNotes = {
          eventName: route.name,
          eventSource: 'iam.amazonaws.com',
          ...(consoleSignIn ? { consoleSignIn } : {}),
          ...(door === 'query' ? { parameters: route.parameters, response: route.response } : {}),
        };
        const request = requestOf(route.parameters);
        for (const status of [200, 403]) {
          const record = buildAccessRecord(request, notes, {
            status,
            response: route.response,
            ...(status === 403 ? { error: { code: 'AccessDenied', message: 'denied' } } : {}),
            time: new Date(),
          });
          const text = JSON.stringify(record);
          for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
        }
      }
    }
  });

  it('keeps what is not secret: the access key id of issued credentials, flags, names', () => {
    const route = ROUTES.find((r) => r.name === 'AssumeRole')!;
    const record = buildAccessRecord(
      requestOf(route.parameters),
      { eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com' },
      { status: 200, response: route.response, time: new Date() },
    );
    expect(record.payload.responseElements).toMatchObject({
      credentials: {
        accessKeyId: 'ASIAEXAMPLE000000001',
        secretAccessKey: HIDDEN_DUE_TO_SECURITY_REASONS,
        sessionToken: HIDDEN_DUE_TO_SECURITY_REASONS,
      },
      assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/R/s' },
    });
    expect(record.payload.requestParameters).toMatchObject({
      roleSessionName: 's',
      tokenCode: HIDDEN_DUE_TO_SECURITY_REASONS,
    });
    expect(hideSecrets({ passwordResetRequired: true, minimumPasswordLength: 14 })).toEqual({
      passwordResetRequired: true,
      minimumPasswordLength: 14,
    });
  });

  it('hides a secret field at any depth, in objects and arrays, whatever its case', () => {
    const secretNames = [
      'SecretAccessKey',
      'sessionToken',
      'Password',
      'newPassword',
      'Base32StringSeed',
      'QRCodePNG',
      'AuthenticationCode1',
      'tokenCode',
      'SAMLAssertion',
      'WebIdentityToken',
      'privateKey',
      'mfaCode',
    ];
    const secretValue = fc.string({ minLength: 8 }).map((s) => `S3CR3T${s}`);
    const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('plain', 1, true, null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.oneof(fc.constantFrom(...secretNames), fc.constantFrom('userName', 'path', 'tags')),
          fc.oneof(tie('node'), secretValue),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        // Every S3CR3T… string sits under a secret name or is not reachable.
        const hidden = JSON.stringify(hideSecrets(value));
        const leaked = /S3CR3T/.test(hidden);
        if (leaked) {
          // A secret-shaped value under a non-secret name is not a secret field; only those may remain.
          const walk = (node: unknown, underSecret: boolean): boolean =>
            typeof node === 'string'
              ? !(node.startsWith('S3CR3T') && underSecret)
              : Array.isArray(node)
                ? node.every((n) => walk(n, underSecret))
                : node !== null && typeof node === 'object'
                  ? Object.entries(node).every(([k, v]) => walk(v, underSecret || secretNames.includes(k)))
                  : true;
          return walk(hideSecrets(value), false);
        }
        return true;
      }),
    );
  });

  it('goes to the caller account chain, or to anonymous for a call no signature vouched for', () => {
    const request = requestOf({ account: '999999999999' });
    delete (request as { principal?: unknown }).principal;
    (request.headers as Record<string, string>).authorization =
      'AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN000000001/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00';
    const refused = buildAccessRecord(
      request,
      { eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' },
      {
        status: 403,
        response: undefined,
        error: { code: 'InvalidClientTokenId', message: 'no such key' },
        time: new Date(),
      },
    );
    expect(refused.accountId).toBe('anonymous');
    expect(refused.payload).toMatchObject({
      errorCode: 'InvalidClientTokenId',
      userIdentity: { type: 'Unknown', accessKeyId: 'AKIAUNKNOWN000000001' },
      responseElements: null,
    });
    const signIn = buildAccessRecord(
      request,
      { eventName: 'ConsoleLogin', eventSource: 'sts.amazonaws.com', consoleSignIn: true },
      { status: 403, response: undefined, error: { code: 'AccessDenied', message: 'x' }, time: new Date() },
    );
    expect(signIn.accountId).toBe('999999999999');
    expect(signIn.type).toBe('AwsConsoleSignIn');
    expect(signIn.payload).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      responseElements: { ConsoleLogin: 'Failure' },
    });
  });
});
