locals {
  # Cloud Run's deterministic URL is known before the service exists, which
  # breaks the cycle "APP_URL needs the service URL, the service needs APP_URL".
  run_url = "https://${var.service_name}-${data.google_project.this.number}.${var.region}.run.app"
  app_url = var.app_url != "" ? var.app_url : local.run_url
  # Where every instance mounts the outbox bucket (outbox.tf).
  outbox_mount = "/outbox"
  # Where every instance mounts the attachments bucket (attachments.tf).
  attachments_mount = "/attachments"

  # Non-secret configuration (names from lib/config/env.ts). Secrets come from
  # local.secret_ids (secrets.tf). PORT is set by Cloud Run, HOSTNAME by the
  # Dockerfile. ALLOW_STAND_INS stays unset: production refuses stand-ins.
  managed_env = {
    NODE_ENV                  = "production"
    APP_URL                   = local.app_url
    EMAIL_FROM                = var.email_from
    GOOGLE_CLIENT_ID          = var.google_client_id
    ADMIN_EMAILS              = join(",", var.admin_emails)
    LOG_LEVEL                 = var.log_level
    GOOGLE_CLOUD_PROJECT      = var.project_id      # log lines link to their request trace; Vertex AI's project
    GEMINI_BACKEND            = var.gemini_backend  # terraform/vertex.tf
    GOOGLE_CLOUD_LOCATION     = var.vertex_location # used with GEMINI_BACKEND=vertex
    DATABASE_POOL_SIZE        = tostring(var.db_pool_size)
    CHAT_OUTBOX_DIR           = "${local.outbox_mount}/chat" # outbox.tf
    ATTACHMENTS_DIR           = local.attachments_mount      # attachments.tf
    STRIPE_PRODUCT_PRO        = var.stripe_catalog.product_pro
    STRIPE_PRODUCT_TEAM       = var.stripe_catalog.product_team
    STRIPE_PRICE_PRO_MONTHLY  = var.stripe_catalog.price_pro_monthly
    STRIPE_PRICE_PRO_YEARLY   = var.stripe_catalog.price_pro_yearly
    STRIPE_PRICE_TEAM_MONTHLY = var.stripe_catalog.price_team_monthly
    STRIPE_PRICE_TEAM_YEARLY  = var.stripe_catalog.price_team_yearly
  }
  # var.app_settings first, so a typed variable always wins over the map.
  plain_env = merge(var.app_settings, local.managed_env)
}

resource "google_cloud_run_v2_service" "app" {
  name                = var.service_name
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL" # public app + Stripe webhooks
  deletion_protection = var.deletion_protection

  template {
    service_account = google_service_account.runtime.email
    # Second generation: needed to mount a Cloud Storage bucket.
    execution_environment = "EXECUTION_ENVIRONMENT_GEN2"

    # Chat replies stream for a while; the default 300 s is kept explicit.
    timeout                          = "300s"
    max_instance_request_concurrency = var.max_request_concurrency

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    volumes {
      name = "cloudsql"
      cloud_sql_instance {
        instances = [google_sql_database_instance.main.connection_name]
      }
    }

    volumes {
      name = "outbox"
      gcs {
        bucket    = google_storage_bucket.outbox.name
        read_only = false
      }
    }

    volumes {
      name = "attachments"
      gcs {
        bucket    = google_storage_bucket.attachments.name
        read_only = false
      }
    }

    containers {
      image = data.google_artifact_registry_docker_image.app.self_link

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = var.cpu
          memory = var.memory
        }
        # CPU is billed only while requests are in flight. Work left running
        # after a response ends is throttled, so the app must finish its
        # database writes before it closes the stream.
        cpu_idle          = true
        startup_cpu_boost = true
      }

      volume_mounts {
        name       = "cloudsql"
        mount_path = "/cloudsql"
      }

      volume_mounts {
        name       = "outbox"
        mount_path = local.outbox_mount
      }

      volume_mounts {
        name       = "attachments"
        mount_path = local.attachments_mount
      }

      dynamic "env" {
        for_each = local.plain_env
        content {
          name  = env.key
          value = env.value
        }
      }

      # "latest" is resolved when an instance starts; deploy a new revision
      # after rotating a secret so every instance picks it up.
      dynamic "env" {
        for_each = google_secret_manager_secret.app
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value.secret_id
              version = "latest"
            }
          }
        }
      }

      # A new revision takes traffic only once it can reach the database, so
      # a bad DATABASE_URL or a missing secret never replaces a working one.
      startup_probe {
        http_get {
          path = "/api/ready"
        }
        period_seconds    = 3
        timeout_seconds   = 2
        failure_threshold = 20
      }

      # Liveness must not touch the database: a database outage would
      # otherwise restart every instance at once.
      liveness_probe {
        http_get {
          path = "/api/health"
        }
        period_seconds    = 15
        timeout_seconds   = 3
        failure_threshold = 3
      }
    }
  }

  # The revision reads secrets as soon as it starts: access and the generated
  # DATABASE_URL must exist first. On Vertex AI its readiness asks for the
  # models (lib/ops/model-check.ts), so the API and the role come first too.
  depends_on = [
    google_project_iam_member.runtime,
    google_secret_manager_secret_iam_member.runtime,
    google_secret_manager_secret_version.database_url,
    google_project_service.aiplatform,
    google_project_iam_member.runtime_vertex,
  ]
}

# Anyone may call the app (it does its own auth); Stripe must reach the webhook.
resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = google_cloud_run_v2_service.app.name
  location = google_cloud_run_v2_service.app.location
  role     = "roles/run.invoker"
  member   = "allUsers"
}
