/**
 * Paths (API and the public report form) that also take `multipart/form-data` (an uploaded file) and their own body limit,
 * instead of JSON under BODY_LIMIT_BYTES.
 */
export const uploadLimits: ReadonlyMap<string, number> = new Map([
  ["/api/v1/reports", 6 * 1024 * 1024],
  // The public report page's form: the same report, with an optional screenshot.
  ["/report", 6 * 1024 * 1024],
]);

export const MULTIPART_TYPE = /^multipart\/form-data\b/i;
