export * from './spec';
export * from './metrics';
