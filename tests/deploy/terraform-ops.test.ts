// Operations in terraform/: alerts, uptime, log-based metrics fed by the app's
// model_call line, the dashboard, the budget, the release tag and the
// connection budget (evaluated here, since `terraform plan` cannot run).
import { describe, it, expect, beforeAll } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import path from "node:path";
import { modelCallLine } from "@/lib/log/model-call";
import {
  type Obj,
  asObj,
  block,
  blocks,
  declared,
  loadTerraform,
  locals,
  resource,
  tfDir,
  variables,
} from "./terraform-hcl";

beforeAll(loadTerraform, 60_000);

const ALERTS = [
  "uptime",
  "error_ratio",
  "latency_p95",
  "instances_at_max",
  "sql_cpu",
  "sql_disk",
  "sql_connections",
  "gemini_errors",
  "webhook_failures",
  "token_spend",
];

describe("alerting", () => {
  it("notifies one email channel from a variable", () => {
    const channel = resource("google_monitoring_notification_channel", "email");
    expect(channel.type).toBe("email");
    expect(asObj(channel.labels, "labels").email_address).toBe("${var.alert_email}");
    expect(variables().get("alert_email")).not.toHaveProperty("default");
  });

  it("has every alert policy, each notifying the channel", () => {
    const policies = declared("resource", "google_monitoring_alert_policy");
    expect([...policies.keys()].sort()).toEqual([...ALERTS].sort());
    for (const [name, { body }] of policies) {
      expect(body.notification_channels, name).toBe("${local.channels}");
      expect(blocks(body, "conditions").length, name).toBeGreaterThan(0);
    }
    expect(locals().channels).toEqual(["${google_monitoring_notification_channel.email.id}"]);
  });

  it("checks /api/ready over https and alerts on it", () => {
    const check = resource("google_monitoring_uptime_check_config", "ready");
    const http = block(check, "http_check");
    expect(http.path).toBe("/api/ready");
    expect(http.use_ssl).toBe(true);
    const condition = block(
      block(resource("google_monitoring_alert_policy", "uptime"), "conditions"),
      "condition_threshold",
    );
    expect(String(condition.filter)).toContain("google_monitoring_uptime_check_config.ready.uptime_check_id");
  });

  it("compares Gemini 429/5xx calls with all calls, and spend per hour with a threshold", () => {
    const gemini = block(
      block(resource("google_monitoring_alert_policy", "gemini_errors"), "conditions"),
      "condition_threshold",
    );
    expect(String(gemini.filter)).toMatch(/upstream_status=monitoring\.regex\.full_match\("429\|5\[0-9\]\[0-9\]"\)/);
    expect(String(gemini.denominator_filter)).toContain("google_logging_metric.model_calls.name");
    const spend = block(
      block(resource("google_monitoring_alert_policy", "token_spend"), "conditions"),
      "condition_prometheus_query_language",
    );
    expect(String(spend.query)).toContain("google_logging_metric.model_cost_micros.name");
    expect(String(spend.query)).toContain("${var.alert_spend_micros_per_hour}");
  });
});

describe("log-based metrics", () => {
  const line = modelCallLine({
    model: "m",
    inputTokens: 1,
    cachedTokens: 0,
    outputTokens: 1,
    thinkingTokens: 0,
    totalTokens: 2,
    costMicros: 1,
    estimated: false,
    latencyMs: 1,
    outcome: "ok",
    conversationId: null,
    messageId: null,
    purpose: "chat",
  });

  it("select the app's model_call line and read only fields it has", () => {
    expect(String(locals().model_call_filter)).toContain('jsonPayload.event="model_call"');
    expect(line.event).toBe("model_call");
    const read: string[] = [];
    for (const name of ["model_calls", "model_cost_micros"]) {
      const metric = resource("google_logging_metric", name);
      expect(metric.filter).toBe("${local.model_call_filter}");
      for (const expr of Object.values(asObj(metric.label_extractors, "label_extractors"))) read.push(String(expr));
      if (metric.value_extractor) read.push(String(metric.value_extractor));
    }
    for (const field of Object.values(asObj(locals().token_kinds, "token_kinds")))
      read.push(`EXTRACT(jsonPayload.${field})`);
    const fields = read.map((expr) => /^EXTRACT\(jsonPayload\.([A-Za-z]+)\)$/.exec(expr)?.[1]);
    expect(fields.filter((f) => !f || !(f in line))).toEqual([]);
    expect(Object.keys(asObj(locals().token_kinds, "kinds")).sort()).toEqual(["cached", "input", "output", "thinking"]);
  });
});

