import { AuditModule } from '@iam/audit';
import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { IdentityModule } from '@iam/identity';
import { runService } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { StsModule } from '@iam/sts';

// Standalone mode: all four services in one process on one port, with
// PGlite, an in-memory TTL store and an in-process event transport.
void runService(
  {
    name: 'standalone',
    // One credentials projection for the process: identity's, applied inline.
    modules: [
      AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
      IdentityModule,
      PolicyModule,
      StsModule,
      AuditModule,
      // The AWS wire protocol (POST /) for the actions of every module above.
      AwsQueryModule,
    ],
    defaults: { IAM_MODE: 'standalone', PORT: '8080' },
  },
  ({ url, logger, config }) => {
    logger.info(
      {
        url,
        dataDir: config.IAM_DATA_DIR,
        identity: `${url}/v1/users`,
        policy: `${url}/v1/policies`,
        sts: `${url}/v1/sts`,
        audit: `${url}/v1/audit`,
        docs: `${url}/docs`,
        health: `${url}/health/ready`,
      },
      `IAM standalone ready at ${url}: identity, policy, sts and audit on this one port; OpenAPI at ${url}/docs`,
    );
  },
);
