import { fetchGoModule, UPSTREAM_SOURCES } from './upstreamSources';

describe('fetchGoModule', () => {
  const saved = { PATH: process.env.PATH, GOPROXY: process.env.GOPROXY };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.GOPROXY === undefined) delete process.env.GOPROXY;
    else process.env.GOPROXY = saved.GOPROXY;
  });

  it('says to install Go when go is not on the PATH', async () => {
    process.env.PATH = '/nonexistent';
    await expect(
      fetchGoModule('github.com/fluxcd/flagger', 'v1.36.1'),
    ).rejects.toThrow(
      /^Cannot fetch github\.com\/fluxcd\/flagger@v1\.36\.1: the Go toolchain \("go"\) is not on the PATH\. .*install Go/,
    );
  });

  it('names the module and the proxy when the proxy cannot serve it', async () => {
    // GOPROXY=off: no network, and this module is in no cache.
    process.env.GOPROXY = 'off';
    await expect(
      fetchGoModule('example.invalid/no-such-module', 'v1.0.0'),
    ).rejects.toThrow(
      /^Cannot fetch example\.invalid\/no-such-module@v1\.0\.0 through the Go module proxy \(GOPROXY=off\): .*GOPROXY=off/,
    );
  });

  it('pins every upstream to an exact release', () => {
    for (const { version } of Object.values(UPSTREAM_SOURCES)) {
      expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });
});
