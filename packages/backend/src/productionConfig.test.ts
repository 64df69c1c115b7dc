import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readProjects } from '@slipway/plugin-gitops-node';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../..');

// The backend reads its config files in order, later ones winning, as here.
function configOf(...files: string[]) {
  return ConfigReader.fromConfigs(
    files.map(file => ({
      context: file,
      data: parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')),
    })),
  );
}

describe('app-config.production.yaml', () => {
  it("grants no team the demo's projects: production starts with none until the operator declares them", () => {
    const demo = readProjects(configOf('app-config.yaml'));
    expect(demo.projects.map(p => p.name)).toContain('payments');

    const production = readProjects(
      configOf('app-config.yaml', 'app-config.production.yaml'),
    );
    expect(production).toEqual({ projects: [], defaultProject: undefined });
  });
});
