import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IamError } from '@iam/contracts';
import { Public } from '@iam/platform';
import { AUDIT_SIGNING_KEY } from './audit-signing-key.token';
import type { AuditSigningKey } from './signing-key';

/** The key digests are verified with, for anyone (as CloudTrail publishes its digest public keys). */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditPublicKeyController {
  constructor(@Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey | null) {}

  @Get('public-key')
  @Public()
  @ApiOperation({
    operationId: 'GetTrailPublicKey',
    summary: 'The Ed25519 public key the trail digests are signed with (unauthenticated)',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        algorithm: { type: 'string', enum: ['Ed25519'] },
        keyId: { type: 'string', description: 'SHA-256 of the SPKI DER, hex: digests name their key by it' },
        publicKey: { type: 'string', description: 'PEM (SPKI)' },
      },
    },
  })
  publicKey() {
    if (!this.key)
      throw new IamError(
        'NoSuchEntity',
        'This audit service has no signing key (IAM_AUDIT_SIGNING_KEY): it signs no digests.',
      );
    return {
      algorithm: 'Ed25519',
      keyId: this.key.keyId,
      publicKey: this.key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
}
