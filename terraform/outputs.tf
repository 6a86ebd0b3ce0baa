output "service_url" {
  description = "URL Cloud Run serves the app on."
  value       = google_cloud_run_v2_service.app.uri
}

output "app_url" {
  description = "APP_URL given to the app (custom domain or run.app URL)."
  value       = local.app_url
}

output "stripe_webhook_url" {
  description = "Endpoint URL to register in Stripe (README)."
  value       = "${local.app_url}${var.stripe_webhook_path}"
}

output "migrate_job_name" {
  description = "Run before each deploy: gcloud run jobs execute NAME --region REGION --wait."
  value       = google_cloud_run_v2_job.migrate.name
}

output "sql_connection_name" {
  description = "PROJECT:REGION:INSTANCE, for the /cloudsql socket and cloud-sql-proxy."
  value       = google_sql_database_instance.main.connection_name
}

output "image_repository" {
  description = "Push images here: IMAGE_REPOSITORY/app:SHA and IMAGE_REPOSITORY/migrator:SHA."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "secret_ids" {
  description = "Env var name => Secret Manager secret id (add versions to these)."
  value       = { for name, secret in google_secret_manager_secret.app : name => secret.secret_id }
}

output "runtime_service_account" {
  description = "Identity of the Cloud Run service."
  value       = google_service_account.runtime.email
}

output "workload_identity_provider" {
  description = "For the workflow's GCP_WORKLOAD_IDENTITY_PROVIDER variable."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "deployer_service_account" {
  description = "For the workflow's GCP_SERVICE_ACCOUNT variable."
  value       = google_service_account.deployer.email
}
