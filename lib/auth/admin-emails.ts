// ADMIN_EMAILS is the one source of the admin role: written at sign-in
// (roles.ts) and checked again on every identity (identity.ts).
import { env } from "@/lib/config/env";
import type { Role } from "@/lib/db/generated/enums";

export function roleForEmail(email: string | null | undefined): Role {
  return email && env().ADMIN_EMAILS.includes(email.toLowerCase()) ? "admin" : "user";
}

/**
 * The role in force for a user row: the admin role written at sign-in holds only
 * while the address is still listed, so removing it demotes at once, not at the
 * next sign-in. The list is read only for an admin row.
 */
export function effectiveRole(u: { role: Role; email: string | null; is_guest: boolean }): Role {
  return u.role === "admin" && (u.is_guest || roleForEmail(u.email) !== "admin") ? "user" : u.role;
}
