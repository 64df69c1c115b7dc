import { keptOutcome, maskAll, MAX_VALUE_CHARS } from './keptOutcome';

const ok = { status: 200, statusLine: 'HTTP 200 OK', body: '{}' };

describe('keptOutcome', () => {
  it('masks a Secret value before cutting a long value, so no part of it is kept', () => {
    const secret = 'tok-s3cr3t-&-value';
    // The cut falls inside the Secret value as the server sent it.
    const value = `${'x'.repeat(MAX_VALUE_CHARS - 5)}${secret}${'y'.repeat(
      50,
    )}`;
    const kept = keptOutcome({ value, result: value }, 'web', ok, [secret]);
    expect(kept.value).toBe(
      `${'x'.repeat(MAX_VALUE_CHARS - 5)}*****… (${
        MAX_VALUE_CHARS + 50
      } characters)`,
    );
    expect(kept.result).toBe(value);
  });

  it('masks the spellings URLs and JSON give a Secret value', () => {
    const secret = 'a b&<c>/d';
    const text = [
      secret,
      encodeURIComponent(secret),
      'a%20b&%3Cc%3E/d',
      'a+b%26%3Cc%3E%2Fd',
      'a b\\u0026\\u003cc\\u003e/d',
    ].join(' | ');
    expect(maskAll(text, [secret])).toBe(
      '***** | ***** | ***** | ***** | *****',
    );
    expect(maskAll('nothing here', ['', 'x-secret'])).toBe('nothing here');
  });

  it("keeps Prometheus' status line and own error type, never its error text or warnings", () => {
    const answer = {
      status: 422,
      statusLine: 'HTTP 422 Unprocessable Entity',
      body: JSON.stringify({
        status: 'error',
        errorType: 'execution',
        error: 'query touched internal-db.corp',
      }),
    };
    expect(
      keptOutcome(
        { error: 'execution: query touched internal-db.corp' },
        'prometheus',
        answer,
        [],
      ),
    ).toEqual({
      error: 'Prometheus answered HTTP 422 Unprocessable Entity (execution)',
    });
    const odd = {
      ...answer,
      body: '{"status":"error","errorType":"<b>x</b>"}',
    };
    expect(keptOutcome({ error: '<b>x</b>: ' }, 'prometheus', odd, [])).toEqual(
      { error: 'Prometheus answered HTTP 422 Unprocessable Entity' },
    );
    expect(
      keptOutcome(
        { value: '[1]', result: [1], metadata: { warnings: '"internal"' } },
        'prometheus',
        ok,
        [],
      ),
    ).toEqual({ value: '[1]', result: [1] });
  });
});
