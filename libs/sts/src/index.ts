export * from './sts.module';
export * from './issuance/session-issuer';
