import { Sha256 } from '@aws-crypto/sha256-js';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { IamError } from '@iam/contracts';
import { sha256Hex, SigV4Verifier, type SignedRequest } from './sigv4-verifier';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const now = Date.UTC(2026, 10, 28, 12, 0, 0);

/** Signs as an AWS SDK would, and returns the request as our server would see it. */
async function signed(
  init: {
    method?: string;
    path?: string;
    query?: Record<string, string>;
    body?: string;
    service?: string;
    date?: number;
  } = {},
): Promise<SignedRequest> {
  const body = init.body ?? '';
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: init.service ?? 'iam',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: init.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8080,
      path: init.path ?? '/v1/users',
      query: init.query ?? {},
      headers: { host: '127.0.0.1:8080', 'content-type': 'application/json' },
      body,
    },
    { signingDate: new Date(init.date ?? now) },
  );
  return {
    method: request.method,
    path: request.path,
    query: init.query ?? {},
    headers: request.headers,
    bodySha256: sha256Hex(body),
  };
}

async function verify(request: SignedRequest, secret = credentials.secretAccessKey, service = 'iam') {
  const verifier = new SigV4Verifier({ region: 'us-east-1', now: () => now });
  const inspected = verifier.inspect(request, service);
  return verifier.verify(request, inspected, () => secret);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof IamError ? error.code : `unexpected ${String(error)}`;
  }
}

