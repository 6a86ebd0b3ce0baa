import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiKeysPanel } from "@/components/account/api-keys-panel";
import { DangerZone } from "@/components/account/danger-zone";
import { PlanSection } from "@/components/account/plan-section";
import { PreferencesForm } from "@/components/account/preferences-form";
import { SignOutButtons } from "@/components/account/sign-out-buttons";
import { listApiKeys } from "@/lib/account/api-keys";
import { getProfile } from "@/lib/account/profile";
import { pageIdentity } from "@/lib/auth/identity";
import { billingState } from "@/lib/billing/billing-state";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const me = await pageIdentity();
  // Checked on the server: guests and strangers never get the page rendered.
  if (!me || me.isGuest) redirect("/sign-in?callbackUrl=/account");
  const [profile, keys, billing] = await Promise.all([
    getProfile(me.userId),
    listApiKeys(me.userId),
    billingState(me.userId),
  ]);

  return (
    <div className="mx-auto w-full max-w-3xl space-y-12 px-4 py-16">
      <section>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400" data-testid="account-email">
          {profile.email} · {profile.tier} plan{profile.role === "admin" ? " · admin" : ""}
        </p>
        {profile.role === "admin" && (
          <p className="mt-2 text-sm">
            <Link href="/admin" className="underline">
              Admin dashboard
            </Link>
          </p>
        )}
        <SignOutButtons />
      </section>
      <section>
        <h2 className="mb-4 text-lg font-semibold">Plan and billing</h2>
        <PlanSection tier={me.tier} state={billing} />
      </section>
      <section>
        <h2 className="mb-4 text-lg font-semibold">Profile and preferences</h2>
        <PreferencesForm profile={profile} />
      </section>
      <section>
        <h2 className="mb-4 text-lg font-semibold">API keys</h2>
        <ApiKeysPanel initial={keys} />
      </section>
      <section>
        <h2 className="mb-4 text-lg font-semibold">Your data</h2>
        <DangerZone email={profile.email} />
      </section>
    </div>
  );
}
