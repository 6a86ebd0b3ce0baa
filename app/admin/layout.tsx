import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdmin } from "@/lib/admin/access";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return (
    <div className="mx-auto w-full max-w-6xl space-y-8 px-4 py-10">
      <AdminNav />
      {children}
    </div>
  );
}
