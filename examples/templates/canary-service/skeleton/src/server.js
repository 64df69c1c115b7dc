// A dependency-free HTTP service: `/healthz` for the probes and `/metrics`
// in Prometheus' text format, which the canary analysis queries.
const http = require('node:http');

const port = Number(process.env.PORT ?? 8080);
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const requests = new Map(); // "code" -> count
const durations = { counts: buckets.map(() => 0), sum: 0, count: 0 };

function observe(code, seconds) {
  requests.set(code, (requests.get(code) ?? 0) + 1);
  buckets.forEach((le, i) => {
    if (seconds <= le) durations.counts[i] += 1;
  });
  durations.sum += seconds;
  durations.count += 1;
}

function metrics() {
  const lines = [
    '# TYPE http_requests_total counter',
    ...[...requests].map(
      ([code, n]) => `http_requests_total{code="${code}"} ${n}`,
    ),
    '# TYPE http_request_duration_seconds histogram',
    ...buckets.map(
      (le, i) =>
        `http_request_duration_seconds_bucket{le="${le}"} ${durations.counts[i]}`,
    ),
    `http_request_duration_seconds_bucket{le="+Inf"} ${durations.count}`,
    `http_request_duration_seconds_sum ${durations.sum}`,
    `http_request_duration_seconds_count ${durations.count}`,
  ];
  return `${lines.join('\n')}\n`;
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  if (req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    return;
  }
  if (req.url === '/metrics') {
    res
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(metrics());
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ service: process.env.SERVICE_NAME, ok: true }));
  observe(200, Number(process.hrtime.bigint() - started) / 1e9);
});

server.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
