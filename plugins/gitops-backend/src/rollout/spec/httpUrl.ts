import { z } from 'zod';

/**
 * An absolute http(s) URL: the only kind the rollout engine calls, so a
 * `file:` or `gopher:` address is refused when the document is read rather
 * than when a check runs.
 */
export const httpUrl = () =>
  z
    .string()
    .url('must be an absolute URL')
    .refine(
      // A value that is no URL at all already has its message.
      value => !URL.canParse(value) || /^https?:\/\//i.test(value),
      'must be an http or https URL',
    );
