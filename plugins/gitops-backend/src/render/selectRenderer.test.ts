import type { Renderer } from '@slipway/plugin-gitops-node';
import { selectRenderer } from './selectRenderer';

describe('selectRenderer', () => {
  it('detects kustomize, then helm, else plain', () => {
    expect(selectRenderer(['kustomization.yaml', 'Chart.yaml']).name).toBe(
      'kustomize',
    );
    expect(selectRenderer(['Kustomization']).name).toBe('kustomize');
    expect(selectRenderer(['Chart.yaml', 'templates/a.yaml']).name).toBe(
      'helm',
    );
    expect(
      selectRenderer(['a.yaml', 'sub/kustomization.yaml', 'sub/Chart.yaml'])
        .name,
    ).toBe('plain');
  });

  it('asks renderers from the extension point first', () => {
    const jsonnet: Renderer = {
      name: 'jsonnet',
      detect: files => files.some(f => f.endsWith('.jsonnet')),
      render: async () => [],
    };
    expect(
      selectRenderer(['main.jsonnet', 'kustomization.yaml'], [jsonnet]).name,
    ).toBe('jsonnet');
    expect(selectRenderer(['kustomization.yaml'], [jsonnet]).name).toBe(
      'kustomize',
    );
  });
});
