variable "project_id" {
  description = "Google Cloud project ID."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Cloud SQL and Artifact Registry."
  type        = string
  default     = "us-central1"
}

variable "service_name" {
  description = "Base name for the service, job, database instance, registry and secrets."
  type        = string
  default     = "chat"

  validation {
    # Service account ids append "-migrate" and must stay within 30 chars.
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.service_name))
    error_message = "Use 3-22 lowercase letters, digits or dashes, starting with a letter."
  }
}

# Images are pinned by tag (the git SHA), never :latest, so that a new image
# is a Terraform diff and therefore a new Cloud Run revision.
variable "image" {
  description = "App image (Dockerfile default target), e.g. REGION-docker.pkg.dev/PROJECT/chat/app:SHA."
  type        = string
}

variable "migrator_image" {
  description = "Migrator image (docker build --target migrator), same commit as var.image."
  type        = string
}

variable "app_url" {
  description = "Public base URL (custom domain). Empty: the service's run.app URL."
  type        = string
  default     = ""

  validation {
    condition     = var.app_url == "" || can(regex("^https://[^/]+$", var.app_url))
    error_message = "Use https://host without a trailing slash, or leave empty."
  }
}

variable "email_from" {
  description = "Sender address for sign-in and billing mail (EMAIL_FROM)."
  type        = string
}

variable "google_client_id" {
  description = "Google OAuth client ID (public; the client secret is in Secret Manager)."
  type        = string
}

variable "admin_emails" {
  description = "Emails with admin rights (ADMIN_EMAILS)."
  type        = list(string)
  default     = []
}

variable "log_level" {
  description = "App log level (LOG_LEVEL)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "Use one of fatal, error, warn, info, debug, trace."
  }
}

variable "stripe_webhook_path" {
  description = "Path of the app's Stripe webhook route, for the stripe_webhook_url output."
  type        = string
  default     = "/api/webhooks/stripe"
}

# Connection budget: max_instances x db_pool_size (+ a few for the migrate job)
# must stay below the tier's max_connections (db-f1-micro 25, db-g1-small 50).
variable "max_instances" {
  description = "Cloud Run max instances (see the connection budget above)."
  type        = number
  default     = 4
}

variable "db_pool_size" {
  description = "PostgreSQL connections per instance (DATABASE_POOL_SIZE)."
  type        = number
  default     = 10

  validation {
    condition     = var.db_pool_size >= 1 && var.db_pool_size <= 100
    error_message = "Use 1-100 (the app's limit)."
  }
}

variable "max_request_concurrency" {
  description = "Concurrent requests per instance; chat streams mostly wait on Gemini, so this can be high."
  type        = number
  default     = 80
}

variable "cpu" {
  description = "CPU limit per instance."
  type        = string
  default     = "1"
}

variable "memory" {
  description = "Memory limit per instance. The server's RSS reached ~0.85 GB at 64 concurrent streams (bench/chat-ttft.ts; the token counter's vocabulary is ~350 MB of it, and the heap may grow to 4x its live size between full GCs: scripts/server-node-flags.ts), too close to 1Gi."
  type        = string
  default     = "2Gi"
}

variable "db_tier" {
  description = "Cloud SQL machine tier. Shared-core tiers need edition ENTERPRISE (set in cloud-sql.tf)."
  type        = string
  default     = "db-g1-small"
}

variable "db_availability_type" {
  description = "ZONAL, or REGIONAL for a standby in a second zone (doubles the cost)."
  type        = string
  default     = "ZONAL"

  validation {
    condition     = contains(["ZONAL", "REGIONAL"], var.db_availability_type)
    error_message = "Use ZONAL or REGIONAL."
  }
}

variable "db_disk_size_gb" {
  description = "Initial disk size; it grows automatically."
  type        = number
  default     = 10
}

variable "db_name" {
  description = "PostgreSQL database name."
  type        = string
  default     = "app"
}

variable "db_user" {
  description = "PostgreSQL user for the app and the migrate job."
  type        = string
  default     = "app"
}

variable "deletion_protection" {
  description = "Protect the database instance, Cloud Run service and job from destroy. Set false, apply, then destroy."
  type        = bool
  default     = true
}
