import { Inflate } from 'pako';
import { GitSourceError } from '../errors';
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, readSize } from './gitEncoding';

/** Caps a fetched pack is checked against while it streams in. */
export interface PackLimits {
  /** Inflated size of any one object, and of what any delta builds; default 64 MiB. */
  maxObjectBytes: number;
  /** Objects in one pack; default 500,000. */
  maxObjects: number;
}

/**
 * Checks a packfile while it streams in, before isomorphic-git stores and
 * indexes it (indexing inflates every object whole, so one 1 GiB blob
 * that compresses to 1 MiB would otherwise cost gigabytes). Each object's
 * header declares its inflated size: that is checked before inflating. A
 * delta's data declares the size of the object it builds: checked as soon
 * as its first bytes inflate. Inflating (to find where the next object
 * starts) streams and discards, and fails the moment an object inflates
 * past what it declared.
 */
export class PackScanner {
  private pending: Uint8Array = new Uint8Array(0);
  private state: 'header' | 'object' | 'data' | 'done' = 'header';
  private objects = 0;
  private index = 0;
  private declared = 0;
  private inflated = 0;
  private delta = false;
  private deltaHead: number[] = [];
  private inflator?: Inflate;

  constructor(
    private readonly limits: PackLimits,
    /** Where the pack comes from, for messages. */
    private readonly from: string,
  ) {}

  push(chunk: Uint8Array): void {
    let data: Uint8Array = chunk;
    if (this.pending.length > 0) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = new Uint8Array(0);
    }
    while (data.length > 0 && this.state !== 'done') {
      if (this.state === 'header') {
        if (data.length < 12) break;
        this.readPackHeader(Buffer.from(data.buffer, data.byteOffset, 12));
        data = data.subarray(12);
      } else if (this.state === 'object') {
        const used = this.readObjectHeader(data);
        if (used === undefined) break;
        data = data.subarray(used);
      } else {
        data = this.inflate(data);
      }
    }
    if (this.state === 'header' || this.state === 'object') {
      // An incomplete header: at most a few dozen bytes wait for the next chunk.
      this.pending = data.slice();
    }
  }

  private fail(message: string): never {
    this.state = 'done';
    throw new GitSourceError('too-large', `Pack from ${this.from}: ${message}`);
  }

  private readPackHeader(header: Buffer): void {
    if (header.toString('latin1', 0, 4) !== 'PACK') {
      this.state = 'done';
      throw new GitSourceError(
        'refused',
        `Pack from ${this.from} does not start with a pack header`,
      );
    }
    this.objects = header.readUInt32BE(8);
    if (this.objects > this.limits.maxObjects) {
      this.fail(
        `${this.objects} objects, over the ${this.limits.maxObjects}-object cap`,
      );
    }
    this.state = this.objects > 0 ? 'object' : 'done';
  }

  /** Bytes the object header took, or undefined when it is not complete yet. */
  private readObjectHeader(data: Uint8Array): number | undefined {
    const type = (data[0] >> 4) & 7;
    let size = data[0] & 0x0f;
    let i = 1;
    if (data[0] & 0x80) {
      const rest = readSize(data, 1);
      if (!rest) return undefined;
      size += rest.value * 16;
      i = rest.next;
    }
    if (type === OBJ_OFS_DELTA) {
      while (i < data.length && data[i] & 0x80) i++;
      if (i >= data.length) return undefined;
      i++;
    } else if (type === OBJ_REF_DELTA) {
      if (data.length < i + 20) return undefined;
      i += 20;
    }
    this.index += 1;
    const cap = this.limits.maxObjectBytes;
    if (size > cap) {
      this.fail(
        `object ${this.index} of ${this.objects} declares ${size} bytes, over the ${cap}-byte cap per object`,
      );
    }
    this.declared = size;
    this.inflated = 0;
    this.delta = type === OBJ_OFS_DELTA || type === OBJ_REF_DELTA;
    this.deltaHead = [];
    const inflator = new Inflate({ chunkSize: 64 * 1024 });
    inflator.onData = out => this.onInflated(out);
    inflator.onEnd = () => undefined;
    this.inflator = inflator;
    this.state = 'data';
    return i;
  }

  private onInflated(out: Uint8Array): void {
    this.inflated += out.length;
    if (this.inflated > this.declared) {
      this.fail(
        `object ${this.index} of ${this.objects} inflates past the ${this.declared} bytes it declares`,
      );
    }
    if (this.delta && this.deltaHead.length < 20) {
      this.deltaHead.push(...out.subarray(0, 20 - this.deltaHead.length));
      const base = readSize(Uint8Array.from(this.deltaHead), 0);
      const result =
        base && readSize(Uint8Array.from(this.deltaHead), base.next);
      if (result) {
        this.delta = false;
        if (result.value > this.limits.maxObjectBytes) {
          this.fail(
            `object ${this.index} of ${this.objects} is a delta building ${result.value} bytes, over the ${this.limits.maxObjectBytes}-byte cap per object`,
          );
        }
      }
    }
  }

  /** Feeds the current object's compressed bytes; returns what follows it. */
  private inflate(data: Uint8Array): Uint8Array {
    const inflator = this.inflator!;
    inflator.push(data, false);
    if (inflator.err) {
      this.state = 'done';
      throw new GitSourceError(
        'refused',
        `Pack from ${this.from}: object ${this.index} of ${this.objects} is corrupt (${inflator.msg})`,
      );
    }
    if (!inflator.ended) return new Uint8Array(0);
    const rest = data.subarray(data.length - inflator.strm.avail_in);
    if (this.inflated !== this.declared) {
      this.state = 'done';
      throw new GitSourceError(
        'refused',
        `Pack from ${this.from}: object ${this.index} of ${this.objects} inflates to ${this.inflated} bytes, not the ${this.declared} it declares`,
      );
    }
    this.inflator = undefined;
    this.state = this.index < this.objects ? 'object' : 'done';
    return rest;
  }
}
