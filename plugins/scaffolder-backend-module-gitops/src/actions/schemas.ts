// Plain patterns rather than zod helpers: the scaffolder hands each schema
// callback its own zod instance, which differs from the repository's.

/** Kubernetes object / cluster name; also keeps names safe inside paths. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An http(s) URL; ssh remotes need keys this module does not handle. */
export const isHttpUrl = (url: string) => /^https?:\/\/[^/]/i.test(url);

/** A git branch name without the parts git refuses. */
export const isBranchName = (b: string) =>
  /^[A-Za-z0-9._/-]+$/.test(b) &&
  !b.includes('..') &&
  !b.includes('//') &&
  !b.startsWith('/') &&
  !b.endsWith('/') &&
  !b.endsWith('.lock');
