import { AuditModule } from '@iam/audit';
import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { IdentityModule } from '@iam/identity';
import { bootstrapService, type RunningApp } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { StsModule } from '@iam/sts';

/**
 * Standalone mode in this process, as `npm start` runs it (one credentials
 * projection, identity's, applied inline), on `dataDir`, on a free port.
 */
export function startStandalone(dataDir: string): Promise<RunningApp> {
  return bootstrapService({
    name: 'standalone',
    modules: [
      AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
      IdentityModule,
      PolicyModule,
      StsModule,
      AuditModule,
      AwsQueryModule,
    ],
    env: {
      IAM_MODE: 'standalone',
      IAM_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
    },
  });
}
