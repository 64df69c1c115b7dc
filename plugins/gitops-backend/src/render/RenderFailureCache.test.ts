import { GitSourceError } from '@slipway/plugin-gitops-node';
import { PlainRenderer } from './PlainRenderer';
import { RenderError } from './RenderError';
import { RenderFailureCache, RenderKey } from './RenderFailureCache';
import { memoryTree } from './testing/memoryTree';

const key = (sha: string): RenderKey => ({
  repo: 'http://git.test/a.git',
  sha,
  path: 'app',
  namespace: 'default',
});

describe('RenderFailureCache', () => {
  it('renders a failing commit once, then answers with the same error', async () => {
    const cache = new RenderFailureCache();
    const tree = memoryTree({
      'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n',
    });
    const renderer = new PlainRenderer();
    let renders = 0;
    const render = () => {
      renders += 1;
      return renderer.render(tree, { namespace: 'default' });
    };
    const first = await cache.render(key('a'), render).catch(e => e);
    const second = await cache.render(key('a'), render).catch(e => e);
    expect(first).toBeInstanceOf(RenderError);
    expect(second).toBe(first);
    expect(renders).toBe(1);
    // Another commit, path or namespace renders again.
    await cache
      .render({ ...key('a'), namespace: 'other' }, render)
      .catch(() => undefined);
    expect(renders).toBe(2);
  });

  it('remembers git refusals and caps, not successes or transient errors', async () => {
    const cache = new RenderFailureCache();
    await expect(cache.render(key('b'), async () => 'ok')).resolves.toBe('ok');
    await expect(
      cache.render(key('b'), async () => {
        throw new Error('git timed out');
      }),
    ).rejects.toThrow('git timed out');
    expect(cache.get(key('b'))).toBeUndefined();
    await expect(cache.render(key('b'), async () => 'again')).resolves.toBe(
      'again',
    );
    const tooLarge = new GitSourceError('too-large', 'File x is too big');
    await expect(
      cache.render(key('c'), async () => {
        throw tooLarge;
      }),
    ).rejects.toBe(tooLarge);
    expect(cache.get(key('c'))).toBe(tooLarge);
  });

  it('keeps at most maxEntries failures, dropping the oldest', async () => {
    const cache = new RenderFailureCache(2);
    for (const sha of ['1', '2', '3']) {
      await cache
        .render(key(sha), async () => {
          throw new RenderError(`bad ${sha}`);
        })
        .catch(() => undefined);
    }
    expect(cache.size).toBe(2);
    expect(cache.get(key('1'))).toBeUndefined();
    expect(cache.get(key('3'))?.message).toBe('bad 3');
  });
});
