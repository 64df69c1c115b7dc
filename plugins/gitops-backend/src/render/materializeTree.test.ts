import fs from 'node:fs';
import { isInside, withMaterializedTree } from './materializeTree';
import { memoryTree } from './testing/memoryTree';

describe('withMaterializedTree', () => {
  it('writes the tree into a temp dir and removes it afterwards', async () => {
    let seen = '';
    const listing = await withMaterializedTree(
      memoryTree({ 'a.yaml': 'a', 'deep/b.yaml': 'b' }),
      async dir => {
        seen = dir;
        return fs.readFileSync(`${dir}/deep/b.yaml`, 'utf8');
      },
    );
    expect(listing).toBe('b');
    expect(seen).toMatch(/slipway-render-/);
    expect(fs.existsSync(seen)).toBe(false);
  });

  it('refuses paths that would land outside the temp dir', async () => {
    for (const hostile of [
      '../escape.yaml',
      'a/../../escape.yaml',
      '/etc/escape.yaml',
    ]) {
      await expect(
        withMaterializedTree(
          memoryTree({ [hostile]: 'x' }),
          async () => 'never',
        ),
      ).rejects.toThrow(
        `Refusing to write '${hostile}' outside the render folder`,
      );
    }
  });

  it('checks containment by path segments, not string prefixes', () => {
    expect(isInside('/tmp/root', '/tmp/root/a')).toBe(true);
    expect(isInside('/tmp/root', '/tmp/root-evil/a')).toBe(false);
    expect(isInside('/tmp/root', '/tmp')).toBe(false);
    expect(isInside('/tmp/root', '/tmp/root/..hidden')).toBe(true);
  });
});
