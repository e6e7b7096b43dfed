import { z } from "@hono/zod-openapi";

export { json, problems } from "../../http/openapi-schemas.ts";

export const TopicIdParam = z.object({
  id: z.uuid("须为有效的专题 ID").openapi({ param: { name: "id", in: "path" } }),
});

/** Coordinators run topics; every staff role may read them. */
export const topicWriters = { roles: ["coordinator"] } as const;
export const topicReaders = { roles: ["coordinator", "expert", "reviewer", "admin"] } as const;
