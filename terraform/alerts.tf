# What pages someone: alert policies on Cloud Run, Cloud SQL, the uptime check
# (monitoring.tf) and the log-based metrics (log-metrics.tf), all sent to
# local.channels. Thresholds are variables (variables.tf, "alerts").

resource "google_monitoring_alert_policy" "uptime" {
  display_name          = "${var.service_name}: /api/ready failing"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "uptime check fails from 2+ regions"
    condition_threshold {
      filter          = "metric.type=\"monitoring.googleapis.com/uptime_check/check_passed\" AND resource.type=\"uptime_url\" AND metric.labels.check_id=\"${google_monitoring_uptime_check_config.ready.uptime_check_id}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "600s"
      aggregations {
        alignment_period     = "1200s"
        per_series_aligner   = "ALIGN_NEXT_OLDER"
        cross_series_reducer = "REDUCE_COUNT_FALSE"
        group_by_fields      = ["resource.label.host"]
      }
    }
  }
}

resource "google_monitoring_alert_policy" "error_ratio" {
  display_name          = "${var.service_name}: 5xx above ${var.alert_5xx_ratio * 100}%"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "5xx / all requests"
    condition_threshold {
      filter             = "metric.type=\"run.googleapis.com/request_count\" AND ${local.run_filter} AND metric.labels.response_code_class=\"5xx\""
      denominator_filter = "metric.type=\"run.googleapis.com/request_count\" AND ${local.run_filter}"
      comparison         = "COMPARISON_GT"
      threshold_value    = var.alert_5xx_ratio
      duration           = "300s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "latency_p95" {
  display_name          = "${var.service_name}: p95 latency above ${var.alert_p95_latency_ms} ms"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "p95 request latency (a chat stream counts until its last token)"
    condition_threshold {
      filter          = "metric.type=\"run.googleapis.com/request_latencies\" AND ${local.run_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_p95_latency_ms
      duration        = "600s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_PERCENTILE_95"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "instances_at_max" {
  display_name          = "${var.service_name}: running at max instances (${var.max_instances})"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "instance count at max_instances"
    condition_threshold {
      filter          = "metric.type=\"run.googleapis.com/container/instance_count\" AND ${local.run_filter} AND metric.labels.state=\"active\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.max_instances - 0.5
      duration        = "300s"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "sql_cpu" {
  display_name          = "${var.service_name}: Cloud SQL CPU above 80%"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "CPU utilization"
    condition_threshold {
      filter          = "metric.type=\"cloudsql.googleapis.com/database/cpu/utilization\" AND ${local.sql_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = 0.8
      duration        = "600s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MEAN"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "sql_disk" {
  display_name          = "${var.service_name}: Cloud SQL disk above 85%"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "disk utilization"
    condition_threshold {
      filter          = "metric.type=\"cloudsql.googleapis.com/database/disk/utilization\" AND ${local.sql_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = 0.85
      duration        = "600s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MEAN"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "sql_connections" {
  display_name          = "${var.service_name}: Cloud SQL connections above 80% of max_connections"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "backends"
    condition_threshold {
      filter          = "metric.type=\"cloudsql.googleapis.com/database/postgresql/num_backends\" AND ${local.sql_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = floor(local.db_max_connections * 0.8)
      duration        = "300s"
      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "gemini_errors" {
  display_name          = "${var.service_name}: Gemini 429/5xx above ${var.alert_gemini_error_ratio * 100}% of calls"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "calls that met a 429 or 5xx / all calls"
    condition_threshold {
      filter             = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.model_calls.name}\" AND resource.type=\"cloud_run_revision\" AND metric.labels.upstream_status=monitoring.regex.full_match(\"429|5[0-9][0-9]\")"
      denominator_filter = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.model_calls.name}\" AND resource.type=\"cloud_run_revision\""
      comparison         = "COMPARISON_GT"
      threshold_value    = var.alert_gemini_error_ratio
      duration           = "300s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "webhook_failures" {
  display_name          = "${var.service_name}: Stripe webhook failures"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "webhook 5xx in 15 minutes"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.webhook_failures.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_webhook_failures
      duration        = "0s"
      aggregations {
        alignment_period     = "900s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }
}

# A distribution metric's sum is only reachable from PromQL (its _sum series).
resource "google_monitoring_alert_policy" "token_spend" {
  display_name          = "${var.service_name}: model spend above $${var.alert_spend_micros_per_hour / 1000000}/hour"
  combiner              = "OR"
  notification_channels = local.channels
  conditions {
    display_name = "model cost over the last hour"
    condition_prometheus_query_language {
      query    = "sum(increase(logging_googleapis_com:user_${replace(google_logging_metric.model_cost_micros.name, "/", "_")}_sum{monitored_resource=\"cloud_run_revision\"}[1h])) > ${var.alert_spend_micros_per_hour}"
      duration = "0s"
    }
  }
}
