import type { Metadata } from "next";
import { SourcesAdmin } from "@/components/admin/SourcesAdmin";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Sources" };
export const dynamic = "force-dynamic";

/** Every data source: what each gives, every link's live state and last error; XuC and VoIPBin links: add, edit, remove, reconnect. */
export default adminPage("Sources", ({ csrf }) => <SourcesAdmin csrf={csrf} />);
