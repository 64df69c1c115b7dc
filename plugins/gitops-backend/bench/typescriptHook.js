// Loads the workspace's TypeScript with esbuild's transform, which runs in
// esbuild's own process, so a bench process measured for memory carries no
// transpiler of its own (`nodeTransform` keeps about 100 MiB of native
// memory in the process it runs in). Worker threads get it too: Node runs
// `--require` hooks in every thread. Its synchronous API would start a
// worker thread of its own (another V8 heap in the measured process) in
// every thread that loads TypeScript; spawning its binary per file does not.
process.env.ESBUILD_WORKER_THREADS = '0';
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
