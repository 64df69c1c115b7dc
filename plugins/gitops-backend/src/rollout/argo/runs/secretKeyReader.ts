import type { ReadSecret } from '../analysis';
import type { ReadSecretData } from './types';

/**
 * The `ReadSecret` the analysis functions take, reading only in the
 * rollout's namespace whatever a template names. Each Secret is read once
 * per reader (make one per tick, so values live no longer than it); a
 * missing Secret reads as the API server's NotFound, as Argo reports it.
 */
export function secretKeyReader(
  readSecret: ReadSecretData,
  namespace: string,
): ReadSecret {
  const secrets = new Map<
    string,
    Promise<Record<string, string> | undefined>
  >();
  return async (name, key) => {
    let secret = secrets.get(name);
    if (!secret) {
      secret = readSecret(namespace, name);
      secrets.set(name, secret);
    }
    const data = await secret;
    if (!data) throw new Error(`secrets "${name}" not found`);
    return Object.hasOwn(data, key) ? data[key] : undefined;
  };
}