describe("dashboard", () => {
  it("is JSON in the repo, rendered with the service name", () => {
    const dashboard = resource("google_monitoring_dashboard", "app");
    expect(String(dashboard.dashboard_json)).toContain('templatefile("${path.module}/dashboards/app.json"');
    const raw = readFileSync(path.join(tfDir, "dashboards", "app.json"), "utf8");
    const rendered = raw.replaceAll("${service_name}", "chat").replaceAll("${database_id}", "p:chat");
    const json = JSON.parse(rendered) as { displayName: string; mosaicLayout: { tiles: unknown[] } };
    expect(json.displayName).toContain("chat");
    expect(json.mosaicLayout.tiles.length).toBeGreaterThanOrEqual(6);
    expect(rendered).toContain("logging.googleapis.com/user/chat/model_calls");
    expect(rendered).toContain("user_chat_model_cost_micros_sum");
    expect(rendered.match(/\$\{/g)).toBeNull();
  });
});

describe("billing budget", () => {
  it("mails at 50, 80 and 100 % of a monthly amount", () => {
    const budget = resource("google_billing_budget", "project");
    expect(blocks(budget, "threshold_rules").map((r) => r.threshold_percent)).toEqual([0.5, 0.8, 1]);
    expect(block(block(budget, "amount"), "specified_amount").units).toBe("${tostring(var.monthly_budget_usd)}");
    expect(block(budget, "all_updates_rule").monitoring_notification_channels).toBe("${local.channels}");
  });
});

// ---- the connection budget ----

type Vars = Record<string, unknown>;

function defaults(): Vars {
  const out: Vars = {};
  for (const [name, body] of variables()) if ("default" in body) out[name] = body.default;
  return out;
}

async function tfvars(file: string): Promise<Vars> {
  return asObj(await parse(file, readFileSync(path.join(tfDir, file), "utf8")), file);
}

/** The precondition's arithmetic (connections.tf), on concrete values. */
function budget(vars: Vars): { needed: number; usable: number } {
  const l = locals();
  const tiers = asObj(l.tier_max_connections, "tier_max_connections") as Record<string, number>;
  const max = tiers[String(vars.db_tier)] ?? 0;
  const needed =
    2 * Number(vars.max_instances) * Number(vars.db_pool_size) +
    Number(l.migrate_job_connections) +
    Number(l.job_pool_size) * 2;
  return { needed, usable: max - Number(l.db_reserved_connections) };
}

describe("connection budget", () => {
  it("is a precondition on the formula the README explains", () => {
    const l = locals();
    expect(l.rollout_connections).toBe("${2 * var.max_instances * var.db_pool_size}");
    expect(l.db_connections_worst_case).toBe(
      "${local.rollout_connections + local.migrate_job_connections + local.housekeeping_connections}",
    );
    expect(l.housekeeping_connections).toBe("${local.job_pool_size * 2}");
    const lifecycle = block(resource("terraform_data", "connection_budget"), "lifecycle");
    const conditions = blocks(lifecycle, "precondition").map((p) => String(p.condition));
    expect(conditions).toContain(
      "${local.db_connections_worst_case <= local.db_max_connections - local.db_reserved_connections}",
    );
    // The migrator's pool really is capped at the budgeted size.
    expect(readFileSync(path.join(tfDir, "..", "prisma.config.ts"), "utf8")).toContain(
      `max: ${String(l.migrate_job_connections)} }`,
    );
  });

  it("fits the development defaults and every environment's tfvars", async () => {
    const dev = budget(defaults());
    expect(dev.needed).toBeLessThanOrEqual(dev.usable);
    for (const file of ["environments/staging.tfvars", "environments/production.tfvars"]) {
      const vars = { ...defaults(), ...(await tfvars(file)) };
      const b = budget(vars);
      expect(b.needed, file).toBeLessThanOrEqual(b.usable);
    }
  });

  it("refuses the old default of 4 instances x pool 10 on db-g1-small (control)", () => {
    const old = budget({ ...defaults(), db_tier: "db-g1-small", max_instances: 4, db_pool_size: 10 });
    expect(old).toEqual({ needed: 86, usable: 47 });
    expect(old.needed).toBeGreaterThan(old.usable);
  });

  it("sets only declared variables in the environment files", async () => {
    for (const file of ["environments/staging.tfvars", "environments/production.tfvars"]) {
      for (const key of Object.keys(await tfvars(file)))
        expect([...variables().keys()], `${file}: ${key}`).toContain(key);
    }
  });
});

describe("release in use", () => {
  it("comes from the registry tag named by release_tag, for both images", () => {
    for (const name of ["app", "migrator"]) {
      const image = declared("data", "google_artifact_registry_docker_image").get(name)?.body as Obj;
      expect(image.image_name).toBe(`${name}:\${var.release_tag}`);
    }
    expect(variables().has("image")).toBe(false);
    expect(variables().has("migrator_image")).toBe(false);
  });
});

describe("cost defaults", () => {
  it("are the cheap development shape the README prices, production the SLA one", async () => {
    const d = defaults();
    expect(d).toMatchObject({
      db_tier: "db-f1-micro",
      db_availability_type: "ZONAL",
      db_disk_type: "PD_HDD",
      db_point_in_time_recovery: false,
      min_instances: 0,
    });
    const prod = await tfvars("environments/production.tfvars");
    expect(prod).toMatchObject({ db_availability_type: "REGIONAL", db_disk_type: "PD_SSD", min_instances: 1 });
    expect(String(prod.db_tier)).toMatch(/^db-custom-/); // dedicated core: the SLA excludes shared-core tiers
    const readme = readFileSync(path.join(tfDir, "README.md"), "utf8");
    const dev = /\*\*Idle total\*\*\s*\|\s*\*\*\$(\d+\.\d\d)\*\*/.exec(readme);
    expect(Number(dev?.[1])).toBeLessThanOrEqual(12);
    expect(readme).toContain("$0.0105/h x 730 = **$7.67**");
  });
});

describe("housekeeping jobs", () => {
  it("runs `npm run jobs -- <name>` for the cleanup and the billing walk, daily, from the migrator image", () => {
    const jobs = asObj(locals().housekeeping, "housekeeping");
    expect(Object.keys(jobs).sort()).toEqual(["billing-walk", "cleanup"]);
    const pkg = JSON.parse(readFileSync(path.join(tfDir, "..", "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.jobs).toBe("tsx scripts/jobs.ts");
    for (const [name, body] of Object.entries(jobs)) {
      expect(String(asObj(body, name).schedule), name).toMatch(/^\d+ \d+ \* \* \*$/); // once a day
    }
    const job = resource("google_cloud_run_v2_job", "housekeeping");
    const container = block(block(block(job, "template"), "template"), "containers");
    expect(container.image).toBe("${data.google_artifact_registry_docker_image.migrator.self_link}");
    expect(container.command).toEqual(["npm"]);
    expect(container.args).toEqual(["run", "jobs", "--", "${each.key}"]);
    const plain = blocks(asObj(container.dynamic, "dynamic"), "env")[0];
    expect(String(plain.for_each)).toContain("DATABASE_POOL_SIZE = tostring(local.job_pool_size)");
    // The cleanup deletes files' bytes: the attachments bucket where ATTACHMENTS_DIR points, as in the service.
    const files = blocks(block(block(job, "template"), "template"), "volumes").find((v) => v.name === "attachments");
    expect(block(files!, "gcs").bucket).toBe("${google_storage_bucket.attachments.name}");
    const mount = blocks(container, "volume_mounts").find((m) => m.name === "attachments");
    expect(mount?.mount_path).toBe("${local.attachments_mount}");
  });

  it("is started by Cloud Scheduler through the Run API with an identity that may only invoke them", () => {
    const cron = resource("google_cloud_scheduler_job", "housekeeping");
    const target = block(cron, "http_target");
    expect(target.http_method).toBe("POST");
    expect(String(target.uri)).toMatch(
      /^https:\/\/run\.googleapis\.com\/v2\/projects\/.*\/jobs\/\$\{each\.value\.name\}:run$/,
    );
    expect(block(target, "oauth_token").service_account_email).toBe("${google_service_account.scheduler.email}");
    const invoker = resource("google_cloud_run_v2_job_iam_member", "scheduler");
    expect(invoker.role).toBe("roles/run.invoker");
    expect(invoker.member).toBe("${google_service_account.scheduler.member}");
  });
});
