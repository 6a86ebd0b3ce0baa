# Runs `prisma migrate deploy` (the Dockerfile's migrator target) on demand:
#   gcloud run jobs execute <job> --region <region> --wait
# before a new app revision takes traffic. Never at request time or app start:
# every cold start would pay for it and a bad migration would crash-loop the
# service instead of failing one job execution.
resource "google_cloud_run_v2_job" "migrate" {
  name                = "${var.service_name}-migrate"
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count  = 1
    parallelism = 1

    template {
      service_account = google_service_account.migrator.email
      timeout         = "600s"
      # A failed migration needs a human (`prisma migrate resolve`);
      # retrying the same SQL would only fail again.
      max_retries = 0

      volumes {
        name = "cloudsql"
        cloud_sql_instance {
          instances = [google_sql_database_instance.main.connection_name]
        }
      }

      containers {
        image = data.google_artifact_registry_docker_image.migrator.self_link

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

        # The only secret this job can read (service-accounts.tf).
        env {
          name = "DATABASE_URL"
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.app["DATABASE_URL"].secret_id
              version = "latest"
            }
          }
        }
      }
    }
  }

  depends_on = [
    google_project_iam_member.migrator,
    google_secret_manager_secret_iam_member.migrator_database_url,
    google_secret_manager_secret_version.database_url,
  ]
}
