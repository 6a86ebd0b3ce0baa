# Log-based metrics built from the app's one `model_call` line per model call
# (lib/log/model-call.ts) and from the Stripe webhook's request log. The
# filters they share are in monitoring.tf.

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
