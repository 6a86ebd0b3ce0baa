# The chat outbox (lib/chat/outbox.ts): when the database stays away longer
# than a turn retries, a served answer and its usage are written here before
# the user is told the answer is done, and applied once the database is back.
# Every instance mounts this one private bucket (cloud-run.tf), so an entry
# survives the instance that wrote it and any other instance applies it. An
# entry lives seconds to minutes; one that could not be applied is moved to
# failed/ for a person to look at, and kept 30 days.
resource "google_storage_bucket" "outbox" {
  name                        = "${var.project_id}-${var.service_name}-outbox"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  # Waiting entries are usage nobody has been charged for yet: destroying the
  # stack keeps them unless deletion protection is off.
  force_destroy = !var.deletion_protection

  # Entries are written once and deleted when applied: no versions to keep.
  versioning {
    enabled = false
  }

  lifecycle_rule {
    condition {
      age            = 30
      matches_prefix = ["chat/failed/"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

# The runtime identity reads, writes and deletes objects in this bucket only.
resource "google_storage_bucket_iam_member" "outbox_runtime" {
  bucket = google_storage_bucket.outbox.name
  role   = "roles/storage.objectUser"
  member = google_service_account.runtime.member
}
