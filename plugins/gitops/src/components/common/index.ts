export { AnnotatedEntityOnly } from './AnnotatedEntityOnly';
export { StatusLabel } from './StatusLabel';
export { useEntityApps } from './useEntityApps';
