// ADMIN_EMAILS is the one source of the admin role: written at sign-in
// (roles.ts) and checked again on every identity (identity.ts).
import { env } from "@/lib/config/env";
import type { Role } from "@/lib/db/generated/enums";

export function roleForEmail(email: string | null | undefined): Role {
  return email && env().ADMIN_EMAILS.includes(email.toLowerCase()) ? "admin" : "user";
}
