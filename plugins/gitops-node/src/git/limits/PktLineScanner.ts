/**
 * Splits a git smart-HTTP response (pkt-lines: four hex digits of length,
 * then the payload) while it streams, without keeping payloads: text lines
 * (refs, ACK/NAK, shallow) are reported by length, side-band lines (first
 * payload byte 1, 2 or 3) hand their payload on in pieces.
 */
export class PktLineScanner {
  private header = '';
  private remaining = 0;
  /** Side band of the line being read; 0 for a text line; undefined before its first byte. */
  private band?: number;
  private raw = false;

  constructor(
    private readonly handlers: {
      /** A text line of `bytes` payload bytes (called at its first byte). */
      onText(bytes: number): void;
      /** Part of a side-band payload. */
      onBand(band: number, payload: Uint8Array): void;
      /** Bytes that are not pkt-lines at all (e.g. a dumb server's listing). */
      onRaw(bytes: number): void;
    },
  ) {}

  push(chunk: Uint8Array): void {
    if (this.raw) {
      this.handlers.onRaw(chunk.length);
      return;
    }
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(4 - this.header.length, chunk.length - i);
        this.header += Buffer.from(chunk.subarray(i, i + take)).toString(
          'latin1',
        );
        i += take;
        if (this.header.length < 4) return;
        const length = /^[0-9a-f]{4}$/i.test(this.header)
          ? parseInt(this.header, 16)
          : -1;
        this.header = '';
        if (length < 0 || length === 3) {
          this.raw = true;
          this.handlers.onRaw(chunk.length - i + 4);
          return;
        }
        // 0000 flush, 0001 delim, 0002 response end: no payload.
        if (length < 4) continue;
        this.remaining = length - 4;
        this.band = undefined;
        continue;
      }
      if (this.band === undefined) {
        const first = chunk[i];
        if (first >= 1 && first <= 3) {
          this.band = first;
          i += 1;
          this.remaining -= 1;
          continue;
        }
        this.band = 0;
        this.handlers.onText(this.remaining);
      }
      const take = Math.min(this.remaining, chunk.length - i);
      if (this.band !== 0) {
        this.handlers.onBand(this.band, chunk.subarray(i, i + take));
      }
      i += take;
      this.remaining -= take;
    }
  }
}
