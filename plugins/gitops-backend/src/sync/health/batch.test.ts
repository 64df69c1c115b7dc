import { withPatch } from '../__fixtures__/merge';
import { cronJob, job } from '../__fixtures__/workloads';
import { cronJobHealth, jobHealth } from './batch';

describe('jobHealth', () => {
  it('is Progressing while pods run', () => {
    expect(jobHealth(job)).toEqual({
      status: 'Progressing',
      message: 'Job is running: 1 active, 0 succeeded, 0 failed',
    });
  });

  it('is Healthy when Complete', () => {
    const complete = withPatch(job, {
      status: {
        active: null,
        ready: 0,
        succeeded: 1,
        completionTime: '2025-05-02T09:15:07Z',
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
          },
          {
            type: 'Complete',
            status: 'True',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
          },
        ],
      },
    });
    expect(jobHealth(complete)).toEqual({
      status: 'Healthy',
      message: 'Reached expected number of succeeded pods',
    });
  });

  it('is Degraded when Failed, with the controller message', () => {
    const failed = withPatch(job, {
      status: {
        active: null,
        failed: 7,
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
    });
    expect(jobHealth(failed)).toEqual({
      status: 'Degraded',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('is still Progressing while only FailureTarget is set', () => {
    const failing = withPatch(job, {
      status: {
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
          },
        ],
      },
    });
    expect(jobHealth(failing).status).toBe('Progressing');
  });

  it('is Suspended while suspended, and Progressing once resumed', () => {
    const suspended = withPatch(job, {
      spec: { suspend: true },
      status: {
        active: null,
        conditions: [
          {
            type: 'Suspended',
            status: 'True',
            reason: 'JobSuspended',
            message: 'Job suspended',
          },
        ],
      },
    });
    expect(jobHealth(suspended)).toEqual({
      status: 'Suspended',
      message: 'Job suspended',
    });
    const resumed = withPatch(suspended, {
      status: {
        conditions: [
          {
            type: 'Suspended',
            status: 'False',
            reason: 'JobResumed',
            message: 'Job resumed',
          },
        ],
      },
    });
    expect(jobHealth(resumed).status).toBe('Progressing');
  });
});

describe('cronJobHealth', () => {
  it('is Healthy when the last run succeeded', () => {
    expect(cronJobHealth(cronJob)).toEqual({
      status: 'Healthy',
      message: 'CronJob has completed its last execution successfully',
    });
  });

  it('is Degraded when the last scheduled run did not succeed', () => {
    const failed = withPatch(cronJob, {
      status: {
        lastScheduleTime: '2025-05-03T02:00:00Z',
        lastSuccessfulTime: '2025-05-02T02:03:41Z',
      },
    });
    expect(cronJobHealth(failed)).toEqual({
      status: 'Degraded',
      message: 'CronJob has not completed its last execution successfully',
    });
  });

  it('is Healthy while a run is active', () => {
    const running = withPatch(cronJob, {
      status: {
        lastScheduleTime: '2025-05-03T02:00:00Z',
        active: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: 'nightly-report-29100000',
            namespace: 'shop',
          },
        ],
      },
    });
    expect(cronJobHealth(running).status).toBe('Healthy');
  });

  it('is Healthy (not Suspended) when suspended', () => {
    const suspended = withPatch(cronJob, { spec: { suspend: true } });
    expect(cronJobHealth(suspended)).toEqual({
      status: 'Healthy',
      message: 'CronJob is suspended',
    });
  });

  it('is Healthy before the first schedule and Progressing without status', () => {
    expect(
      cronJobHealth(
        withPatch(cronJob, {
          status: { lastScheduleTime: null, lastSuccessfulTime: null },
        }),
      ).message,
    ).toBe('CronJob has not been scheduled yet');
    expect(cronJobHealth(withPatch(cronJob, { status: null })).status).toBe(
      'Progressing',
    );
  });
});
