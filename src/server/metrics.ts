/** Upper bounds (seconds) of the request duration histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

/**
 * The few series an operator needs, in Prometheus text format. Labels are the route
 * pattern, never the URL, so tenants and resource names do not multiply the series.
 */
export class Metrics {
  private readonly requests = new Map<string, number>()
  private readonly durations = new Map<string, Histogram>()
  private readonly changes = new Map<string, number>()
  private readonly started = Date.now()

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = `method="${method}",route="${escape(route)}",status="${status}"`
    this.requests.set(labels, (this.requests.get(labels) ?? 0) + 1)

    const key = `method="${method}",route="${escape(route)}"`
    const histogram = this.durations.get(key) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }
    BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1
    })
    histogram.sum += seconds
    histogram.count++
    this.durations.set(key, histogram)
  }

  observeChanges(op: string, count: number): void {
    const labels = `op="${op}"`
    this.changes.set(labels, (this.changes.get(labels) ?? 0) + count)
  }

  render(storage: string): string {
    const lines: string[] = [
      '# HELP omsctl_http_requests_total HTTP requests answered.',
      '# TYPE omsctl_http_requests_total counter',
    ]
    for (const [labels, value] of this.requests) {
      lines.push(`omsctl_http_requests_total{${labels}} ${value}`)
    }

    lines.push('# HELP omsctl_http_request_duration_seconds Time to answer a request.',
      '# TYPE omsctl_http_request_duration_seconds histogram')
    for (const [labels, histogram] of this.durations) {
      BUCKETS.forEach((bound, index) => {
        lines.push(`omsctl_http_request_duration_seconds_bucket{${labels},le="${bound}"} `
          + `${histogram.counts[index] ?? 0}`)
      })
      lines.push(`omsctl_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`,
        `omsctl_http_request_duration_seconds_sum{${labels}} ${histogram.sum}`,
        `omsctl_http_request_duration_seconds_count{${labels}} ${histogram.count}`)
    }

    lines.push('# HELP omsctl_resource_changes_total Resource changes committed.',
      '# TYPE omsctl_resource_changes_total counter')
    for (const [labels, value] of this.changes) {
      lines.push(`omsctl_resource_changes_total{${labels}} ${value}`)
    }

    lines.push('# HELP omsctl_uptime_seconds Seconds since this instance started.',
      '# TYPE omsctl_uptime_seconds gauge',
      `omsctl_uptime_seconds{storage="${storage}"} ${(Date.now() - this.started) / 1000}`)
    return `${lines.join('\n')}\n`
  }
}

function escape(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')
}
