# The connection budget. Every app instance opens its whole pool at start
# (lib/db/warm-up.ts), and during a rollout the old and the new revision each
# scale up to max_instances (the limit is per revision), so the worst case is
#   2 x max_instances x db_pool_size + migrate job + housekeeping jobs
# and it must fit under the tier's max_connections less the superuser reserve.
locals {
  # Cloud SQL for PostgreSQL's default max_connections by tier memory
  # (0.6 GB 25, 1.7 GB 50, 3.75-6 GB 100, 7.5-15 GB 400, 15-30 GB 500).
  tier_max_connections = {
    "db-f1-micro"       = 25
    "db-g1-small"       = 50
    "db-custom-1-3840"  = 100
    "db-custom-2-7680"  = 400
    "db-custom-4-15360" = 500
  }
  db_max_connections        = lookup(local.tier_max_connections, var.db_tier, 0)
  db_reserved_connections   = 3 # superuser_reserved_connections
  migrate_job_connections   = 2 # prisma.config.ts caps the migrator's pool
  job_pool_size             = 2 # DATABASE_POOL_SIZE of each housekeeping job
  housekeeping_connections  = local.job_pool_size * 2
  rollout_connections       = 2 * var.max_instances * var.db_pool_size
  db_connections_worst_case = local.rollout_connections + local.migrate_job_connections + local.housekeeping_connections
}

resource "terraform_data" "connection_budget" {
  input = local.db_connections_worst_case

  lifecycle {
    precondition {
      condition     = local.db_max_connections > 0
      error_message = "Unknown db_tier ${var.db_tier}: add its max_connections to local.tier_max_connections (terraform/connections.tf)."
    }
    precondition {
      condition     = local.db_connections_worst_case <= local.db_max_connections - local.db_reserved_connections
      error_message = "Connection budget exceeded: 2 x max_instances (${var.max_instances}) x db_pool_size (${var.db_pool_size}) + ${local.migrate_job_connections} (migrate) + ${local.housekeeping_connections} (housekeeping) = ${local.db_connections_worst_case}, over ${local.db_max_connections - local.db_reserved_connections} usable on ${var.db_tier}. Lower max_instances or db_pool_size, or pick a bigger tier."
    }
  }
}
