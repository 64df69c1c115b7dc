export { AppCard } from './AppCard';
