import type { Metadata } from "next";
import { sameSitePath } from "@/lib/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface LoginProps {
  searchParams: Promise<{ next?: string; error?: string }>;
}

/** Sign-in form. A plain form post, so it works before any script has loaded. */
export default async function LoginPage({ searchParams }: LoginProps) {
  const { next, error } = await searchParams;
  const target = sameSitePath(next);
  return (
    <main className="home auth-page">
      <h1 className="home-title">Sign in</h1>
      {error ? (
        <p className="home-error" role="alert" data-testid="login-error">
          Wrong user name or password.
        </p>
      ) : null}
      <form method="post" action="/api/auth/login" className="auth-form" data-testid="login-form">
        <input type="hidden" name="next" value={target} />
        <label>
          User name
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p className="auth-hint">TV screens use a wall display URL from an admin instead.</p>
    </main>
  );
}
