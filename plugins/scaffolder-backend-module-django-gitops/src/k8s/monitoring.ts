import { ConfigMap } from 'kubernetes-models/v1';
import { METRICS_PATH } from '../project/constants';
import { GRAFANA_DASHBOARD_LABEL, SKIP_DRY_RUN_ON_MISSING_RESOURCE } from './conventions';
import type { ManifestSettings } from './input';

/**
 * Monitoring of one app with the prometheus-operator and Grafana's dashboard sidecar: what to
 * scrape, when to page, what to look at. The series are django-prometheus's (the app serves them
 * on the metrics port); restarts come from kube-state-metrics.
 */

const NAME_LABEL = 'app.kubernetes.io/name';
const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** django-prometheus series, as Prometheus stores them (counters end in `_total`). */
export const DJANGO_METRICS = {
  requests: 'django_http_requests_total_by_view_transport_method_total',
  responses: 'django_http_responses_total_by_status_view_method_total',
  latencyBuckets: 'django_http_requests_latency_seconds_by_view_method_bucket',
  exceptions: 'django_http_exceptions_total_by_type_total',
  dbQueries: 'django_db_execute_total',
  dbErrors: 'django_db_errors_total',
  dbLatencyBuckets: 'django_db_query_duration_seconds_bucket',
  dbConnections: 'django_db_new_connections_total',
} as const;

function monitoringMetadata(settings: ManifestSettings, name: string, labels: Record<string, string>) {
  return {
    name,
    namespace: settings.namespace,
    labels: { ...labels, [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: 'monitoring' },
    // The app deploys even where the prometheus-operator's CRDs come later.
    annotations: { ...SKIP_DRY_RUN_ON_MISSING_RESOURCE },
  };
}

/** Scrapes the Service's metrics port, which the ingress never routes. */
export function serviceMonitor(settings: ManifestSettings, labels: Record<string, string>) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: monitoringMetadata(settings, settings.name, labels),
    spec: {
      selector: { matchLabels: { [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: 'server' } },
      endpoints: [{ port: 'metrics', path: METRICS_PATH, interval: '30s', scheme: 'http' }],
    },
  };
}

/** A selector of the app's series: the namespace is the app's, and only its pods are scraped there. */
function series(settings: ManifestSettings, metric: string, extra = ''): string {
  return `${metric}{namespace="${settings.namespace}"${extra}}`;
}

