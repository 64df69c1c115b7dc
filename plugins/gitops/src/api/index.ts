export * from './GitopsApi';
export * from './GitopsClient';
