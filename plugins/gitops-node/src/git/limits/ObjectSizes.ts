import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, readSize } from './gitEncoding';

const IDX_MAGIC = 0xff744f63;

/**
 * What the first (at most 512) bytes of a zlib stream inflate to: enough
 * for an object or delta header, and at most about 0.5 MiB however well
 * the rest compresses.
 */
function inflateHead(deflated: Buffer): Buffer {
  return zlib.inflateSync(deflated.subarray(0, 512), {
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  });
}

async function readAt(file: string, offset: number, length: number) {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the size git objects declare, from loose object headers and pack
 * indexes, without inflating their content: readGitTree checks it against
 * its caps before isomorphic-git inflates the object whole.
 */
export class ObjectSizes {
  private indexes?: Promise<Array<{ pack: string; idx: Buffer }>>;

  constructor(private readonly gitdir: string) {}

  /** Inflated size of the object, or undefined when it is in no place this knows. */
  async of(oid: string): Promise<number | undefined> {
    const loose = await this.loose(oid);
    if (loose !== undefined) return loose;
    const packed = await this.packed(oid);
    if (packed !== undefined) return packed;
    // A fetch may have added a pack since the indexes were read.
    this.indexes = undefined;
    return this.packed(oid);
  }

  private async packed(oid: string): Promise<number | undefined> {
    for (const { pack, idx } of await this.packIndexes()) {
      const offset = findOffset(idx, oid);
      if (offset !== undefined) return packedSize(pack, offset);
    }
    return undefined;
  }

  private async loose(oid: string): Promise<number | undefined> {
    const file = path.join(
      this.gitdir,
      'objects',
      oid.slice(0, 2),
      oid.slice(2),
    );
    let head: Buffer;
    try {
      head = await readAt(file, 0, 512);
    } catch {
      return undefined;
    }
    // "blob 1234\0…": the header is within the first inflated bytes.
    const text = inflateHead(head).toString('latin1');
    const match = /^[a-z]+ (\d+)\0/.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  private packIndexes() {
    this.indexes ??= (async () => {
      const dir = path.join(this.gitdir, 'objects', 'pack');
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      return Promise.all(
        names
          .filter(n => n.endsWith('.idx'))
          .map(async n => ({
            pack: path.join(dir, n.replace(/\.idx$/, '.pack')),
            idx: await fs.readFile(path.join(dir, n)),
          })),
      );
    })();
    return this.indexes;
  }
}

/** Offset of `oid` in the pack a version-2 index describes. */
function findOffset(idx: Buffer, oid: string): number | undefined {
  if (idx.length < 1032 || idx.readUInt32BE(0) !== IDX_MAGIC) return undefined;
  const wanted = Buffer.from(oid, 'hex');
  const first = wanted[0];
  const count = idx.readUInt32BE(8 + 255 * 4);
  let low = first === 0 ? 0 : idx.readUInt32BE(8 + (first - 1) * 4);
  let high = idx.readUInt32BE(8 + first * 4);
  const names = 1032;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const cmp = idx.compare(
      wanted,
      0,
      20,
      names + mid * 20,
      names + mid * 20 + 20,
    );
    if (cmp === 0) {
      const offsets = names + count * 24;
      const offset = idx.readUInt32BE(offsets + mid * 4);
      if (offset & 0x80000000) {
        const large = offsets + count * 4 + (offset & 0x7fffffff) * 8;
        return Number(idx.readBigUInt64BE(large));
      }
      return offset;
    }
    if (cmp > 0) high = mid;
    else low = mid + 1;
  }
  return undefined;
}

/** The size a packed object's header declares; for a delta, the size of what it builds. */
async function packedSize(pack: string, offset: number): Promise<number> {
  const head = await readAt(pack, offset, 512);
  const type = (head[0] >> 4) & 7;
  let size = head[0] & 0x0f;
  let i = 1;
  if (head[0] & 0x80) {
    const rest = readSize(head, 1)!;
    size += rest.value * 16;
    i = rest.next;
  }
  if (type !== OBJ_OFS_DELTA && type !== OBJ_REF_DELTA) return size;
  if (type === OBJ_OFS_DELTA) {
    while (head[i] & 0x80) i++;
    i++;
  } else {
    i += 20;
  }
  const delta = inflateHead(head.subarray(i));
  const base = readSize(delta, 0);
  const result = base && readSize(delta, base.next);
  return result ? Math.max(size, result.value) : size;
}
