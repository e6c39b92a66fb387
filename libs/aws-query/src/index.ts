export * from './aws-query.module';
export * from './query-api';
export * from './action-table';
export * from './query-form';
export * from './xml-writer';
export * from './actions/iam-actions';
export * from './actions/sts-actions';
export * from './route-registry';
