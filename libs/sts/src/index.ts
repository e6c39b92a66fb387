export * from './sts.module';
export * from './mfa/sts-mfa-verifier';
export { StsMfaDevicesProjection } from './mfa/mfa-devices.projection';
export { SignInProjection } from './sign-in/sign-in.projection';
export * from './issuance/session-issuer';
export * from './issuance/issuance-mfa';
export * from './sts.migrations';
