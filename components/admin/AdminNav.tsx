"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ADMIN_SECTIONS } from "./sections";


export function AdminNav() {
  const path = usePathname();
  return (
    <nav className="admin-nav" aria-label="Admin sections" data-testid="admin-nav">
      <Link href="/" className="admin-nav-home">
        ← Wallboards
      </Link>
      <Link href="/admin" aria-current={path === "/admin" ? "page" : undefined}>
        Admin
      </Link>
      {ADMIN_SECTIONS.map((s) => (
        <Link key={s.href} href={s.href} aria-current={path === s.href ? "page" : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
