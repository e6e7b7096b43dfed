import { AppError, type FieldError } from "../../http/errors.ts";

/**
 * Runs a service call from a form: field errors and refusals come back as data for the page to
 * show in place; anything unexpected is rethrown (and becomes the error page).
 */
export async function formAction<T>(
  run: () => Promise<T>,
): Promise<
  { ok: true; value: T } | { ok: false; message: string; errors: FieldError[]; status: number }
> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const errors = (err.extra.errors as FieldError[] | undefined) ?? [];
    return { ok: false, message: err.detail ?? err.message, errors, status: err.status };
  }
}
