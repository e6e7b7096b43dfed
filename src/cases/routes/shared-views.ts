import { z } from "@hono/zod-openapi";

export const Assignment = z
  .object({
    userId: z.string(),
    name: z.string(),
    role: z.enum(["lead", "contributor"]),
    organisationId: z.string(),
    organisationName: z.string(),
    assignedAt: z.string(),
  })
  .openapi("CaseAssignment");
