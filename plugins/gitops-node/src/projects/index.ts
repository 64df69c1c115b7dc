export { canonicalRepoUrl, matchesAny, matchesGlob } from './glob';
export { ownerRef, readProjects } from './readProjects';
export type { ProjectSettings } from './readProjects';
export { resolveProject } from './resolveProject';
export type { ProjectResolution } from './resolveProject';
export {
  allowsOutboundHost,
  checkDestination,
  checkObject,
  checkSourcePath,
  checkSourceRepo,
  destinationOf,
  impersonatedUser,
} from './rules';
export type { ProjectDenial } from './rules';
