export * from './sts.module';
export * from './issuance/session-issuer';
export * from './issuance/issuance-mfa';
