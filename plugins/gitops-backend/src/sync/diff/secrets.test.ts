import { withPatch } from '../__fixtures__/merge';
import { liveSecret, SECRET_VALUES } from '../__fixtures__/secrets';
import { deployment } from '../__fixtures__/workloads';
import {
  maskSecret,
  maskSecretsTogether,
  redactSecretValues,
  SECRET_MASK,
} from './secrets';

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** Every form a value could leak in: plain, base64, and decoded base64. */
function leakForms(): string[] {
  return Object.values(SECRET_VALUES).flatMap(v => [v, b64(v)]);
}

function expectNoLeak(text: string) {
  for (const form of leakForms()) {
    expect(text).not.toContain(form);
  }
}

describe('maskSecret', () => {
  it('masks data and the last-applied copy, keeping keys visible', () => {
    const masked = maskSecret(liveSecret);
    expect(masked.data).toEqual({
      password: SECRET_MASK,
      apiToken: SECRET_MASK,
    });
    const lastApplied = JSON.parse(
      masked.metadata.annotations![
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    );
    expect(lastApplied.stringData).toEqual({ password: SECRET_MASK });
    expectNoLeak(JSON.stringify(masked));
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(liveSecret);
    maskSecret(liveSecret);
    expect(JSON.stringify(liveSecret)).toBe(before);
  });

  it('masks stringData and malformed value fields', () => {
    const odd = withPatch(liveSecret, {
      data: SECRET_VALUES.password, // invalid: a string instead of a map
      stringData: {
        token: SECRET_VALUES.apiToken,
        nested: { x: SECRET_VALUES.apiToken },
      },
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': `{broken ${SECRET_VALUES.password}`,
        },
      },
    });
    const masked = maskSecret(odd);
    expect(masked.data).toBe(SECRET_MASK);
    expect(masked.stringData).toEqual({
      token: SECRET_MASK,
      nested: SECRET_MASK,
    });
    expect(
      masked.metadata.annotations![
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toBe(SECRET_MASK);
    expectNoLeak(JSON.stringify(masked));
  });

  it('masks configured sensitive annotations', () => {
    const annotated = withPatch(liveSecret, {
      metadata: {
        annotations: { 'example.com/token': SECRET_VALUES.apiToken },
      },
    });
    const masked = maskSecret(annotated, {
      sensitiveAnnotations: ['example.com/token'],
    });
    expect(masked.metadata.annotations!['example.com/token']).toBe(SECRET_MASK);
  });

  it('leaves other kinds alone, including look-alikes in other groups', () => {
    expect(maskSecret(deployment)).toBe(deployment);
    const sealed = {
      ...liveSecret,
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
    };
    expect(maskSecret(sealed)).toBe(sealed);
  });
});

describe('maskSecretsTogether', () => {
  it('gives equal values equal masks and changed values longer ones', () => {
    const desired = withPatch(liveSecret, {
      data: {
        password: b64('a-new-password'),
        apiToken: b64(SECRET_VALUES.apiToken),
      },
    });
    const [maskedDesired, maskedLive] = maskSecretsTogether([
      desired,
      liveSecret,
    ] as const);
    expect(maskedDesired.data).toEqual({
      password: '++++++++',
      apiToken: '++++++++',
    });
    expect(maskedLive.data).toEqual({
      password: '++++++++++++',
      apiToken: '++++++++',
    });
  });

  it('passes absent objects through', () => {
    const [a, b] = maskSecretsTogether([undefined, liveSecret] as const);
    expect(a).toBeUndefined();
    expect(b!.data).toEqual({ password: SECRET_MASK, apiToken: SECRET_MASK });
  });
});

describe('redactSecretValues', () => {
  it('removes plain, base64 and escaped forms from error text', () => {
    const message =
      `Secret "db-credentials" is invalid: data[password]: Invalid value: "${SECRET_VALUES.password}", ` +
      `base64 ${b64(SECRET_VALUES.apiToken)}, json {"token":${JSON.stringify(
        SECRET_VALUES.apiToken,
      )}}`;
    const redacted = redactSecretValues(message, [liveSecret, deployment]);
    expectNoLeak(redacted);
    expect(redacted).toContain(`Invalid value: "${SECRET_MASK}"`);
    expect(redacted).toContain('Secret "db-credentials" is invalid');
  });

  it('redacts stringData values in their encoded form too', () => {
    const desired = withPatch(liveSecret, {
      data: null,
      stringData: { token: 'quote"and\nnewline' },
    });
    const text = `${b64('quote"and\nnewline')} / ${JSON.stringify(
      'quote"and\nnewline',
    )}`;
    const redacted = redactSecretValues(text, [desired]);
    expect(redacted).not.toContain(b64('quote"and\nnewline'));
    expect(redacted).not.toContain('quote');
  });

  it('returns text unchanged when no Secret is involved', () => {
    expect(redactSecretValues('nothing to hide', [deployment])).toBe(
      'nothing to hide',
    );
  });
});
