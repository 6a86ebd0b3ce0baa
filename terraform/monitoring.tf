# Observability as code: where alerts go, what pages someone, the uptime check,
# the log-based metrics built from the app's one `model_call` line per model call
# (lib/log/model-call.ts), and the dashboard (dashboards/app.json).

locals {
  run_filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${var.service_name}\""
  sql_filter = "resource.type=\"cloudsql_database\" AND resource.labels.database_id=\"${var.project_id}:${google_sql_database_instance.main.name}\""
  # jsonPayload fields of the model_call line, by the metric label or kind they feed.
  model_call_filter = "${local.run_filter} AND jsonPayload.event=\"model_call\""
  token_kinds = {
    input    = "inputTokens"
    cached   = "cachedTokens"
    output   = "outputTokens"
    thinking = "thinkingTokens"
  }
  channels = [google_monitoring_notification_channel.email.id]
}

resource "google_monitoring_notification_channel" "email" {
  display_name = "${var.service_name} operators"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
  depends_on = [google_project_service.apis]
}

# ---- log-based metrics from the model_call line ----

resource "google_logging_metric" "model_calls" {
  name   = "${var.service_name}/model_calls"
  filter = local.model_call_filter
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key = "model"
    }
    labels {
      key = "outcome"
    }
    labels {
      key = "purpose"
    }
    labels {
      key         = "upstream_status"
      description = "Last HTTP error status from Gemini (429, 5xx), empty if none"
    }
  }
  label_extractors = {
    model           = "EXTRACT(jsonPayload.model)"
    outcome         = "EXTRACT(jsonPayload.outcome)"
    purpose         = "EXTRACT(jsonPayload.purpose)"
    upstream_status = "EXTRACT(jsonPayload.upstreamStatus)"
  }
}

resource "google_logging_metric" "model_tokens" {
  for_each        = local.token_kinds
  name            = "${var.service_name}/model_tokens_${each.key}"
  filter          = local.model_call_filter
  value_extractor = "EXTRACT(jsonPayload.${each.value})"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "1"
    labels {
      key = "model"
    }
  }
  label_extractors = {
    model = "EXTRACT(jsonPayload.model)"
  }
  bucket_options {
    exponential_buckets {
      num_finite_buckets = 24
      growth_factor      = 2
      scale              = 1
    }
  }
}

resource "google_logging_metric" "model_cost_micros" {
  name            = "${var.service_name}/model_cost_micros"
  filter          = local.model_call_filter
  value_extractor = "EXTRACT(jsonPayload.costMicros)"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    unit        = "1"
    labels {
      key = "model"
    }
  }
  label_extractors = {
    model = "EXTRACT(jsonPayload.model)"
  }
  bucket_options {
    exponential_buckets {
      num_finite_buckets = 30
      growth_factor      = 2
      scale              = 1
    }
  }
}

# Stripe retries a webhook that did not get a 2xx; a 5xx means ours failed.
resource "google_logging_metric" "webhook_failures" {
  name   = "${var.service_name}/webhook_failures"
  filter = "${local.run_filter} AND httpRequest.requestUrl:\"${var.stripe_webhook_path}\" AND httpRequest.status>=500"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
}

# ---- uptime ----

resource "google_monitoring_uptime_check_config" "ready" {
  display_name = "${var.service_name} /api/ready"
  timeout      = "10s"
  period       = "300s"
  http_check {
    path         = "/api/ready"
    port         = 443
    use_ssl      = true
    validate_ssl = true
    accepted_response_status_codes {
      status_class = "STATUS_CLASS_2XX"
    }
  }
  monitored_resource {
    type = "uptime_url"
    labels = {
      project_id = var.project_id
      host       = trimprefix(local.app_url, "https://")
    }
  }
  depends_on = [google_project_service.apis]
}

# ---- alert policies ----

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

resource "google_monitoring_dashboard" "app" {
  dashboard_json = templatefile("${path.module}/dashboards/app.json", {
    service_name = var.service_name
    database_id  = "${var.project_id}:${google_sql_database_instance.main.name}"
  })
  depends_on = [google_logging_metric.model_calls, google_logging_metric.model_tokens, google_logging_metric.model_cost_micros]
}

# The operator's spend on the whole billing account's view of this project:
# mails the billing admins (and the alert channel) at 50, 80 and 100 %.
resource "google_billing_budget" "project" {
  billing_account = var.billing_account
  display_name    = "${var.service_name} monthly budget"

  budget_filter {
    projects = ["projects/${data.google_project.this.number}"]
  }

  amount {
    specified_amount {
      currency_code = "USD"
      units         = tostring(var.monthly_budget_usd)
    }
  }

  threshold_rules {
    threshold_percent = 0.5
  }
  threshold_rules {
    threshold_percent = 0.8
  }
  threshold_rules {
    threshold_percent = 1.0
  }

  all_updates_rule {
    monitoring_notification_channels = local.channels
    disable_default_iam_recipients   = false
  }

  depends_on = [google_project_service.apis]
}
