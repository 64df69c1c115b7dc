// Jest runs each distinct globalSetup file once per run, with the config of
// the first project that names it. A file of this package's own makes Jest
// run it too, so the components in this package's `slipwayTestEnv` start even
// when another project's setup ran first (the setups share what is up).
export { default } from '@internal/test-env/src/globalSetup';
