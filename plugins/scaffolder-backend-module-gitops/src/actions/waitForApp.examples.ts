import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Wait for the registered service to be live on its clusters',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait',
          action: 'gitops:app:wait',
          name: 'Wait until Synced and Healthy',
          input: {
            entityRef: "${{ steps['register'].output.entityRef }}",
            clusters: ['staging', 'production'],
            timeoutSeconds: 900,
          },
        },
      ],
    }),
  },
];
