import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { countBy, FleetFilters, FleetRow } from './fleetRows';

/** Props of {@link FleetSummary}. */
export interface FleetSummaryProps {
  rows: FleetRow[];
  filters: FleetFilters;
  onChange: (filters: FleetFilters) => void;
}

/** Counts per sync and health state; clicking one filters on it, clicking again clears it. */
export const FleetSummary = ({
  rows,
  filters,
  onChange,
}: FleetSummaryProps) => (
  <Box
    display="flex"
    style={{ gap: 8 }}
    flexWrap="wrap"
    mb={2}
    aria-label="counts per state"
  >
    {(['syncStatus', 'healthStatus'] as const).flatMap(field =>
      countBy(rows, field).map(([value, count]) => {
        const active = filters[field] === value;
        return (
          <Chip
            key={`${field}:${value}`}
            label={`${value}: ${count}`}
            color={active ? 'primary' : 'default'}
            onClick={() =>
              onChange({ ...filters, [field]: active ? undefined : value })
            }
          />
        );
      }),
    )}
  </Box>
);
