import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/AdminNav";

/** Every admin page: the section navigation above the page. (The server lets only admins in.) */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div className="admin">
      <AdminNav />
      {children}
    </div>
  );
}
