export * from './sts.module';
export * from './mfa/sts-mfa-verifier';
export { StsMfaDevicesProjection } from './mfa/mfa-devices.projection';
export * from './issuance/session-issuer';
