import fs from 'node:fs/promises';

const PT_INTERP = 3;

/**
 * The program interpreter (dynamic loader) an ELF executable names, e.g.
 * `/lib64/ld-linux-x86-64.so.2`; undefined for a static executable or a
 * file that is not ELF. The sandbox binds shared libraries in only for
 * executables that need them.
 */
export async function elfInterpreter(
  file: string,
): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const header = Buffer.alloc(64);
    await handle.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46) return undefined; // "\x7fELF"
    const is64 = header[4] === 2;
    const little = header[5] === 1;
    const u16 = (b: Buffer, at: number) =>
      little ? b.readUInt16LE(at) : b.readUInt16BE(at);
    const u32 = (b: Buffer, at: number) =>
      little ? b.readUInt32LE(at) : b.readUInt32BE(at);
    const word = (b: Buffer, at: number) =>
      is64
        ? Number(little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at))
        : u32(b, at);
    const tableAt = word(header, is64 ? 0x20 : 0x1c);
    const entrySize = u16(header, is64 ? 0x36 : 0x2a);
    const count = u16(header, is64 ? 0x38 : 0x2c);
    if (entrySize === 0 || count === 0) return undefined;
    const table = Buffer.alloc(entrySize * count);
    await handle.read(table, 0, table.length, tableAt);
    for (let i = 0; i < count; i++) {
      const entry = table.subarray(i * entrySize, (i + 1) * entrySize);
      if (u32(entry, 0) !== PT_INTERP) continue;
      const offset = word(entry, is64 ? 0x08 : 0x04);
      const size = word(entry, is64 ? 0x20 : 0x10);
      const name = Buffer.alloc(Math.min(size, 4096));
      await handle.read(name, 0, name.length, offset);
      return name.toString('utf8').replace(/\0.*$/s, '');
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
