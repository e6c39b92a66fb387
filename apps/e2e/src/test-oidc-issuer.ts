import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export type JwksMode = 'ok' | 'down' | 'slow';

interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * An OIDC issuer served by the tests on loopback: its discovery document
 * and JWKS over node:http, keys made by jose. `path` tells issuers on the
 * one server apart; `jwksHits` counts key-set fetches; `mode` makes the
 * JWKS endpoint fail or hang.
 */
export class TestOidcIssuer {
  jwksHits = 0;
  mode: JwksMode = 'ok';
  private keys: IssuerKey[] = [];

  private constructor(
    readonly url: string,
    private readonly server: Server,
  ) {}

  static async start(path: string): Promise<TestOidcIssuer> {
    // Requests arrive only once the issuer below exists (its URL needs the port first).
    const server = createServer((req, res) => issuer.handle(req.url ?? '', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const issuer = new TestOidcIssuer(`http://127.0.0.1:${port}${path}`, server);
    await issuer.addKey('k1');
    return issuer;
  }

  /** host:port/path: the ARN tail and the condition-key prefix. */
  get resource(): string {
    return this.url.replace(/^https?:\/\//, '');
  }

  async addKey(kid: string): Promise<IssuerKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const key = {
      kid,
      privateKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    };
    this.keys.push(key);
    return key;
  }

  /** A key the issuer signs with but does not publish (a forged kid, or a rotation not yet published). */
  async unpublishedKey(kid: string): Promise<IssuerKey> {
    const key = await this.addKey(kid);
    this.keys = this.keys.filter((k) => k !== key);
    return key;
  }

  publish(key: IssuerKey): void {
    this.keys.push(key);
  }

  get publicJwk(): JWK {
    return this.keys[0].publicJwk;
  }

  /** An ID token of this issuer: `claims` override the defaults (aud ci, a sub, 5 minutes). */
  token(claims: JWTPayload = {}, options: { key?: IssuerKey; alg?: string } = {}): Promise<string> {
    const key = options.key ?? this.keys[0];
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: this.url,
      aud: 'ci',
      sub: 'repo:org/app:ref:refs/heads/main',
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(url: string, res: import('node:http').ServerResponse): void {
    const path = new URL(this.url).pathname;
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url === `${path}/.well-known/openid-configuration`)
      return json({
        issuer: this.url,
        jwks_uri: `${this.url}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (url === `${path}/jwks`) {
      this.jwksHits++;
      if (this.mode === 'down') {
        res.writeHead(503);
        res.end();
        return;
      }
      if (this.mode === 'slow') return; // never answers: sts's time limit must end the wait
      return json({ keys: this.keys.map((k) => k.publicJwk) });
    }
    res.writeHead(404);
    res.end();
  }
}
