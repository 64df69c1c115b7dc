import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleGitops } from './module';

describe('scaffolderModuleGitops', () => {
  it("registers Slipway's actions with the scaffolder", async () => {
    const addActions = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleGitops,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const ids = addActions.mock.calls.flat().map(a => a.id);
    expect(ids.sort()).toEqual([
      'gitops:app:create',
      'gitops:app:wait',
      'publish:git-http',
    ]);
    await backend.stop();
  });
});
