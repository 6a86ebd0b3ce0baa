# One Secret Manager secret per sensitive env var; the map key is the env var
# name the app reads, the value the secret's id suffix.
#
# Values never appear in this code:
# - DATABASE_URL: written below by Terraform, which generates the database
#   password; write-only arguments keep it out of the state.
# - All others: added out of band with `gcloud secrets versions add` (README),
#   so third-party keys never pass through Terraform or its state.
#
# The secret, its env mounts (cloud-run.tf, housekeeping.tf) and its IAM grant
# (service-accounts.tf) all iterate over google_secret_manager_secret.app, so a
# key left out of local.secret_ids is neither created, mounted nor granted.
locals {
  common_secret_ids = {
    DATABASE_URL          = "database-url"
    AUTH_SECRET           = "auth-secret"
    STRIPE_SECRET_KEY     = "stripe-secret-key"
    STRIPE_WEBHOOK_SECRET = "stripe-webhook-secret"
    SMTP_URL              = "smtp-url"
    GOOGLE_CLIENT_SECRET  = "google-client-secret"
  }
  # Only the Gemini API takes a key. On Vertex AI the app authenticates as the
  # runtime service account (vertex.tf), so there is no key secret to keep.
  gemini_api_key_secret_ids = { GEMINI_API_KEY = "gemini-api-key" }

  secret_ids = merge(
    local.common_secret_ids,
    var.gemini_backend == "gemini-api" ? local.gemini_api_key_secret_ids : {},
  )
}

resource "google_secret_manager_secret" "app" {
  for_each  = local.secret_ids
  secret_id = "${var.service_name}-${each.value}"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# The unix-socket form Cloud Run's /cloudsql mount expects. The password is
# alphanumeric (cloud-sql.tf), so it needs no URL encoding. Write-only, like the
# user's password: the same ephemeral value reaches both in the same run.
resource "google_secret_manager_secret_version" "database_url" {
  secret = google_secret_manager_secret.app["DATABASE_URL"].id
  secret_data_wo = format(
    "postgresql://%s:%s@localhost/%s?host=/cloudsql/%s",
    google_sql_user.app.name,
    ephemeral.random_password.db.result,
    google_sql_database.app.name,
    google_sql_database_instance.main.connection_name,
  )
  secret_data_wo_version = var.db_credentials_version
}
