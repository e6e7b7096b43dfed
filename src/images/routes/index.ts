import type { App } from "../../http/env.ts";
import { registerReportImage } from "./report-image.ts";
import { registerShareCard } from "./share-card.ts";

/** The image routes: share cards (public) and report images (staff). */
export function registerImageRoutes(app: App): void {
  registerShareCard(app);
  registerReportImage(app);
}
