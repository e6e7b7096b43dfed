import type { Context } from "hono";
import type { ZodType } from "zod";
import { keepFormState, takeFormState } from "../../access/form-states.ts";
import { csrfToken } from "../../auth/csrf.ts";
import type { AppEnv } from "../../http/env.ts";
import { AppError, type FieldError, fieldErrors } from "../../http/errors.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { formAction } from "./page-errors.ts";

/** What a form page shows after a refused submission: a message, field errors and the values. */
export interface FormState {
  /** Which of a page's forms the state belongs to, when it has several. */
  form?: string;
  message?: string;
  notice?: string;
  errors?: FieldError[];
  values?: Record<string, string | string[]>;
}

/**
 * Post/Redirect/Get for every console form: after a POST the browser always GETs a page, so
 * the address never stays on a POST-only URL (a reload would answer 405). A refused
 * submission's message, field errors and typed values travel with the redirect, kept for that
 * one GET (read back with `formStateOf`).
 * @example return redirectAfterPost(c, `/console/cases/${id}`, { message, errors, values });
 */
export async function redirectAfterPost(c: Context<AppEnv>, to: string, state?: FormState) {
  if (!state) return c.redirect(to, 303);
  const id = await keepFormState(serviceCtx(c), {
    form: state.form,
    message: state.message,
    notice: state.notice,
    errors: state.errors,
    values: state.values,
  });
  const url = new URL(to, "http://page.invalid");
  url.searchParams.set("form", id);
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

/** The state a form page shows after `redirectAfterPost`, once; nothing on a plain visit. */
export async function formStateOf(c: Context<AppEnv>): Promise<FormState | undefined> {
  const id = c.req.query("form");
  if (!id) return undefined;
  return (await takeFormState(serviceCtx(c), id)) as FormState | undefined;
}

/** The request body of a route's JSON contract, to validate a form with the API's own schema. */
export function bodySchemaOf(route: {
  request?: { body?: { content: { "application/json": { schema: unknown } } } };
}): ZodType {
  return route.request!.body!.content["application/json"].schema as ZodType;
}

/** Reads a submitted form: `one(name)` is a trimmed field, `many(name)` every non-empty value. */
export async function readForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody({ all: true });
  const many = (k: string) =>
    [form[k] ?? []]
      .flat()
      .map((v) => String(v).trim())
      .filter(Boolean);
  const one = (k: string) => many(k)[0] ?? "";
  return { one, many, raw: form };
}

/**
 * Validates form input with a route's schema and, if it passes, runs the service: either the
 * result, or what the page shows in place (message, field errors, the values as typed).
 */
export async function submitForm<T>(
  schema: ZodType,
  input: Record<string, unknown>,
  run: (data: never) => Promise<T>,
) {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false as const,
      message: "请检查标出的字段",
      errors: fieldErrors(parsed.error),
      status: 400,
    };
  }
  return formAction(() => run(parsed.data as never));
}

/** The hidden CSRF field every console form carries. */
export function Csrf(props: { c: Context<AppEnv> }) {
  return <input type="hidden" name="_csrf" value={csrfToken(props.c) ?? ""} />;
}

/** The refusal or confirmation at the top of a form page. */
export function Flash(props: { message?: string; notice?: string }) {
  return (
    <>
      {props.message && (
        <p class="alert" role="alert">
          {props.message}
        </p>
      )}
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
    </>
  );
}

/** A value a form page shows back: what was typed, else the stored value. */
export function fieldValue(state: FormState | undefined, key: string, fallback = ""): string {
  const v = state?.values?.[key];
  return v === undefined ? fallback : String([v].flat()[0] ?? "");
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string) => uuidPattern.test(s);

/** An id in a page's path: anything that is not an id is a page that does not exist (404). */
export function idParam(c: Context<AppEnv>, name = "id"): string {
  const id = c.req.param(name) ?? "";
  if (!isUuid(id)) throw new AppError("not_found", "页面不存在");
  return id;
}
