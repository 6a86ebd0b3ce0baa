# Which Gemini backend the app calls (lib/ai/gemini-client.ts, README "Gemini API
# or Vertex AI"). With "vertex" the app calls Vertex AI in this project as the
# runtime service account (application default credentials on Cloud Run): the
# Vertex AI API is enabled and the account gets roles/aiplatform.user. With
# "gemini-api" it calls the Gemini API with the GEMINI_API_KEY secret.
variable "gemini_backend" {
  description = "gemini-api (API key in Secret Manager, prepaid tiers) or vertex (Vertex AI in this project, billed to it, no API key)."
  type        = string
  default     = "gemini-api"

  validation {
    condition     = contains(["gemini-api", "vertex"], var.gemini_backend)
    error_message = "gemini_backend is gemini-api or vertex."
  }
}

variable "vertex_location" {
  description = "Vertex AI location of the Gemini calls: global (highest availability) or a region such as us-central1."
  type        = string
  default     = "global"
}

resource "google_project_service" "aiplatform" {
  count              = var.gemini_backend == "vertex" ? 1 : 0
  service            = "aiplatform.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_iam_member" "runtime_vertex" {
  count   = var.gemini_backend == "vertex" ? 1 : 0
  project = var.project_id
  role    = "roles/aiplatform.user"
  member  = "serviceAccount:${google_service_account.runtime.email}"
}
