import type { Metadata } from "next";
import { RosterAdmin } from "@/components/admin/RosterAdmin";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Roster" };
export const dynamic = "force-dynamic";

/** Agents on the roster, CSV import/export, users seen but not on the roster. */
export default adminPage("Roster", ({ csrf }) => <RosterAdmin csrf={csrf} />);
