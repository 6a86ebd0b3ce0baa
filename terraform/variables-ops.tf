# Variables of the operations side: alert thresholds and their channel, the billing
# budget, and the release pipeline's identity (the app's own are in variables.tf).

# ---- alerts (alerts.tf, budget.tf) ----

variable "alert_email" {
  description = "Email address the alert policies notify (a Cloud Monitoring email channel)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "Use one email address."
  }
}

variable "alert_5xx_ratio" {
  description = "Alert when 5xx responses exceed this share of all requests over 5 minutes."
  type        = number
  default     = 0.02
}

variable "alert_p95_latency_ms" {
  description = "Alert when p95 request latency exceeds this (a chat stream lasts until its last token)."
  type        = number
  default     = 30000
}

variable "alert_gemini_error_ratio" {
  description = "Alert when model calls that met a Gemini 429/5xx exceed this share of calls over 5 minutes."
  type        = number
  default     = 0.05
}

variable "alert_webhook_failures" {
  description = "Alert when the Stripe webhook answers 5xx more than this many times in 15 minutes."
  type        = number
  default     = 3
}

variable "alert_spend_micros_per_hour" {
  description = "Alert when model spend over the last hour exceeds this, in micro-dollars (5000000 = $5)."
  type        = number
  default     = 5000000
}

variable "billing_account" {
  description = "Billing account id (XXXXXX-XXXXXX-XXXXXX) the project is charged to, for the budget."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account))
    error_message = "Use the form 012345-6789AB-CDEF01."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly budget in whole US dollars; mails go out at 50, 80 and 100 %."
  type        = number
  default     = 20
}

# ---- release pipeline (ci.tf) ----

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may deploy this environment."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "Use owner/name."
  }
}

variable "image_pushers" {
  description = "Extra members that may push images here, e.g. [\"serviceAccount:chat-deploy@STAGING.iam.gserviceaccount.com\"] in production."
  type        = list(string)
  default     = []
}
