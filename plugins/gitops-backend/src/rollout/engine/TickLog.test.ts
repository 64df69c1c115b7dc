import { canarySpec } from './__testUtils__/rolloutSpecs';
import { TickDriver } from './__testUtils__/TickDriver';
import { TickLog } from './TickLog';

describe('TickLog', () => {
  const failed = 'Rollout tick of podinfo.test failed: connect ECONNREFUSED';

  /** What a run of ticks that each log `record` leaves in the history. */
  async function logged(record: (log: TickLog, d: TickDriver) => Promise<void>) {
    const d = new TickDriver(canarySpec());
    const types: string[] = [];
    for (let tick = 0; tick < 3; tick++) {
      const log = new TickLog(d.rollout, d.analysis, {
        now: d.clock.now,
        commitOf: async () => 'c0ffee',
      });
      await record(log, d);
      types.push(...log.writes.events.map(e => `${e.type} ${e.message}`));
    }
    return types;
  }

  it('records an event about the engine once while it repeats, so a stuck rollout does not fill its history', async () => {
    expect(
      await logged((log, d) => log.eventOnce(d.state, failed, 'Warning')),
    ).toEqual([`Warning ${failed}`]);
  });

  it('records an event about the rollout on every tick', async () => {
    expect(
      await logged((log, d) => log.event(d.state, failed, 'Warning')),
    ).toEqual([`Warning ${failed}`, `Warning ${failed}`, `Warning ${failed}`]);
  });
});
