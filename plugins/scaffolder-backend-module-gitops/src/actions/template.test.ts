import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { guardServices } from '../__testUtils__/gitTestUtils';
import { createGitopsActions } from '.';

// The example template lives outside the package; this keeps it in step
// with the actions it calls.
const templateDir = path.resolve(
  __dirname,
  '../../../../examples/templates/canary-service',
);

describe('examples/templates/canary-service', () => {
  const template = parse(
    fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
  );
  const actions = new Map(
    createGitopsActions({
      config: new ConfigReader({}),
      discovery: mockServices.discovery(),
      ...guardServices(),
    }).map(a => [a.id, a]),
  );

  it('is a valid v1beta3 Template', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it("passes only inputs Slipway's actions declare, and every required one", () => {
    const steps = template.spec.steps.filter((s: { action: string }) =>
      actions.has(s.action),
    );
    expect(steps.map((s: { action: string }) => s.action)).toEqual([
      'publish:git-http',
      'gitops:app:create',
      'gitops:app:wait',
    ]);
    for (const step of steps) {
      const schema = actions.get(step.action)!.schema!.input as {
        properties: Record<string, { properties?: object }>;
        required?: string[];
      };
      expect(Object.keys(step.input)).toEqual(
        expect.arrayContaining(schema.required ?? []),
      );
      for (const key of Object.keys(step.input)) {
        expect(Object.keys(schema.properties)).toContain(key);
      }
    }
    const create = steps[1];
    const canaryKeys = Object.keys(
      (actions.get('gitops:app:create')!.schema!.input as any).properties.canary
        .properties,
    );
    expect(canaryKeys).toEqual(
      expect.arrayContaining(Object.keys(create.input.canary)),
    );
  });

  it('ships the skeleton the steps fetch', () => {
    for (const file of [
      'catalog-info.yaml',
      'Dockerfile',
      'package.json',
      'src/server.js',
    ]) {
      expect(fs.existsSync(path.join(templateDir, 'skeleton', file))).toBe(
        true,
      );
    }
    const catalogInfo = fs.readFileSync(
      path.join(templateDir, 'skeleton/catalog-info.yaml'),
      'utf8',
    );
    for (const annotation of ['repo', 'path', 'clusters', 'canary']) {
      expect(catalogInfo).toContain(`slipway.dev/${annotation}:`);
    }
  });
});
