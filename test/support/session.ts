/**
 * The admin session of each test server, by origin, so that HTTP requests and Socket.IO
 * clients of a test are signed in unless a test asks to be anonymous.
 */
const sessions = new Map<string, { cookie: string; csrf: string }>();

export const ADMIN_PASSWORD = "test-admin-password-1";

export function rememberSession(baseUrl: string, cookie: string, csrf: string): void {
  sessions.set(new URL(baseUrl).origin, { cookie, csrf });
}

export function sessionFor(url: string): { cookie: string; csrf: string } | undefined {
  return sessions.get(new URL(url).origin);
}

/** Signs in over HTTP and returns the cookie (name=value) and the CSRF token; throws on failure. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
  const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } });
  const { csrf } = (await me.json()) as { csrf: string };
  return { cookie, csrf };
}