describe('SigV4Verifier (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html)', () => {
  it('accepts a request signed by the SDK signer, with body and query', async () => {
    const request = await signed({ body: '{"userName":"alice"}', query: { marker: 'a b', maxItems: '10' } });
    await expect(verify(request)).resolves.toMatchObject({ accessKeyId: credentials.accessKeyId });
  });

  it('accepts the AWS Signature Version 4 test suite request get-vanilla', async () => {
    // From AWS's test suite: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, GET / at 20150830T123600Z.
    const verifier = new SigV4Verifier({ region: 'us-east-1', now: () => Date.UTC(2015, 7, 30, 12, 36, 0) });
    const request: SignedRequest = {
      method: 'GET',
      path: '/',
      query: {},
      headers: {
        Host: 'example.amazonaws.com',
        'X-Amz-Date': '20150830T123600Z',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
      bodySha256: sha256Hex(''),
    };
    const secret = () => 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    await expect(
      verifier.verify(request, verifier.inspect(request, 'service'), secret),
    ).resolves.toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
    });
  });

  it('derives a signing key once per access key and day, and still checks every signature with it', async () => {
    const verifier = new SigV4Verifier({ region: 'us-east-1', now: () => now });
    let opened = 0;
    const secret = () => {
      opened++;
      return credentials.secretAccessKey;
    };
    const first = await signed({ body: '{"a":1}' });
    const second = await signed({ body: '{"a":2}', path: '/v1/groups' });
    await verifier.verify(first, verifier.inspect(first, 'iam'), secret);
    await verifier.verify(second, verifier.inspect(second, 'iam'), secret);
    expect(opened).toBe(1);
    // A request whose path was changed after signing: same key kept, signature still refused.
    const tampered = { ...second, path: '/v1/users' };
    expect(await codeOf(verifier.verify(tampered, verifier.inspect(tampered, 'iam'), secret))).toBe(
      'SignatureDoesNotMatch',
    );
    const nextDay = await signed({ date: now + 24 * 3600 * 1000 });
    const later = new SigV4Verifier({ region: 'us-east-1', now: () => now + 24 * 3600 * 1000 });
    await later.verify(nextDay, later.inspect(nextDay, 'iam'), secret);
    expect(opened).toBe(2);
  });

  it('includes every header the client listed in SignedHeaders, even ones SDKs leave unsigned', async () => {
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'iam', sha256: Sha256 });
    const request = await signer.sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/v1/me',
        query: {},
        headers: { host: '127.0.0.1:8080', 'user-agent': 'platform/1.0' },
      },
      { signingDate: new Date(now), signableHeaders: new Set(['user-agent']) },
    );
    expect(String(request.headers['authorization'])).toContain('user-agent');
    const received: SignedRequest = {
      method: 'GET',
      path: '/v1/me',
      query: {},
      headers: request.headers,
      bodySha256: sha256Hex(''),
    };
    await expect(verify(received)).resolves.toMatchObject({ accessKeyId: credentials.accessKeyId });
    expect(
      await codeOf(verify({ ...received, headers: { ...request.headers, 'user-agent': 'other' } })),
    ).toBe('SignatureDoesNotMatch');
  });

  it('accepts an encoded path segment such as a policy ARN', async () => {
    const request = await signed({
      method: 'GET',
      path: '/v1/policies/arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdmin',
    });
    await expect(verify(request)).resolves.toBeDefined();
  });

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    expect(await codeOf(verify(await signed(), 'x'.repeat(40)))).toBe('SignatureDoesNotMatch');
  });

  it('rejects a tampered body, path, method or query', async () => {
    const base = await signed({ body: '{"userName":"alice"}', query: { a: '1' } });
    expect(await codeOf(verify({ ...base, bodySha256: sha256Hex('{"userName":"mallory"}') }))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(await codeOf(verify({ ...base, path: '/v1/groups' }))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(verify({ ...base, method: 'DELETE' }))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(verify({ ...base, query: { a: '2' } }))).toBe('SignatureDoesNotMatch');
  });

  it('rejects a signed header changed in transit', async () => {
    const base = await signed();
    expect(
      await codeOf(verify({ ...base, headers: { ...base.headers, 'content-type': 'text/plain' } })),
    ).toBe('SignatureDoesNotMatch');
  });

  it('rejects a clock skew beyond 15 minutes with RequestExpired, and accepts 14 minutes', async () => {
    expect(await codeOf(verify(await signed({ date: now - 16 * 60_000 })))).toBe('RequestExpired');
    expect(await codeOf(verify(await signed({ date: now + 16 * 60_000 })))).toBe('RequestExpired');
    expect(await codeOf(verify(await signed({ date: now - 14 * 60_000 })))).toBe('no error');
  });

  it('rejects a credential scoped to another service', async () => {
    expect(await codeOf(verify(await signed({ service: 'sts' })))).toBe('SignatureDoesNotMatch');
  });

  it('names a missing or incomplete Authorization header as AWS does', async () => {
    const base = await signed();
    const without = { ...base, headers: { ...base.headers, authorization: undefined } };
    expect(await codeOf(verify(without))).toBe('MissingAuthenticationToken');
    const broken = {
      ...base,
      headers: { ...base.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/x' },
    };
    expect(await codeOf(verify(broken))).toBe('IncompleteSignature');
    const otherAlgorithm = { ...base, headers: { ...base.headers, authorization: 'Basic abc' } };
    expect(await codeOf(verify(otherAlgorithm))).toBe('IncompleteSignature');
  });

  it('never repeats any part of the Authorization header in an error (issue 16, item 15)', async () => {
    const base = await signed();
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLE';
    const messageOf = (authorization: string, amzDate?: string) => {
      const headers = { ...base.headers, authorization, ...(amzDate ? { 'x-amz-date': amzDate } : {}) };
      try {
        new SigV4Verifier({ region: 'us-east-1', now: () => now }).inspect({ ...base, headers }, 'iam');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    // The cases that echoed before: another scheme, a region, a signed header name, a date.
    const credential = (region: string) => `AKIAIOSFODNN7EXAMPLE/20261128/${region}/iam/aws4_request`;
    const sig = 'a'.repeat(64);
    for (const header of [
      `Bearer ${secret}`,
      secret,
      `AWS4-HMAC-SHA256 Credential=${credential(secret)}, SignedHeaders=host;x-amz-date, Signature=${sig}`,
      `AWS4-HMAC-SHA256 Credential=${credential('us-east-1')}, SignedHeaders=host;x-amz-date;${secret.toLowerCase()}, Signature=${sig}`,
      `AWS4-HMAC-SHA256 Credential=${secret}/20261128/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=${sig}`,
    ]) {
      const message = messageOf(header);
      expect(message).not.toBe('');
      expect(message.toLowerCase()).not.toContain(secret.toLowerCase().slice(0, 12));
    }
    expect(
      messageOf(
        `AWS4-HMAC-SHA256 Credential=${credential('us-east-1')}, SignedHeaders=host;x-amz-date, Signature=${sig}`,
        secret,
      ),
    ).not.toContain(secret.slice(0, 12));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ maxLength: 60 }),
        (prefix, suffix) => {
          const message = messageOf(`${prefix}${secret}${suffix}`);
          return !message.includes(secret.slice(0, 12)) && !message.includes(secret.slice(-12));
        },
      ),
      { numRuns: 300 },
    );
  });
});
