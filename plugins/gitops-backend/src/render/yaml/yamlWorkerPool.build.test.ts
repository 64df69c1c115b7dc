/**
 * The YAML parser's worker loads its code from the module the pool lives
 * in. The production build (`backstage-cli package build`) drops exports
 * nothing imports, so this runs the built package, in plain Node, as a
 * deployed backend does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = path.resolve(__dirname, '../../..');
const distDir = path.join(packageDir, 'dist');

describe('the built YAML parser', () => {
  const hadDist = fs.existsSync(distDir);
  afterAll(() => {
    if (!hadDist) fs.rmSync(distDir, { recursive: true, force: true });
  });

  it('parses manifests in its worker thread', async () => {
    const cli = require.resolve('@backstage/cli/bin/backstage-cli');
    await run(process.execPath, [cli, 'package', 'build'], { cwd: packageDir });
    const script = `
      const { parseManifests } = require('./dist/render/parseManifests.cjs.js');
      parseManifests('apiVersion: v1\\nkind: ConfigMap\\nmetadata: { name: a }\\n', 'a.yaml').then(
        objects => { console.log(JSON.stringify(objects)); process.exit(0); },
        error => { console.error(error.message); process.exit(1); },
      );`;
    // No TypeScript hook: NODE_OPTIONS from the test runner stays out.
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: packageDir,
      env: { PATH: process.env.PATH },
    });
    expect(JSON.parse(stdout)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
    ]);
  }, 300_000);
});
