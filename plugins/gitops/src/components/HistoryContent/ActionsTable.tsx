import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AuditEvent } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { tableColumns, Time } from '../common';

const PAGE_SIZE = 20;

const ResultLabel = ({ result }: { result: AuditEvent['result'] }) => {
  if (result === 'succeeded') return <StatusOK>Succeeded</StatusOK>;
  if (result === 'failed') return <StatusError>Failed</StatusError>;
  return <StatusWarning>Denied</StatusWarning>;
};

const columns = tableColumns<AuditEvent>([
  { title: 'Actor', field: 'actor' },
  { title: 'Action', field: 'action' },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Result', render: e => <ResultLabel result={e.result} /> },
  { title: 'Time', render: e => <Time at={e.createdAt} /> },
  { title: 'Message', field: 'message', wrap: true },
]);

/** Every sync, rollback and other action tried on one app, denied ones too. */
export const ActionsTable = ({ cluster }: { cluster: string }) => {
  const api = useApi(gitopsApiRef);
  const { entity } = useEntity();
  return (
    <Table<AuditEvent>
      title={`Actions on ${cluster}`}
      columns={columns}
      options={{ paging: true, pageSize: PAGE_SIZE, search: false }}
      data={async query => {
        const page = await api.listAudit(getCompoundEntityRef(entity), {
          cluster,
          offset: query.page * query.pageSize,
          limit: query.pageSize,
        });
        return {
          data: page.items,
          page: query.page,
          totalCount: page.totalCount,
        };
      }}
    />
  );
};
