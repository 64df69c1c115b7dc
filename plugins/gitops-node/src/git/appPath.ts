import { GitSourceError } from './errors';

/**
 * Splits an app's folder inside the repository into segments, refusing
 * anything that could point outside the repository or into `.git`.
 * `''`, `.`, `/`-free relative paths with optional `./` prefix and trailing
 * slash are accepted; `..`, absolute paths, backslashes and NUL are not.
 */
export function appPathSegments(
  appPath: string | undefined,
  where: string,
): string[] {
  const raw = appPath ?? '';
  const refuse = (why: string) =>
    new GitSourceError(
      'refused',
      `Path '${raw}' in ${where} is refused: ${why}`,
    );
  if (raw.includes('\0')) throw refuse('it contains a NUL byte');
  if (raw.includes('\\')) throw refuse('it contains a backslash');
  if (raw.startsWith('/') || /^[a-z]:/i.test(raw)) {
    throw refuse(
      'it is absolute; give a folder relative to the repository root',
    );
  }
  const segments = raw.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuse("it contains '..'");
  if (segments.some(s => s.toLowerCase() === '.git'))
    throw refuse("it names '.git'");
  return segments;
}
