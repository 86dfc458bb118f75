"use client";

/** Signs out through POST /api/auth/logout (CSRF header), then shows the sign-in page. */
export function SignOutButton({ csrf }: { csrf: string }) {
  async function signOut() {
    await fetch("/api/auth/logout", { method: "POST", headers: { "x-csrf-token": csrf } });
    window.location.assign("/login");
  }
  return (
    <button type="button" onClick={signOut} className="auth-signout" data-testid="sign-out">
      Sign out
    </button>
  );
}
