import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { countBy, FleetField, FleetFilters, FleetRow } from './fleetRows';

const fields: { field: FleetField; label: string }[] = [
  { field: 'syncStatus', label: 'Sync status' },
  { field: 'healthStatus', label: 'Health' },
  { field: 'cluster', label: 'Cluster' },
  { field: 'owner', label: 'Owner' },
];

const display = (field: FleetField, value: string) =>
  field === 'owner'
    ? humanizeEntityRef(parseEntityRef(value), { defaultKind: 'group' })
    : value;

/** Props of {@link FleetFilterBar}. */
export interface FleetFilterBarProps {
  rows: FleetRow[];
  filters: FleetFilters;
  onChange: (filters: FleetFilters) => void;
}

/** One select per filterable column; each option shows how many apps it matches. */
export const FleetFilterBar = ({
  rows,
  filters,
  onChange,
}: FleetFilterBarProps) => (
  <Box display="flex" style={{ gap: 16 }} flexWrap="wrap" mb={2}>
    {fields.map(({ field, label }) => (
      <TextField
        key={field}
        id={`gitops-fleet-${field}`}
        select
        label={label}
        value={filters[field] ?? ''}
        onChange={e =>
          onChange({ ...filters, [field]: e.target.value || undefined })
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        variant="outlined"
        size="small"
        style={{ minWidth: 180 }}
      >
        <option value="">All ({rows.length})</option>
        {countBy(rows, field).map(([value, count]) => (
          <option key={value} value={value}>
            {`${display(field, value)} (${count})`}
          </option>
        ))}
      </TextField>
    ))}
  </Box>
);
