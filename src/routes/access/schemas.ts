import { z } from "@hono/zod-openapi";
import { organisationKinds, roles, scopes } from "../../auth/actor.ts";

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: Problem } };

/** Problem responses of an operation, by status, for its `responses`. */
export function problems(...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]) {
  const text = {
    400: "请求内容不符合要求",
    401: "需要登录",
    403: "没有权限",
    404: "未找到",
    409: "冲突",
    429: "请求过于频繁",
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: text[s], content: problemContent }]),
  ) as Record<number, { description: string; content: typeof problemContent }>;
}

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

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

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
