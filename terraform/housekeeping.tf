# Daily housekeeping (scripts/jobs.ts): the billing full walk, which repairs
# whatever webhooks missed, and the cleanup of rows nothing reads any more
# (lib/ops/cleanup.ts; ages from var.app_settings CLEANUP_*_DAYS). Each is a Cloud
# Run job on the migrator image (it has tsx and the app's modules), started by
# Cloud Scheduler. Locally: `npm run jobs -- cleanup` / `npm run jobs -- billing-walk`.

locals {
  housekeeping = {
    cleanup = {
      schedule = "30 3 * * *" # after the 03:00 UTC backup window opens
      timeout  = "900s"
    }
    billing-walk = {
      schedule = "0 5 * * *"
      timeout  = "1800s"
    }
  }
}

resource "google_cloud_run_v2_job" "housekeeping" {
  for_each            = local.housekeeping
  name                = "${var.service_name}-${each.key}"
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count  = 1
    parallelism = 1

    template {
      # The app's identity: the jobs validate the app's whole configuration
      # (lib/config/env.ts), so they read the same secrets.
      service_account = google_service_account.runtime.email
      timeout         = each.value.timeout
      max_retries     = 1
      # A Cloud Storage volume (attachments) needs the second generation.
      execution_environment = "EXECUTION_ENVIRONMENT_GEN2"

      volumes {
        name = "cloudsql"
        cloud_sql_instance {
          instances = [google_sql_database_instance.main.connection_name]
        }
      }

      # The cleanup removes the bytes of files it deletes (lib/ops/cleanup.ts).
      volumes {
        name = "attachments"
        gcs {
          bucket    = google_storage_bucket.attachments.name
          read_only = false
        }
      }

      containers {
        image   = data.google_artifact_registry_docker_image.migrator.self_link
        command = ["npm"]
        args    = ["run", "jobs", "--", each.key]

        resources {
          limits = {
            cpu    = "1"
            memory = "1Gi"
          }
        }

        volume_mounts {
          name       = "cloudsql"
          mount_path = "/cloudsql"
        }

        volume_mounts {
          name       = "attachments"
          mount_path = local.attachments_mount
        }

        dynamic "env" {
          for_each = merge(local.plain_env, { DATABASE_POOL_SIZE = tostring(local.job_pool_size) })
          content {
            name  = env.key
            value = env.value
          }
        }

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
      }
    }
  }

  depends_on = [
    google_project_iam_member.runtime,
    google_secret_manager_secret_iam_member.runtime,
    google_secret_manager_secret_version.database_url,
  ]
}

resource "google_service_account" "scheduler" {
  account_id   = "${var.service_name}-cron"
  display_name = "${var.service_name} Cloud Scheduler"
  depends_on   = [google_project_service.apis]
}

# The scheduler may start these jobs and nothing else.
resource "google_cloud_run_v2_job_iam_member" "scheduler" {
  for_each = google_cloud_run_v2_job.housekeeping
  name     = each.value.name
  location = each.value.location
  role     = "roles/run.invoker"
  member   = google_service_account.scheduler.member
}

resource "google_cloud_scheduler_job" "housekeeping" {
  for_each  = google_cloud_run_v2_job.housekeeping
  name      = each.value.name
  region    = var.region
  schedule  = local.housekeeping[each.key].schedule
  time_zone = "Etc/UTC"

  retry_config {
    retry_count = 1
  }

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${var.project_id}/locations/${var.region}/jobs/${each.value.name}:run"
    oauth_token {
      service_account_email = google_service_account.scheduler.email
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.scheduler]
}
