export { startKube, stopKube } from './kube';
export type { LocalKube } from './kube';
export {
  auditLog,
  countWrites,
  parseAuditLine,
  testAuditLog,
  writeKey,
} from './auditLog';
export type {
  AuditLog,
  AuditMark,
  AuditedWrite,
  AuditedWrites,
} from './auditLog';
export { startGitServer } from './gitServer';
export { gitRepos } from './gitRepos';
export type {
  GitServer,
  GitServerOptions,
  GitRepos,
  CommitOptions,
  RepoFiles,
} from './gitServer';
export { startPrometheus } from './prometheus';
export type { Prometheus, PrometheusOptions } from './prometheus';
export { startTrafficSimulator } from './trafficSimulator';
export type {
  TrafficSimulator,
  TrafficSimulatorOptions,
  SimulatedAppOptions,
  WorkloadBehaviour,
  Weights,
  RoutingSource,
  WorkloadRole,
} from './trafficSimulator';
export * from './routingWeights';
export { startLoadTester } from './loadTester';
export type {
  LoadTester,
  LoadTesterCall,
  LoadTesterOptions,
} from './loadTester';
export { freePort } from './freePort';
export { startLoopbackServer } from './loopbackServer';
export type { LoopbackServer } from './loopbackServer';
export { startChatFake } from './chatFakes';
export type { ChatFake, ChatMessage } from './chatFakes';
export { ensureRoutingCrds } from './routingCrds';
export { startPostgres, stopPostgres } from './postgres';
export type { LocalPostgres } from './postgres';
export {
  setupTestEnv,
  teardownTestEnv,
  parseComponents,
  TEST_GIT_CREDENTIALS,
} from './testEnv';
export type { Component } from './testEnv';
export { testGitServer } from './testGitServer';
export type { TestGitServer } from './testGitServer';
export {
  ensureTenantRbac,
  tenantRbacObjects,
  checkTenantLayout,
} from './tenantRbac';
export type {
  TenantRbac,
  TenantRbacOptions,
  TenantRbacLayout,
  TenantSpec,
} from './tenantRbac';
export { waitUntil } from './waitUntil';
export type { WaitUntilOptions } from './waitUntil';
export {
  UPSTREAM_SOURCES,
  fetchGoModule,
  fetchUpstreamSource,
} from './upstreamSources';
export type { UpstreamName, UpstreamSource } from './upstreamSources';
