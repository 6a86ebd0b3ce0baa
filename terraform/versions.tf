terraform {
  required_version = ">= 1.11" # write-only arguments and ephemeral resources

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }

  # State holds the generated database password, so it lives in a private GCS
  # bucket, never on a laptop. Bucket and prefix are given at init (README).
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = {
    app        = var.service_name
    managed-by = "terraform"
  }
}

# The project number is part of the deterministic Cloud Run URL (APP_URL).
data "google_project" "this" {
  project_id = var.project_id
}
