// The REST API's models are generated twice from one spec: with the backend's
// server stub and with the client in gitops-common. Both copies must be the
// same files, or one side was not regenerated after the spec changed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const copies = [
  'plugins/gitops-backend/src/schema/openapi/generated/models',
  'plugins/gitops-common/src/schema/openapi/generated/models',
];
const [server, client] = copies.map(
  dir =>
    new Map(
      readdirSync(dir)
        .sort()
        .map(file => [file, readFileSync(join(dir, file), 'utf8')]),
    ),
);

const differing = [...new Set([...server.keys(), ...client.keys()])].filter(
  file => server.get(file) !== client.get(file),
);
if (differing.length) {
  console.error(
    `The generated models differ between ${copies.join(
      ' and ',
    )}: ${differing.join(', ')}`,
  );
  console.error(
    'Regenerate both: cd plugins/gitops-backend && yarn generate:openapi',
  );
  process.exit(1);
}
console.log(`The generated models agree (${server.size} files).`);
