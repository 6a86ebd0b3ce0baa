# The release pipeline's identity (.github/workflows/release.yml): GitHub
# Actions exchanges its OIDC token for this service account through Workload
# Identity Federation, so no key file exists anywhere. Only workflow runs of
# var.github_repository may use it.

resource "google_iam_workload_identity_pool" "github" {
  workload_identity_pool_id = "${var.service_name}-github"
  display_name              = "GitHub Actions"
  depends_on                = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "github" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
  workload_identity_pool_provider_id = "github-oidc"
  display_name                       = "GitHub OIDC"
  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
    "attribute.ref"        = "assertion.ref"
  }
  attribute_condition = "assertion.repository == \"${var.github_repository}\""
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_service_account" "deployer" {
  account_id   = "${var.service_name}-deploy"
  display_name = "${var.service_name} release pipeline"
  depends_on   = [google_project_service.apis]
}

resource "google_service_account_iam_member" "deployer_wif" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/attribute.repository/${var.github_repository}"
}

locals {
  # Enough to run `terraform apply` on this stack and the migrate job. Narrower
  # than Owner; the state bucket's objectAdmin is granted with the bucket (README).
  deployer_roles = [
    "roles/run.admin",
    "roles/cloudsql.admin",
    "roles/secretmanager.admin",
    "roles/artifactregistry.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/monitoring.admin",
    "roles/logging.configWriter",
    "roles/cloudscheduler.admin",
    "roles/storage.admin", # the outbox bucket and its access (outbox.tf)
  ]
}

resource "google_project_iam_member" "deployer" {
  for_each = toset(local.deployer_roles)
  project  = var.project_id
  role     = each.value
  member   = google_service_account.deployer.member
}

# The budget (budget.tf) lives on the billing account, not the project: the
# pipeline may manage budgets there and nothing else (no payment settings, no
# linking projects). Granting it needs Billing Account Administrator, once, in
# the first apply (README, step 1).
resource "google_billing_account_iam_member" "deployer_budgets" {
  billing_account_id = var.billing_account
  role               = "roles/billing.costsManager"
  member             = google_service_account.deployer.member
}

# Production receives the very digests staging tested: staging's pipeline
# identity may push into this registry (set in production's tfvars).
resource "google_artifact_registry_repository_iam_member" "pushers" {
  for_each   = toset(var.image_pushers)
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = each.value
}
