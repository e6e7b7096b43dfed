import type { App } from "../../http/env.ts";
import { registerCloseTopic } from "./close-topic.ts";
import { registerCreateTopic } from "./create-topic.ts";
import { registerGetTopic } from "./get-topic.ts";
import { registerListTopics } from "./list-topics.ts";
import { registerUpdateTopic } from "./update-topic.ts";

/** The topics area's operations, one file per operation beside this one. */
export function registerTopicsRoutes(app: App): void {
  registerCreateTopic(app);
  registerListTopics(app);
  registerGetTopic(app);
  registerUpdateTopic(app);
  registerCloseTopic(app);
}
