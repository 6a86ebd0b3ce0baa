# Production: the SLA-backed defaults (terraform/README.md, cost). Used with its
# own project and state prefix:
#   terraform init -reconfigure -backend-config=bucket=PROD-tfstate -backend-config=prefix=chat
#   terraform apply -var-file=environments/production.tfvars -var-file=production.secrets-free.tfvars
# where the second file (not committed) sets project_id, billing_account,
# email_from, google_client_id, alert_email and stripe_catalog.
release_tag               = "production"
db_tier                   = "db-custom-1-3840" # dedicated core: covered by the Cloud SQL SLA
db_availability_type      = "REGIONAL"         # standby in a second zone: the SLA needs it
db_disk_type              = "PD_SSD"
db_disk_size_gb           = 20
db_point_in_time_recovery = true
min_instances             = 1 # no cold start for the first visitor
max_instances             = 4
db_pool_size              = 10
monthly_budget_usd        = 400
