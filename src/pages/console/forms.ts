import type { ZodError } from "zod";
import { fieldErrors } from "../../http/errors.ts";

/** The same field errors the API answers with, for showing in place on a form. */
export function fieldErrorsOf(error: ZodError) {
  return fieldErrors(error);
}
