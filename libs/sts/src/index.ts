export * from './sts.module';
