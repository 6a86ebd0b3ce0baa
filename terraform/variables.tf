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

variable "release_tag" {
  description = "Registry tag marking the release this environment runs (artifact-registry.tf); the pipeline moves it."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.release_tag))
    error_message = "Use a lowercase tag such as dev, staging or production."
  }
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

# The live Stripe account's catalog (Stripe dashboard > Product catalog). No
# default: the app refuses to start in production without these ids.
variable "stripe_catalog" {
  description = "Stripe product and price ids of the paid plans (STRIPE_PRODUCT_*, STRIPE_PRICE_*)."
  type = object({
    product_pro        = string
    product_team       = string
    price_pro_monthly  = string
    price_pro_yearly   = string
    price_team_monthly = string
    price_team_yearly  = string
  })

  validation {
    condition = alltrue([
      can(regex("^prod_[A-Za-z0-9]+$", var.stripe_catalog.product_pro)),
      can(regex("^prod_[A-Za-z0-9]+$", var.stripe_catalog.product_team)),
      can(regex("^price_[A-Za-z0-9]+$", var.stripe_catalog.price_pro_monthly)),
      can(regex("^price_[A-Za-z0-9]+$", var.stripe_catalog.price_pro_yearly)),
      can(regex("^price_[A-Za-z0-9]+$", var.stripe_catalog.price_team_monthly)),
      can(regex("^price_[A-Za-z0-9]+$", var.stripe_catalog.price_team_yearly)),
    ])
    error_message = "Product ids look like prod_..., price ids like price_... (copy them from the Stripe dashboard)."
  }
}

# Every other setting of lib/config/env.ts, by its env var name; the app
# validates the values at startup (a bad one keeps the old revision serving,
# as the startup probe never passes). Documented in .env.example.
variable "app_settings" {
  description = "Further app settings by env var name, e.g. { BILLING_GRACE_DAYS = \"5\", MODEL_LIMITS = \"gemini-2.5-pro=150:2000000\" }."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([for name in keys(var.app_settings) : contains([
      "BILLING_GRACE_DAYS",
      "BILLING_TRIAL_DAYS",
      "BUDGET_RESERVATION_TTL_MS",
      "CLEANUP_GUEST_DAYS",
      "CLEANUP_HOLD_DAYS",
      "CLEANUP_WEBHOOK_DAYS",
      "CHAT_FINAL_WRITE_RETRY_MS",
      "CHAT_HISTORY_MAX_MESSAGES",
      "CHAT_HISTORY_MAX_TOKENS",
      "CHAT_OPENING_WRITE_RETRY_MS",
      "CHAT_TITLES",
      "DATABASE_POOL_IDLE_SECONDS",
      "GEMINI_IDLE_TIMEOUT_MS",
      "GEMINI_MAX_RETRIES",
      "GEMINI_MODEL_FAST",
      "GEMINI_MODEL_LITE",
      "GEMINI_MODEL_STRONG",
      "GEMINI_PRICES_JSON",
      "GEMINI_RETRY_BASE_MS",
      "GEMINI_RETRY_MAX_DELAY_MS",
      "GOOGLE_ISSUER",
      "MAGIC_LINK_LIMIT_PER_EMAIL",
      "MAGIC_LINK_LIMIT_PER_IP",
      "MODEL_LEASE_BLOCKS",
      "MODEL_LIMITS",
      "MODEL_LIMIT_WAIT_MS",
      "MODEL_RPM_LIMIT",
      "MODEL_TPM_LIMIT",
      "OPERATOR_COST_BLOCK_MICROS",
      "OPERATOR_DAILY_COST_CAP_MICROS",
      "RATE_LIMIT_GUEST_IP_RPM",
      "TRUSTED_PROXY_HOPS",
    ], name)])
    error_message = "Unknown setting: the names are those of .env.example that have no variable of their own here (secrets go to Secret Manager)."
  }
}

variable "stripe_webhook_path" {
  description = "Path of the app's Stripe webhook route, for the stripe_webhook_url output."
  type        = string
  default     = "/api/webhooks/stripe"
}

# Defaults are the development environment (terraform/README.md, cost);
# environments/production.tfvars overrides them. The connection budget
# (connections.tf) refuses a plan whose pools do not fit the tier.
variable "min_instances" {
  description = "Cloud Run instances kept warm. 0 idles for free but the first request after a quiet spell waits for a cold start (terraform/README.md, cost)."
  type        = number
  default     = 0

  validation {
    condition     = var.min_instances >= 0 && var.min_instances <= var.max_instances
    error_message = "Use 0 up to max_instances."
  }
}

variable "max_instances" {
  description = "Cloud Run max instances (see the connection budget above)."
  type        = number
  default     = 2
}

variable "db_pool_size" {
  description = "PostgreSQL connections per instance (DATABASE_POOL_SIZE)."
  type        = number
  default     = 4

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
  description = "Memory limit per instance. Measured on a production build (bench/lean.ts): ~190 MiB after boot, ~250 MiB at the peak of 64 concurrent streams, ~200 MiB after 1,000 turns. The heap is capped at 384 MB (scripts/server-node-flags.ts), so the worst case is ~560 MiB: 1Gi leaves headroom, 512Mi would not."
  type        = string
  default     = "1Gi"
}

variable "db_tier" {
  description = "Cloud SQL machine tier. Shared-core tiers (db-f1-micro, db-g1-small) have no SLA and need edition ENTERPRISE (set in cloud-sql.tf)."
  type        = string
  default     = "db-f1-micro"
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

variable "db_disk_type" {
  description = "PD_SSD, or PD_HDD (about half the price per GB; enough for a development database)."
  type        = string
  default     = "PD_HDD"

  validation {
    condition     = contains(["PD_SSD", "PD_HDD"], var.db_disk_type)
    error_message = "Use PD_SSD or PD_HDD."
  }
}

variable "db_point_in_time_recovery" {
  description = "Keep write-ahead logs for point-in-time recovery (7 days; their storage is billed)."
  type        = bool
  default     = false
}

variable "db_credentials_version" {
  description = "Bump to rotate the database password: a new one is generated and written to the user and DATABASE_URL (write-only, never in state)."
  type        = number
  default     = 1
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
