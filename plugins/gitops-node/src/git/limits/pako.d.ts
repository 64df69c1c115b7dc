// The part of pako 1.x (isomorphic-git's inflater) that the pack scanner uses.
declare module 'pako' {
  export class Inflate {
    constructor(options?: { chunkSize?: number });
    push(data: Uint8Array, mode: boolean | number): boolean;
    onData(chunk: Uint8Array): void;
    onEnd(status: number): void;
    ended: boolean;
    err: number;
    msg: string;
    strm: { avail_in: number };
  }
}
