# Holds both images built from the Dockerfile: the app (runner target) and
# the migrator (--target migrator).
resource "google_artifact_registry_repository" "images" {
  repository_id = var.service_name
  location      = var.region
  format        = "DOCKER"
  description   = "Images for ${var.service_name} (app and migrator)"

  # Rollbacks need a few old images; keeping every push forever costs money.
  # KEEP wins over DELETE, so the newest ten survive regardless of age.
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 10
    }
  }
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "2592000s" # 30 days
    }
  }

  depends_on = [google_project_service.apis]
}
