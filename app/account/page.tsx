import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { PasswordForm } from "@/components/auth/PasswordForm";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { csrfFrom, principalFrom } from "@/lib/auth/request";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

/** The signed-in user's account: role, campaigns, password change, sign-out. */
export default async function AccountPage() {
  const h = await headers();
  const p = principalFrom(h);
  const csrf = csrfFrom(h) ?? "";
  if (p?.kind !== "user") return null;
  return (
    <main className="home auth-page">
      <Link href="/" className="home-back" data-testid="account-back">
        ← Wallboards
      </Link>
      <h1 className="home-title">{p.username}</h1>
      <p>
        Role: <strong data-testid="account-role">{p.role}</strong>
        {p.role === "supervisor" ? <> · Campaigns: {p.campaigns.join(", ") || "none"}</> : null}
      </p>
      <PasswordForm csrf={csrf} />
      <SignOutButton csrf={csrf} />
    </main>
  );
}
