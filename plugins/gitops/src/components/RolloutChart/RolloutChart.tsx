import { useLayoutEffect, useRef, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { RolloutCheck, RolloutEvent } from '@slipway/plugin-gitops-common';
import { formatClock } from '../common';
import { chartSeries, ChartPoint } from './chartSeries';

const HEIGHT = 260;

// Fits the chart to its container once mounted; recharts needs a width in pixels.
function useContainerWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    if (ref.current?.clientWidth) setWidth(ref.current.clientWidth);
  }, []);
  return { ref, width };
}

/** Canary weight (left axis, %) and each metric's values (right axis) over the run. */
export const RolloutChart = ({
  events,
  checks,
}: {
  events: RolloutEvent[];
  checks: RolloutCheck[];
}) => {
  const theme = useTheme();
  const { ref, width } = useContainerWidth(640);
  const { points, metrics } = chartSeries(events, checks);
  const colors = [
    theme.palette.secondary.main,
    theme.palette.warning.main,
    theme.palette.success.main,
  ];
  return (
    <div ref={ref} aria-label="Canary weight and metrics over time">
      {points.length === 0 ? (
        <Typography variant="body2">
          Nothing measured in this run yet.
        </Typography>
      ) : (
        <LineChart width={width} height={HEIGHT} data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(at: number) => formatClock(at)}
          />
          <YAxis yAxisId="weight" domain={[0, 100]} unit="%" />
          {metrics.length > 0 && (
            <YAxis yAxisId="metrics" orientation="right" />
          )}
          <Tooltip labelFormatter={label => formatClock(Number(label))} />
          <Legend />
          <Line
            yAxisId="weight"
            name="Canary weight %"
            dataKey={(p: ChartPoint) => p.weight}
            type="stepAfter"
            stroke={theme.palette.primary.main}
            connectNulls
            isAnimationActive={false}
          />
          {metrics.map((metric, i) => (
            <Line
              key={metric}
              yAxisId="metrics"
              name={metric}
              dataKey={(p: ChartPoint) => p.metrics[metric]}
              stroke={colors[i % colors.length]}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </div>
  );
};
