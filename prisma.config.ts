import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseDatabaseUrl } from "./lib/db/pg-config";

// The Prisma CLI cannot download its Rust engines here, so it runs its
// WebAssembly schema engine through the pg driver adapter ("js" engine).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (npm run db:migrate needs it)");
    // Two connections at most: the migrate job's share of the connection budget (terraform/connections.tf).
    return new PrismaPg({ ...parseDatabaseUrl(url), max: 2 });
  },
});
