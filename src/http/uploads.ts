/**
 * Paths (API and the public report form) that also take `multipart/form-data` (an uploaded file) and their own body limit,
 * instead of JSON under BODY_LIMIT_BYTES.
 */
export const uploadLimits: ReadonlyMap<string, number> = new Map([
  ["/api/v1/reports", 6 * 1024 * 1024],
  // The public report page's form: the same report, with an optional screenshot.
  ["/report", 6 * 1024 * 1024],
]);

const MULTIPART_TYPE = /^multipart\/form-data\b/i;

/**
 * Whether a request is an upload: a `multipart/form-data` body sent to one of `uploadLimits`'
 * paths (which it is then limited by, and which the API's JSON-only rule lets through).
 * @example isUpload("/api/v1/reports", "multipart/form-data; boundary=x") // true
 */
export function isUpload(path: string, contentType: string | undefined): boolean {
  return uploadLimits.has(path) && MULTIPART_TYPE.test(contentType ?? "");
}
