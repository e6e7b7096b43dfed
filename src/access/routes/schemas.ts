import { z } from "@hono/zod-openapi";
import { organisationKinds, roles, scopes } from "../../auth/actor.ts";

export { json, Problem, problems } from "../../http/openapi-schemas.ts";

export const Uuid = z.uuid("须为 UUID");
export const IdParam = z.object({ id: Uuid.openapi({ param: { name: "id", in: "path" } }) });
export const RoleEnum = z.enum(roles);
export const ScopeEnum = z.enum(scopes);
export const OrganisationKindEnum = z.enum(organisationKinds);
export const RegionCode = z.string().regex(/^\d{6}$/, "须为 6 位 GB/T 2260 行政区划代码");
export const CategorySlug = z.string().regex(/^[a-z][a-z0-9-]*$/, "须为分类标识");

export const OrganisationRef = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  regionCode: z.string(),
});

export const Organisation = OrganisationRef.extend({
  createdAt: z.string(),
  userCount: z.number().int().optional(),
}).openapi("Organisation");

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    expertise: z.array(z.string()),
    active: z.boolean(),
    hasPassword: z.boolean(),
    organisation: OrganisationRef,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("User");

export const ApiToken = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export const OrganisationSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "只能包含小写字母、数字和连字符")
  .max(64);

export const OrganisationBody = z.object({
  slug: OrganisationSlug,
  name: z.string().trim().min(1, "请填写单位名称").max(100),
  kind: OrganisationKindEnum,
  regionCode: RegionCode,
});

export const UserBody = z.object({
  email: z.email("邮箱格式不正确").max(320),
  name: z.string().trim().min(1, "请填写姓名").max(100),
  organisationId: Uuid,
  roles: z.array(RoleEnum).max(5).default([]),
  expertise: z.array(CategorySlug).max(20).default([]),
  password: z.string().min(10, "密码至少 10 个字符").max(1024).optional(),
});