/** The alert rules: errors, latency, restarts, and the scrape itself. */
export function alertRules(settings: ManifestSettings) {
  const app = settings.name;
  const summary = (what: string) => `${app}: ${what}`;
  const responses = (extra = '') => `sum(rate(${series(settings, DJANGO_METRICS.responses, extra)}[5m]))`;
  return [
    {
      alert: 'DjangoHighErrorRate',
      expr: `${responses(', status=~"5.."')} / ${responses()} > 0.05`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: summary('more than 5% of responses are server errors'),
        description: 'Share of 5xx responses over 5 minutes: {{ $value | humanizePercentage }}.',
      },
    },
    {
      alert: 'DjangoHighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(${series(settings, DJANGO_METRICS.latencyBuckets)}[5m]))) > 1`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: summary('95th percentile response time above 1 s'),
        description: 'p95 latency over 5 minutes: {{ $value | humanizeDuration }}.',
      },
    },
    {
      alert: 'DjangoPodRestarting',
      expr: `increase(${series(settings, 'kube_pod_container_status_restarts_total', ', container="web"')}[15m]) > 2`,
      labels: { severity: 'warning' },
      annotations: {
        summary: summary('a pod restarted more than twice in 15 minutes'),
        description: 'Pod {{ $labels.pod }} restarted {{ $value }} times: look at its logs and events.',
      },
    },
    {
      alert: 'DjangoMetricsDown',
      expr: `up{namespace="${settings.namespace}", service="${app}"} == 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: summary('Prometheus cannot scrape a pod'),
        description: 'Target {{ $labels.instance }} has been down for 5 minutes.',
      },
    },
  ];
}

export function prometheusRule(settings: ManifestSettings, labels: Record<string, string>) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: monitoringMetadata(settings, settings.name, labels),
    spec: { groups: [{ name: `${settings.name}.rules`, rules: alertRules(settings) }] },
  };
}

type Panel = { title: string; unit: string; targets: { expr: string; legendFormat: string }[] };

/** What the dashboard shows: traffic, errors, latency, the database. */
export function dashboardPanels(settings: ManifestSettings): Panel[] {
  const rate = (metric: string, by: string, extra = '') => `sum by (${by}) (rate(${series(settings, metric, extra)}[5m]))`;
  const quantile = (q: number, metric: string) => `histogram_quantile(${q}, sum by (le) (rate(${series(settings, metric)}[5m])))`;
  return [
    { title: 'Requests per second, by method', unit: 'reqps', targets: [{ expr: rate(DJANGO_METRICS.requests, 'method'), legendFormat: '{{method}}' }] },
    { title: 'Responses per second, by status', unit: 'reqps', targets: [{ expr: rate(DJANGO_METRICS.responses, 'status'), legendFormat: '{{status}}' }] },
    {
      title: 'Server error ratio',
      unit: 'percentunit',
      targets: [{ expr: `${rate(DJANGO_METRICS.responses, 'namespace', ', status=~"5.."')} / ${rate(DJANGO_METRICS.responses, 'namespace')}`, legendFormat: '5xx' }],
    },
    {
      title: 'Response time',
      unit: 's',
      targets: [0.5, 0.95, 0.99].map(q => ({ expr: quantile(q, DJANGO_METRICS.latencyBuckets), legendFormat: `p${q * 100}` })),
    },
    { title: 'Slowest views (p95)', unit: 's', targets: [{ expr: `topk(5, histogram_quantile(0.95, sum by (le, view) (rate(${series(settings, DJANGO_METRICS.latencyBuckets)}[5m]))))`, legendFormat: '{{view}}' }] },
    { title: 'Exceptions per second, by type', unit: 'ops', targets: [{ expr: rate(DJANGO_METRICS.exceptions, 'type'), legendFormat: '{{type}}' }] },
    {
      title: 'Database queries and errors per second',
      unit: 'ops',
      targets: [
        { expr: rate(DJANGO_METRICS.dbQueries, 'alias'), legendFormat: 'queries {{alias}}' },
        { expr: rate(DJANGO_METRICS.dbErrors, 'type'), legendFormat: 'errors {{type}}' },
      ],
    },
    {
      title: 'Database query time',
      unit: 's',
      targets: [0.5, 0.95].map(q => ({ expr: quantile(q, DJANGO_METRICS.dbLatencyBuckets), legendFormat: `p${q * 100}` })),
    },
    { title: 'New database connections per second', unit: 'ops', targets: [{ expr: rate(DJANGO_METRICS.dbConnections, 'alias'), legendFormat: '{{alias}}' }] },
  ];
}

/** A Grafana dashboard, two panels a row, over the Prometheus data source the viewer picks. */
export function dashboardJson(settings: ManifestSettings): object {
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  return {
    uid: `dev-portal-${settings.name}`.slice(0, 40),
    title: `${settings.name} (Django)`,
    tags: ['dev-portal', 'django'],
    timezone: 'browser',
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    panels: dashboardPanels(settings).map((panel, index) => ({
      id: index + 1,
      type: 'timeseries',
      title: panel.title,
      datasource,
      gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.targets.map((target, t) => ({ ...target, refId: String.fromCharCode(65 + t), datasource })),
    })),
  };
}

/** Grafana's sidecar loads every ConfigMap labelled `grafana_dashboard: "1"` it is allowed to see. */
export function grafanaDashboard(settings: ManifestSettings) {
  const model = new ConfigMap({
    metadata: {
      name: `${settings.name}-grafana-dashboard`,
      namespace: settings.namespace,
      labels: { ...GRAFANA_DASHBOARD_LABEL, [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: 'monitoring' },
    },
    data: { [`${settings.name}.json`]: `${JSON.stringify(dashboardJson(settings), null, 2)}\n` },
  });
  model.validate();
  return model.toJSON();
}
