import type { ReactNode } from "react";
import { headers } from "next/headers";
import { csrfFrom, principalFrom } from "@/lib/auth/request";
import type { Principal } from "@/lib/auth/principal";

/** What an admin section's client component needs: the session's CSRF token (sent as x-csrf-token) and who is signed in. */
export interface AdminRequest {
  csrf: string;
  principal: Principal | null;
}

/**
 * The default export of an admin section page: `title` above what `render` returns (the
 * section's client component). The server lets only admins in; the layout adds the navigation.
 */
export function adminPage(title: string, render: (req: AdminRequest) => ReactNode | Promise<ReactNode>) {
  return async function AdminSectionPage() {
    const h = await headers();
    const content = await render({ csrf: csrfFrom(h) ?? "", principal: principalFrom(h) });
    return (
      <main className="home admin-page">
        <h1 className="home-title">{title}</h1>
        {content}
      </main>
    );
  };
}
