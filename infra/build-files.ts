/**
 * The folders whose files the compiled code reads from disk at run time (migrations, page
 * assets, the OCR worker thread's plain-JavaScript modules, content): tsc emits only what it
 * compiles, so `infra/build.ts` copies everything in these but TypeScript into dist/, at the
 * same relative places.
 */
export const RUNTIME_FILES = [
  "src/db/migrations",
  "src/pages/assets",
  "src/images/ocr",
  "content",
] as const;
