/**
 * The `slipway` command line: Slipway's apps and rollouts from a pipeline.
 *
 * @packageDocumentation
 */
import { runCli } from './main';

runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  env: process.env,
}).then(code => {
  process.exitCode = code;
});
