/** A clock that moves only when a test moves it. */
export class FakeClock {
  #ms: number;

  constructor(start = '2030-01-01T00:00:00.000Z') {
    this.#ms = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    this.#ms += ms;
  }
}
