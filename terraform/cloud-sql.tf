resource "google_sql_database_instance" "main" {
  name             = var.service_name
  region           = var.region
  database_version = "POSTGRES_17"

  # Terraform refuses to destroy it, and so does the Cloud SQL API
  # (settings.deletion_protection_enabled below): the database holds user data.
  deletion_protection = var.deletion_protection

  settings {
    # Backups outlive the instance: a deleted (or mistakenly destroyed) instance
    # can still be restored from them (terraform/README.md, restore drill).
    retain_backups_on_delete = true

    # PostgreSQL 16+ defaults to ENTERPRISE_PLUS, which rejects the small
    # shared-core tiers (db-f1-micro, db-g1-small) this app starts on.
    edition           = "ENTERPRISE"
    tier              = var.db_tier
    availability_type = var.db_availability_type
    disk_type         = var.db_disk_type
    disk_size         = var.db_disk_size_gb
    disk_autoresize   = true

    deletion_protection_enabled = var.deletion_protection

    backup_configuration {
      enabled                        = true
      start_time                     = "03:00" # UTC
      point_in_time_recovery_enabled = var.db_point_in_time_recovery
      transaction_log_retention_days = 7
      backup_retention_settings {
        retained_backups = 14
        retention_unit   = "COUNT"
      }
    }

    # Public IP, but no authorized networks: nothing can connect over the
    # network directly. Cloud Run reaches it through the Cloud SQL connector
    # (the /cloudsql unix socket), which is authorized by IAM
    # (roles/cloudsql.client) and presents a client certificate, so we can
    # require one. This avoids a VPC and private service access for now.
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    maintenance_window {
      day          = 7 # Sunday
      hour         = 4 # UTC, after the backup window
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_sql_database" "app" {
  name     = var.db_name
  instance = google_sql_database_instance.main.name
}

# Alphanumeric only: it is embedded in DATABASE_URL without URL encoding.
# Ephemeral: generated during the run and never stored in state. It reaches the
# user and the DATABASE_URL secret only through write-only arguments, which are
# sent when their version changes (first apply, or var.db_credentials_version bumped).
ephemeral "random_password" "db" {
  length  = 40
  special = false
}

resource "google_sql_user" "app" {
  name                = var.db_user
  instance            = google_sql_database_instance.main.name
  password_wo         = ephemeral.random_password.db.result
  password_wo_version = var.db_credentials_version

  # PostgreSQL cannot drop a role that still owns tables; on destroy the role
  # goes away with the instance instead of failing the run.
  deletion_policy = "ABANDON"
}
