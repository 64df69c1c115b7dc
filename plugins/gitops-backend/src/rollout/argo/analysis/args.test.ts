import { argoDocs } from './__testUtils__/argoDocs';
import {
  argValues,
  mergeArgs,
  readSecretArgs,
  resolveArgs,
  secretValues,
  suppliedArgValues,
} from './args';
import { parseAnalysisTemplate } from './parseAnalysisTemplate';
import { maskSecrets } from './substitute';
import type { AnalysisTemplateSpec } from './types';

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'guestbook',
    namespace: 'shop',
    uid: 'u-1',
    labels: { env: 'dev', region: 'us-west-2' },
    annotations: { 'example.com/team': 'payments' },
  },
  spec: { replicas: 3 },
  status: {
    alb: { canaryTargetGroup: { name: 'tg-canary' } },
    conditions: [{ type: 'Progressing' }],
    observedGeneration: 1234567,
  },
};

const secrets: Record<string, Record<string, string>> = {
  'token-secret': { apiToken: 's3cr3t-token' },
};
const readSecret = (name: string, key: string) => {
  const secret = secrets[name];
  if (!secret) throw new Error(`secrets "${name}" not found`);
  return secret[key];
};

describe('resolveArgs', () => {
  let example: AnalysisTemplateSpec;
  beforeAll(async () => {
    example = parseAnalysisTemplate(await argoDocs.argsExample()).template!;
  });

  it("resolves the documentation's args-example as Argo does", async () => {
    const { resolved, errors } = await resolveArgs(
      example.args,
      [
        {
          name: 'service-name',
          value: 'guestbook-svc.default.svc.cluster.local',
        },
        { name: 'api-url', value: 'http://other-api' },
        { name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' } },
        { name: 'latest-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      ],
      { readSecret, podTemplateHashes: { stable: '5d8f', latest: '7c9b' } },
    );
    expect(errors).toEqual([]);
    expect(resolved!.values).toEqual({
      'service-name': 'guestbook-svc.default.svc.cluster.local',
      'stable-hash': '5d8f',
      'latest-hash': '7c9b',
      'api-url': 'http://other-api',
      'api-token': 's3cr3t-token',
    });
    expect(resolved!.secretNames).toEqual(['api-token']);
    // What is kept and shown holds where the Secret is, never its value.
    expect(resolved!.args).toContainEqual({
      name: 'api-token',
      secretKeyRef: { name: 'token-secret', key: 'apiToken' },
    });
    expect(JSON.stringify(resolved!.args)).not.toContain('s3cr3t-token');
  });

  it('keeps template defaults the Rollout does not override', async () => {
    const { resolved } = await resolveArgs(
      example.args,
      ['service-name', 'stable-hash', 'latest-hash'].map(name => ({
        name,
        value: 'x',
      })),
      { readSecret },
    );
    expect(resolved!.values['api-url']).toBe('http://example/measure');
  });

  it('names every required argument nobody gives', async () => {
    const { resolved, errors } = await resolveArgs(example.args, [], {
      readSecret,
    });
    expect(resolved).toBeUndefined();
    expect(errors).toEqual([
      'args.service-name was not resolved: the template gives it no value and the Rollout passes none',
      'args.stable-hash was not resolved: the template gives it no value and the Rollout passes none',
      'args.latest-hash was not resolved: the template gives it no value and the Rollout passes none',
    ]);
  });

  it('ignores arguments the templates do not declare; a value-less one passes ""', async () => {
    const merged = mergeArgs(
      [{ name: 'a' }, { name: 'b', value: 'default' }],
      [
        { name: 'a' },
        { name: 'zzz', value: '1' },
        { name: 'b', value: 'one' },
        { name: 'b', value: 'two' },
      ],
    );
    expect(merged).toEqual({
      args: [
        { name: 'a', value: '' },
        { name: 'b', value: 'two' },
      ],
      errors: [],
    });
  });

  it('keeps reading a Secret even when the Rollout passes a value, as Argo does', async () => {
    const { resolved } = await resolveArgs(
      [
        {
          name: 't',
          valueFrom: {
            secretKeyRef: { name: 'token-secret', key: 'apiToken' },
          },
        },
      ],
      [{ name: 't', value: 'from-rollout' }],
      { readSecret },
    );
    expect(resolved!.values.t).toBe('s3cr3t-token');
  });

  it("says why a Secret cannot be read, in Argo's words where it has them", async () => {
    const arg = (name: string, key: string) => ({
      name: 't',
      valueFrom: { secretKeyRef: { name, key } },
    });
    expect(
      (await resolveArgs([arg('token-secret', 'nope')], [], { readSecret }))
        .errors,
    ).toEqual(["key 'nope' does not exist in secret 'token-secret'"]);
    expect(
      (await resolveArgs([arg('missing', 'k')], [], { readSecret })).errors,
    ).toEqual(['secrets "missing" not found']);
    expect(
      (await resolveArgs([arg('token-secret', 'apiToken')], [], {})).errors,
    ).toEqual([
      'args.t: reads Secret token-secret, but no Secret reader was given',
    ]);
  });

  it('reads a template fieldRef only when the Rollout passes the argument (Argo never reads it)', async () => {
    const templateArgs = [
      {
        name: 'env',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['env']" } },
      },
    ];
    expect((await resolveArgs(templateArgs, [], { rollout })).errors).toEqual([
      "args.env: valueFrom.fieldRef is only read in a Rollout's analysis args; Argo Rollouts fails this run with 'argument \"env\" was not supplied', so pass the value from the Rollout",
    ]);
    const passed = await resolveArgs(
      templateArgs,
      [
        {
          name: 'env',
          valueFrom: { fieldRef: { fieldPath: "metadata.labels['env']" } },
        },
      ],
      { rollout },
    );
    expect(passed.resolved!.values).toEqual({ env: 'dev' });
  });
});

describe("a Rollout's valueFrom.fieldRef", () => {
  const read = (fieldPath: string) =>
    suppliedArgValues([{ name: 'x', valueFrom: { fieldRef: { fieldPath } } }], {
      rollout,
    });

  it('reads metadata as the downward API does', () => {
    expect(read("metadata.labels['region']").values).toEqual([
      { name: 'x', value: 'us-west-2' },
    ]);
    expect(read("metadata.labels['missing']").values).toEqual([
      { name: 'x', value: '' },
    ]);
    expect(
      read("metadata.annotations['example.com/team']").values[0].value,
    ).toBe('payments');
    expect(read('metadata.name').values[0].value).toBe('guestbook');
    expect(read('metadata.namespace').values[0].value).toBe('shop');
    expect(read('metadata.uid').values[0].value).toBe('u-1');
    expect(read('metadata.labels').values[0].value).toBe(
      'env="dev"\nregion="us-west-2"',
    );
    expect(read('metadata.generateName').errors).toEqual([
      'args.x: valueFrom.fieldRef: unsupported fieldPath: metadata.generateName',
    ]);
    expect(read("metadata.name['x']").errors).toEqual([
      'args.x: valueFrom.fieldRef: fieldPath "metadata.name[\'x\']" does not support subscript',
    ]);
    expect(read("metadata.labels['bad key']").errors[0]).toMatch(
      /^args\.x: valueFrom\.fieldRef: invalid key subscript in metadata\.labels\['bad key'\]: /,
    );
  });

  it('reads any other field of the Rollout, which must be a plain value', () => {
    expect(read('status.alb.canaryTargetGroup.name').values[0].value).toBe(
      'tg-canary',
    );
    expect(read('status.conditions[0].type').values[0].value).toBe(
      'Progressing',
    );
    expect(read('spec.replicas').values[0].value).toBe('3');
    // Go's %v of a float64.
    expect(read('status.observedGeneration').values[0].value).toBe(
      '1.234567e+06',
    );
    expect(read('status.alb').errors).toEqual([
      'args.x: valueFrom.fieldRef: path status.alb in rollout must terminate in a primitive value',
    ]);
    expect(read('status.nope.name').errors).toEqual([
      'args.x: valueFrom.fieldRef: invalid path status.nope.name in rollout',
    ]);
    expect(read('status.conditions[3].type').errors).toEqual([
      'args.x: valueFrom.fieldRef: index 3 out of range',
    ]);
  });
});

describe('Secret values', () => {
  const args = [
    { name: 'plain', value: 'p' },
    { name: 'token', secretKeyRef: { name: 'token-secret', key: 'apiToken' } },
  ];

  it('are read for a run, and stand as a placeholder when not read', async () => {
    expect(await readSecretArgs(args, readSecret)).toEqual({
      values: { token: 's3cr3t-token' },
    });
    expect(argValues(args)).toEqual({ plain: 'p', token: 'temp-for-secret' });
    expect(argValues(args, { token: 'v' })).toEqual({ plain: 'p', token: 'v' });
  });

  it('are masked as Argo masks them', () => {
    const values = secretValues(args, { token: 's3cr3t-token' });
    expect(values).toEqual(['s3cr3t-token']);
    expect(
      maskSecrets('401 for Bearer s3cr3t-token (s3cr3t-token)', values),
    ).toBe('401 for Bearer ***** (*****)');
    expect(maskSecrets('anything', [''])).toBe('anything');
  });
});
