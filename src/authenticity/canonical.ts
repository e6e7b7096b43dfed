import canonicalize from "canonicalize";

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: sorted keys (UTF-16 code
 * units), ECMAScript number form, minimal string escapes. Strings are NOT Unicode-normalised
 * by the scheme: build payloads with `nfcDeep` first.
 * @example canonicalJson({ b: 1, a: [1.0, "é"] }) === '{"a":[1,"é"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("a signed payload must be a JSON value");
  return text;
}

/** The value with every string (keys too) in Unicode NFC, so that equal text signs equally. */
export function nfcDeep<T>(value: T): T {
  if (typeof value === "string") return value.normalize("NFC") as T;
  if (Array.isArray(value)) return value.map((v) => nfcDeep(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.normalize("NFC"), nfcDeep(v)]),
    ) as T;
  }
  return value;
}
