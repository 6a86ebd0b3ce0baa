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

# The release in use is recorded in one place: the registry tag named by
# var.release_tag (e.g. "production") on both images. The pipeline moves the
# tags to a new digest, migrator first (.github/workflows/release.yml); every
# apply reads them here and deploys exactly those digests (self_link is
# REPO/app@sha256:...), so a plain `terraform apply` redeploys what is live and
# can never roll back to an image someone once passed by hand.
data "google_artifact_registry_docker_image" "app" {
  location      = google_artifact_registry_repository.images.location
  repository_id = google_artifact_registry_repository.images.repository_id
  image_name    = "app:${var.release_tag}"
}

data "google_artifact_registry_docker_image" "migrator" {
  location      = google_artifact_registry_repository.images.location
  repository_id = google_artifact_registry_repository.images.repository_id
  image_name    = "migrator:${var.release_tag}"
}
