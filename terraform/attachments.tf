# Files users attach to chat messages (lib/files/store.ts). Every instance mounts
# this one private bucket (cloud-run.tf) where ATTACHMENTS_DIR points, so a file
# uploaded through one instance is served by any other; only the runtime
# identity can read or write it, and only the app serves it, to its owner. The
# app deletes a file with its message, conversation or account; the lifecycle
# only removes half-written uploads a stopped instance left in tmp/.
resource "google_storage_bucket" "attachments" {
  name                        = "${var.project_id}-${var.service_name}-attachments"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  # Users' files: destroying the stack keeps them unless deletion protection is off.
  force_destroy = !var.deletion_protection

  versioning {
    enabled = false
  }

  lifecycle_rule {
    condition {
      age            = 1
      matches_prefix = ["tmp/"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

# The runtime identity reads, writes and deletes objects in this bucket only.
resource "google_storage_bucket_iam_member" "attachments_runtime" {
  bucket = google_storage_bucket.attachments.name
  role   = "roles/storage.objectUser"
  member = google_service_account.runtime.member
}
