import { KubeApiError, secretValuesOf, toKubeApiError } from './KubeApiError';

describe('KubeApiError', () => {
  it('reads reason and message from a Status body', () => {
    const error = KubeApiError.fromResponse(
      409,
      JSON.stringify({ kind: 'Status', reason: 'Conflict', message: 'Apply failed with 1 conflict' }),
    );
    expect(error.message).toBe('Conflict (409): Apply failed with 1 conflict');
    expect(error.statusCode).toBe(409);
    expect(error.reason).toBe('Conflict');
  });

  it('keeps only the status code of a body that is not a Status', () => {
    expect(KubeApiError.fromResponse(502, '<html>bad gateway</html>').message).toBe('HTTP 502');
  });

  it('masks the values of a Secret the server echoes in its message', () => {
    const secret = {
      kind: 'Secret',
      data: { password: Buffer.from('hunter2-very-secret').toString('base64') },
      stringData: { token: 'tok-abcdef' },
    };
    const echoed = KubeApiError.fromResponse(
      422,
      JSON.stringify({
        reason: 'Invalid',
        message: `data[password]: Invalid value: "hunter2-very-secret", stringData[token]: "tok-abcdef", raw "${secret.data.password}"`,
      }),
    );
    const message = echoed.withContext('Apply of Secret ns/db failed', secretValuesOf(secret)).message;
    expect(message).toBe(
      'Apply of Secret ns/db failed: Invalid (422): data[password]: Invalid value: "***", stringData[token]: "***", raw "***"',
    );
  });

  it('masks nothing for other kinds and describes transport errors in one line', () => {
    expect(secretValuesOf({ kind: 'ConfigMap', data: { a: 'visible' } })).toEqual([]);
    const error = toKubeApiError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1\n  at stack'), {}));
    expect(error.message).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(error.statusCode).toBeUndefined();
  });
});
