# Observability as code. This file: the filters the others share, where alerts
# go, the uptime check and the dashboard (dashboards/app.json). Beside it:
# log-metrics.tf (metrics from the app's log lines), alerts.tf (what pages
# someone) and budget.tf (the billing budget).

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

resource "google_monitoring_dashboard" "app" {
  dashboard_json = templatefile("${path.module}/dashboards/app.json", {
    service_name = var.service_name
    database_id  = "${var.project_id}:${google_sql_database_instance.main.name}"
  })
  depends_on = [google_logging_metric.model_calls, google_logging_metric.model_tokens, google_logging_metric.model_cost_micros]
}
