export * from './operations';
export * from './routes';
