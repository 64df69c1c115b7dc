import { kubeVerb } from './kubeVerb';

describe('kubeVerb', () => {
  it.each([
    ['GET', '/api', {}, 'discovery'],
    ['GET', '/api/v1', {}, 'discovery'],
    ['GET', '/apis', {}, 'discovery'],
    ['GET', '/apis/apps/v1', {}, 'discovery'],
    ['GET', '/version', {}, 'discovery'],
    ['GET', '/api/v1/namespaces', {}, 'list'],
    ['GET', '/api/v1/namespaces/team-a', {}, 'get'],
    ['GET', '/api/v1/namespaces/team-a/configmaps', {}, 'list'],
    ['GET', '/api/v1/namespaces/team-a/configmaps', { watch: true }, 'watch'],
    ['GET', '/api/v1/namespaces/team-a/configmaps/settings', {}, 'get'],
    ['GET', '/apis/apps/v1/deployments', {}, 'list'],
    [
      'GET',
      '/apis/apps/v1/namespaces/team-a/deployments/web/status',
      {},
      'get',
    ],
    [
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
      {},
      'get',
    ],
    ['POST', '/api/v1/namespaces', {}, 'create'],
    ['PUT', '/apis/apps/v1/namespaces/team-a/deployments/web', {}, 'update'],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/team-a/deployments/web',
      { contentType: 'application/apply-patch+yaml' },
      'apply',
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/team-a/deployments/web/scale',
      { contentType: 'application/merge-patch+json' },
      'patch',
    ],
    ['DELETE', '/api/v1/namespaces/team-a/configmaps/settings', {}, 'delete'],
    ['DELETE', '/api/v1/namespaces/team-a/configmaps', {}, 'deletecollection'],
    ['DELETE', '/api/v1/namespaces/team-a', {}, 'delete'],
    ['OPTIONS', '/api/v1/namespaces', {}, 'other'],
  ])('%s %s %j is %s', (method, path, options, verb) => {
    expect(kubeVerb(method, path, options)).toBe(verb);
  });
});
