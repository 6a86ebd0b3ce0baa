// Structure of terraform/ (layout, Cloud SQL, secrets, IAM), checked on the parsed HCL.
import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  SECRET_ENV,
  asObj,
  block,
  blocks,
  declared,
  files,
  loadTerraform,
  locals,
  resource,
  secretResourceKeys,
  strings,
  tfDir,
  variables,
} from "./terraform-hcl";

beforeAll(loadTerraform, 60_000);

describe("terraform layout", () => {
  it("is split into the expected small files", () => {
    for (const file of [
      "versions.tf",
      "variables.tf",
      "variables-ops.tf",
      "apis.tf",
      "artifact-registry.tf",
      "service-accounts.tf",
      "secrets.tf",
      "cloud-sql.tf",
      "cloud-run.tf",
      "migrate-job.tf",
      "outputs.tf",
    ]) {
      expect(Object.keys(files), file).toContain(file);
    }
    expect(existsSync(path.join(tfDir, "terraform.tfvars.example"))).toBe(true);
    expect(existsSync(path.join(tfDir, "README.md"))).toBe(true);
  });

  it("uses no modules", () => {
    for (const [file, doc] of Object.entries(files)) expect(doc.module, file).toBeUndefined();
  });

  it("pins the google provider to 6.x", () => {
    const providers = block(block(files["versions.tf"], "terraform"), "required_providers");
    const google = asObj(providers.google, "google provider");
    expect(google.source).toBe("hashicorp/google");
    expect(google.version).toMatch(/^~>\s*6\.\d+/);
  });

  it("enables the APIs the stack uses", () => {
    const apis = locals().apis;
    for (const api of ["run", "sqladmin", "secretmanager", "artifactregistry", "iam"]) {
      expect(apis).toContain(`${api}.googleapis.com`);
    }
    expect(resource("google_project_service", "apis").for_each).toBe("${toset(local.apis)}");
  });
});

describe("Cloud SQL", () => {
  it("is PostgreSQL 17 on edition ENTERPRISE (small tiers)", () => {
    const instance = resource("google_sql_database_instance", "main");
    expect(instance.database_version).toBe("POSTGRES_17");
    const settings = block(instance, "settings");
    expect(settings.edition).toBe("ENTERPRISE");
    expect(settings.tier).toBe("${var.db_tier}");
  });

  it("keeps backups with point-in-time recovery", () => {
    const backup = block(block(resource("google_sql_database_instance", "main"), "settings"), "backup_configuration");
    expect(backup.enabled).toBe(true);
    expect(backup.point_in_time_recovery_enabled).toBe("${var.db_point_in_time_recovery}");
    expect(block(resource("google_sql_database_instance", "main"), "settings").retain_backups_on_delete).toBe(true);
  });

  it("accepts no direct network clients: only the connector", () => {
    const ip = block(block(resource("google_sql_database_instance", "main"), "settings"), "ip_configuration");
    expect(blocks(ip, "authorized_networks")).toEqual([]);
    expect(ip.ssl_mode).toBe("TRUSTED_CLIENT_CERTIFICATE_REQUIRED");
  });

  it("has the app database and a user whose generated password never enters the state", () => {
    expect(resource("google_sql_database", "app").instance).toBe("${google_sql_database_instance.main.name}");
    const user = resource("google_sql_user", "app");
    expect(user.password).toBeUndefined();
    expect(user.password_wo).toBe("${ephemeral.random_password.db.result}");
    expect(user.password_wo_version).toBe("${var.db_credentials_version}");
    const ephemeral = asObj(asObj(files["cloud-sql.tf"].ephemeral, "ephemeral").random_password, "random_password");
    expect(asObj((ephemeral.db as unknown[])[0], "db").special).toBe(false); // embedded in a URL unencoded
    expect(declared("resource", "random_password").size).toBe(0);
  });
});

