import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * Names this backend process in leases, runs and operations: readable in
 * History ("backend web-7f9c-1234-ab12cd stopped") and unique across
 * restarts, so a restarted replica never mistakes its predecessor's work
 * for its own.
 */
export function instanceId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
