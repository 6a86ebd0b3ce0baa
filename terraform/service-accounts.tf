# Two identities so each workload gets only what it uses: the web app never
# needs migration rights, the migrator never sees Stripe or Gemini keys.

resource "google_service_account" "runtime" {
  account_id   = "${var.service_name}-run"
  display_name = "${var.service_name} Cloud Run service"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account" "migrator" {
  account_id   = "${var.service_name}-migrate"
  display_name = "${var.service_name} migrate job"
  depends_on   = [google_project_service.apis]
}

locals {
  # Project-level roles. Cloud SQL client is needed for the /cloudsql socket;
  # the writers let the container's stdout logs and metrics land.
  runtime_roles = [
    "roles/cloudsql.client",
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
  ]
  migrator_roles = [
    "roles/cloudsql.client",
    "roles/logging.logWriter",
  ]
}

resource "google_project_iam_member" "runtime" {
  for_each = toset(local.runtime_roles)
  project  = var.project_id
  role     = each.value
  member   = google_service_account.runtime.member
}

resource "google_project_iam_member" "migrator" {
  for_each = toset(local.migrator_roles)
  project  = var.project_id
  role     = each.value
  member   = google_service_account.migrator.member
}

# Secret access is granted per secret, never project-wide.
resource "google_secret_manager_secret_iam_member" "runtime" {
  for_each  = google_secret_manager_secret.app
  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.runtime.member
}

resource "google_secret_manager_secret_iam_member" "migrator_database_url" {
  secret_id = google_secret_manager_secret.app["DATABASE_URL"].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.migrator.member
}
