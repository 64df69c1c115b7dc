import { elfInterpreter } from './elfInterpreter';
import { requireBinary } from './testing/victim';

describe('elfInterpreter', () => {
  it('names the loader of a dynamically linked executable', async () => {
    await expect(elfInterpreter(requireBinary('ls'))).resolves.toMatch(
      /^\/lib.*\/ld-[-\w.]+\.so\.\d+$/,
    );
  });

  it('finds none in the static tools, nor in a script', async () => {
    await expect(elfInterpreter(requireBinary('kustomize'))).resolves.toBe(
      undefined,
    );
    await expect(elfInterpreter(requireBinary('helm'))).resolves.toBe(
      undefined,
    );
    await expect(elfInterpreter(__filename)).resolves.toBe(undefined);
  });
});
