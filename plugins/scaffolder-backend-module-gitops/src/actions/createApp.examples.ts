import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deliver a service with a canary to two clusters, pushing to the default branch',
    example: yaml.stringify({
      steps: [
        {
          id: 'gitops',
          action: 'gitops:app:create',
          name: 'Add to the GitOps repository',
          input: {
            repoUrl: 'https://git.example.com/platform/gitops.git',
            path: 'apps/payments/{cluster}',
            clusters: ['staging', 'production'],
            name: 'payments',
            owner: 'group:default/payments-team',
            project: 'payments',
            namespace: 'payments',
            image: 'ghcr.io/example/payments:1.0.0',
            port: 8080,
            canary: {
              interval: '30s',
              maxWeight: 50,
              stepWeight: 10,
              loadTest: true,
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Propose the manifests on a new branch for review',
    example: yaml.stringify({
      steps: [
        {
          id: 'gitops',
          action: 'gitops:app:create',
          name: 'Open a branch in the GitOps repository',
          input: {
            repoUrl: 'https://git.example.com/platform/gitops.git',
            path: 'apps/payments',
            targetBranch: 'add-payments',
            name: 'payments',
            owner: 'group:default/payments-team',
            image: 'ghcr.io/example/payments:1.0.0',
          },
        },
      ],
    }),
  },
];