describe("secrets", () => {
  it("declares one Secret Manager secret per secret env var, in secrets.tf", () => {
    expect(secretResourceKeys("${google_secret_manager_secret.app}").sort()).toEqual([...SECRET_ENV].sort());
  });

  it("writes only DATABASE_URL, built from the generated password and the socket path", () => {
    const versions = declared("resource", "google_secret_manager_secret_version");
    expect([...versions.keys()]).toEqual(["database_url"]);
    const version = versions.get("database_url")!.body;
    expect(version.secret).toBe('${google_secret_manager_secret.app["DATABASE_URL"].id}');
    expect(version.secret_data).toBeUndefined();
    expect(version.secret_data_wo_version).toBe("${var.db_credentials_version}");
    const data = String(version.secret_data_wo);
    expect(data).toContain("ephemeral.random_password.db.result");
    expect(data).toContain("host=/cloudsql/");
    expect(data).toContain("google_sql_database_instance.main.connection_name");
  });

  it("contains no secret values or secret-carrying variables", () => {
    const raw = readdirSync(tfDir)
      .filter((f) => f.endsWith(".tf") || f.endsWith(".example"))
      .map((f) => readFileSync(path.join(tfDir, f), "utf8"))
      .join("\n");
    expect(raw).not.toMatch(/sk_(live|test)_[A-Za-z0-9]{6,}/); // Stripe key
    expect(raw).not.toMatch(/whsec_[A-Za-z0-9]{6,}/); // Stripe webhook secret
    expect(raw).not.toMatch(/AIza[0-9A-Za-z_-]{20,}/); // Google API key
    expect(raw).not.toMatch(/postgres(ql)?:\/\/[^:\s/]+:[^@\s$%]+@/); // literal DB password
    for (const name of variables().keys()) {
      expect(name, "secret values must not pass through variables").not.toMatch(/secret|password|api_key|token/i);
    }
  });
});

describe("service accounts and IAM", () => {
  it("gives the runtime account Cloud SQL client and log/metric writers, nothing broad", () => {
    const roles = locals().runtime_roles;
    expect(roles).toEqual(
      expect.arrayContaining(["roles/cloudsql.client", "roles/logging.logWriter", "roles/monitoring.metricWriter"]),
    );
    const binding = resource("google_project_iam_member", "runtime");
    expect(binding.for_each).toBe("${toset(local.runtime_roles)}");
    expect(binding.member).toBe("${google_service_account.runtime.member}");
    const allRoles = strings(locals().runtime_roles).concat(strings(locals().migrator_roles));
    expect(allRoles).not.toContain("roles/secretmanager.secretAccessor"); // per secret only
    for (const role of allRoles) expect(role).not.toMatch(/roles\/(owner|editor|.*admin)/i);
  });

  it("grants secret access per secret: all to the runtime, DATABASE_URL only to the migrator", () => {
    const runtime = resource("google_secret_manager_secret_iam_member", "runtime");
    expect(runtime.for_each).toBe("${google_secret_manager_secret.app}");
    expect(runtime.role).toBe("roles/secretmanager.secretAccessor");
    expect(runtime.member).toBe("${google_service_account.runtime.member}");

    const migratorGrants = [...declared("resource", "google_secret_manager_secret_iam_member").values()]
      .map((r) => r.body)
      .filter((r) => r.member === "${google_service_account.migrator.member}");
    expect(migratorGrants.map((r) => r.secret_id)).toEqual(['${google_secret_manager_secret.app["DATABASE_URL"].id}']);
    expect(locals().migrator_roles).toContain("roles/cloudsql.client");
  });

  it("lets the release pipeline manage every kind of resource the stack declares, and budgets on the billing account", () => {
    // The role that manages each kind of resource, by resource type prefix.
    const roleFor: [string, string][] = [
      ["google_artifact_registry_", "roles/artifactregistry.admin"],
      ["google_cloud_run_v2_", "roles/run.admin"],
      ["google_cloud_scheduler_", "roles/cloudscheduler.admin"],
      ["google_iam_workload_identity_pool", "roles/iam.workloadIdentityPoolAdmin"],
      ["google_logging_", "roles/logging.configWriter"],
      ["google_monitoring_", "roles/monitoring.admin"],
      ["google_project_iam_", "roles/resourcemanager.projectIamAdmin"],
      ["google_project_service", "roles/serviceusage.serviceUsageAdmin"],
      ["google_secret_manager_", "roles/secretmanager.admin"],
      ["google_service_account", "roles/iam.serviceAccountAdmin"],
      ["google_sql_", "roles/cloudsql.admin"],
      ["google_storage_", "roles/storage.admin"],
    ];
    // Billing-account resources need a grant there, not on the project; terraform_data is local.
    const elsewhere = new Set(["google_billing_budget", "google_billing_account_iam_member", "terraform_data"]);
    const types = new Set(Object.values(files).flatMap((doc) => Object.keys(asObj(doc.resource ?? {}, "resource"))));
    const roles = strings(locals().deployer_roles);
    for (const type of types) {
      if (elsewhere.has(type)) continue;
      const role = roleFor.find(([prefix]) => type.startsWith(prefix))?.[1];
      expect(role, `no role known to manage ${type}`).toBeDefined();
      expect(roles, `the deployer cannot manage ${type}`).toContain(role);
    }
    expect(resource("google_project_iam_member", "deployer").for_each).toBe("${toset(local.deployer_roles)}");
    expect(resource("google_billing_account_iam_member", "deployer_budgets")).toEqual({
      billing_account_id: "${var.billing_account}",
      role: "roles/billing.costsManager",
      member: "${google_service_account.deployer.member}",
    });
  });
});
