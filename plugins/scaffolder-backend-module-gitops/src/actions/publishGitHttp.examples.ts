import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to an empty repository created beforehand',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:git-http',
          name: 'Publish',
          input: {
            repoUrl: 'https://git.example.com/team/payments.git',
            defaultBranch: 'main',
            commitMessage: 'Scaffold payments',
          },
        },
      ],
    }),
  },
];
