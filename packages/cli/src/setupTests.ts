// Tests here drive a real backend (Kubernetes, git) on a shared two-core
// machine: give them room beyond Jest's 5 s default.
jest.setTimeout(60_000);
