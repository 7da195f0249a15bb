#!/bin/sh
# Writes Kinerja's queue metrics (the views of sql/006_metrics.sql) in the Prometheus text format to a file that
# node_exporter's textfile collector reads, for sites without postgres_exporter. Same metric names as
# ops/metrics/postgres-exporter-queries.yaml, plus kinerja_metrics_scrape_success and
# kinerja_metrics_last_run_timestamp_seconds.
#
# Run it every minute (a systemd timer or cron) as a user whose database role has kinerja_monitor:
#   KINERJA_DATABASE_URL=postgresql://monitor@db/kinerja ops/metrics/node-exporter-textfile.sh
# The URL comes from KINERJA_DATABASE_URL (or, when unset, libpq's PG* variables and .pgpass); it is never printed.
# psql receives it as an argument, visible in `ps` while it runs: keep the password out of the URL and in the
# user's ~/.pgpass (mode 0600) or PGPASSFILE.
# The output file (default /var/lib/node_exporter/textfile_collector/kinerja.prom, or $1, or
# $KINERJA_TEXTFILE) is replaced atomically: written to a temp file in the same folder, then renamed, so
# node_exporter never reads half a file. When the database cannot be read the file keeps only
# kinerja_metrics_scrape_success 0 (no stale figures), and the script exits 1.
set -eu

out="${1:-${KINERJA_TEXTFILE:-/var/lib/node_exporter/textfile_collector/kinerja.prom}}"
dir=$(dirname "$out")
tmp=$(mktemp "$dir/.kinerja.prom.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM

# Each row is one finished sample line. Label values are escaped as the text format requires (backslash, double
# quote and newline), so queue and kind names need no care here.
metrics_sql=$(cat <<'SQL'
WITH q AS (
    SELECT replace(replace(replace(queue, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS queue,
           replace(replace(replace(state, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS state,
           jobs, oldest_seconds
    FROM kinerja.v_metrics_queue
), c AS (
    SELECT replace(replace(replace(queue, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS queue,
           replace(replace(replace(kind, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS kind,
           completed, failed
    FROM kinerja.v_metrics_counters
), l AS (
    SELECT replace(replace(replace(queue, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS queue, running_past_lease
    FROM kinerja.v_metrics_leases
), t AS (
    SELECT replace(replace(replace(queue, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n') AS queue, jobs, p50_seconds, p99_seconds
    FROM kinerja.v_metrics_latency
)
SELECT line FROM (
    SELECT 1 AS o, '# HELP kinerja_queue_jobs Jobs per queue and state.' AS line
    UNION ALL SELECT 2, '# TYPE kinerja_queue_jobs gauge'
    UNION ALL SELECT 3, format('kinerja_queue_jobs{queue="%s",state="%s"} %s', queue, state, jobs) FROM q
    UNION ALL SELECT 4, '# HELP kinerja_queue_oldest_seconds Seconds the oldest job per queue and state has waited.'
    UNION ALL SELECT 5, '# TYPE kinerja_queue_oldest_seconds gauge'
    UNION ALL SELECT 6, format('kinerja_queue_oldest_seconds{queue="%s",state="%s"} %s', queue, state, oldest_seconds) FROM q
    UNION ALL SELECT 7, '# HELP kinerja_jobs_completed_total Job attempts completed.'
    UNION ALL SELECT 8, '# TYPE kinerja_jobs_completed_total counter'
    UNION ALL SELECT 9, format('kinerja_jobs_completed_total{queue="%s",kind="%s"} %s', queue, kind, completed) FROM c
    UNION ALL SELECT 10, '# HELP kinerja_jobs_failed_total Job attempts failed.'
    UNION ALL SELECT 11, '# TYPE kinerja_jobs_failed_total counter'
    UNION ALL SELECT 12, format('kinerja_jobs_failed_total{queue="%s",kind="%s"} %s', queue, kind, failed) FROM c
    UNION ALL SELECT 13, '# HELP kinerja_jobs_running_past_lease Running jobs whose lease has expired.'
    UNION ALL SELECT 14, '# TYPE kinerja_jobs_running_past_lease gauge'
    UNION ALL SELECT 15, format('kinerja_jobs_running_past_lease{queue="%s"} %s', queue, running_past_lease) FROM l
    UNION ALL SELECT 16, '# HELP kinerja_claim_latency_seconds Seconds from run_at to claim, jobs claimed in the last 15 minutes.'
    UNION ALL SELECT 17, '# TYPE kinerja_claim_latency_seconds gauge'
    UNION ALL SELECT 18, format('kinerja_claim_latency_seconds{queue="%s",quantile="0.5"} %s', queue, p50_seconds) FROM t
    UNION ALL SELECT 19, format('kinerja_claim_latency_seconds{queue="%s",quantile="0.99"} %s', queue, p99_seconds) FROM t
    UNION ALL SELECT 20, '# HELP kinerja_claim_latency_sample_jobs Jobs claimed in the last 15 minutes (the latency sample).'
    UNION ALL SELECT 21, '# TYPE kinerja_claim_latency_sample_jobs gauge'
    UNION ALL SELECT 22, format('kinerja_claim_latency_sample_jobs{queue="%s"} %s', queue, jobs) FROM t
) m
ORDER BY o, line;
SQL
)

now=$(date +%s)
if psql "${KINERJA_DATABASE_URL:-}" -XAt -F ' ' -v ON_ERROR_STOP=1 -c "$metrics_sql" >"$tmp"; then
    success=1
    status=0
else
    # psql's own message went to stderr; drop any partial output so no stale or half figures are published.
    : >"$tmp"
    success=0
    status=1
fi
{
    echo '# HELP kinerja_metrics_scrape_success 1 when the last run read the database, 0 when it could not.'
    echo '# TYPE kinerja_metrics_scrape_success gauge'
    echo "kinerja_metrics_scrape_success $success"
    echo '# HELP kinerja_metrics_last_run_timestamp_seconds When this script last ran (Unix time).'
    echo '# TYPE kinerja_metrics_last_run_timestamp_seconds gauge'
    echo "kinerja_metrics_last_run_timestamp_seconds $now"
} >>"$tmp"
chmod 0644 "$tmp"
mv -f "$tmp" "$out"
trap - EXIT INT TERM
exit "$status"
