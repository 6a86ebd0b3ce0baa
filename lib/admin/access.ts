// Admin pages check the caller on the server, each page itself (a layout's check
// does not stop its page from rendering): anyone else gets a plain 404, which
// says nothing about what is there.
import { notFound } from "next/navigation";
import { pageIdentity, type Identity } from "@/lib/auth/identity";

export async function requireAdmin(): Promise<Identity> {
  const me = await pageIdentity();
  // The role is the one in force (effectiveRole): never admin for a guest or an unlisted email.
  if (!me || me.role !== "admin") notFound();
  return me;
}
