import { z } from "@hono/zod-openapi";
import { verdicts } from "../verdict.ts";

export { problems } from "../../http/openapi-schemas.ts";

export const SignedMessage = z
  .object({
    eventId: z.uuid().nullable().openapi({
      description: "The publishing event; null for a rebuttal signed when it was imported",
    }),
    rebuttalId: z.uuid(),
    version: z.number().int(),
    seq: z.number().int().nullable(),
    type: z.string(),
    kid: z.string(),
    alg: z.literal("Ed25519"),
    payload: z.string().openapi({ description: "The signed bytes: RFC 8785 canonical JSON" }),
    signature: z.string().openapi({ description: "Ed25519 over the UTF-8 payload, base64url" }),
    code: z.string(),
    verifyUrl: z.string(),
    signedAt: z.string(),
  })
  .openapi("SignedMessage");

const Current = z
  .object({
    rebuttalId: z.uuid(),
    slug: z.string(),
    url: z.string(),
    kind: z.string(),
    title: z.string(),
    summary: z.string(),
    verdict: z.string().nullable().openapi({ description: "The rebuttal's verdict on the rumour" }),
    status: z.enum(["live", "retracted"]),
    retractionReason: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
    drill: z.boolean(),
    code: z.string().nullable(),
    verifyUrl: z.string().nullable(),
  })
  .openapi("VerifiedRebuttal");

export const VerifyResult = z
  .object({
    verdict: z.enum(verdicts),
    reason: z.string().openapi({
      description:
        "code, signature, text, similar_text, unknown_code, unknown_key, bad_signature, malformed_payload, not_recorded, no_match",
    }),
    rebuttalId: z.uuid().optional(),
    message: SignedMessage.optional(),
    current: Current.optional(),
    closest: z
      .array(
        z.object({
          rebuttalId: z.uuid(),
          slug: z.string(),
          url: z.string(),
          title: z.string(),
          verdict: z.string().nullable(),
          score: z.number(),
        }),
      )
      .optional(),
    differences: z
      .array(z.object({ op: z.enum(["same", "added", "removed"]), text: z.string() }))
      .optional(),
    similarity: z.number().optional(),
    changedFields: z.array(z.string()).optional(),
  })
  .openapi("VerifyResult");

export const SigningKeys = z
  .object({
    issuer: z.string(),
    keys: z.array(
      z.object({
        kid: z.string(),
        alg: z.literal("Ed25519"),
        publicKey: z.string().openapi({ description: "Raw 32-byte public key, base64url" }),
        webhookPublicKey: z.string().openapi({
          description:
            "The same key in Standard Webhooks' form (`whpk_` + base64): verifies the `v1a,` " +
            "signatures in `webhook-signature`",
        }),
        jwk: z.object({
          kty: z.literal("OKP"),
          crv: z.literal("Ed25519"),
          x: z.string(),
          kid: z.string(),
          alg: z.literal("EdDSA"),
          use: z.literal("sig"),
        }),
        createdAt: z.string(),
        retiredAt: z.string().nullable(),
      }),
    ),
  })
  .openapi("SigningKeys");
