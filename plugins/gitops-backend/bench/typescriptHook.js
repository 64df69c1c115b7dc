// Loads the workspace's TypeScript with esbuild's transform, which runs in
// esbuild's own process, so a bench process measured for memory carries no
// transpiler of its own (`nodeTransform` keeps about 100 MiB of native
// memory in the process it runs in). Worker threads get it too: Node runs
// `--require` hooks in every thread.
const fs = require('node:fs');
const { transformSync } = require('esbuild');

for (const extension of ['.ts', '.tsx']) {
  require.extensions[extension] = (module, filename) => {
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
      loader: extension.slice(1),
      format: 'cjs',
      target: 'node24',
      sourcefile: filename,
    });
    module._compile(code, filename);
  };
}
