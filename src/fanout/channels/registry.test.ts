import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { channels } from "../../vocabulary/channels.ts";
import { deliveryJob } from "../jobs.ts";
import { UnknownChannelError } from "./channel.ts";
import { channelOf, registeredChannels } from "./index.ts";

const config = loadConfig({});
const privateAllowed = loadConfig({ WEBHOOK_ALLOW_PRIVATE: "true" });

/** The message of the validation error a target check throws, or null when it passes. */
async function refusal(channel: string, target: string, c = config): Promise<string | null> {
  try {
    await channelOf(channel).checkTarget(c, target);
    return null;
  } catch (err) {
    expect(err).toMatchObject({ code: "validation_failed" });
    const [first] = (err as { extra: { errors: { path: string; message: string }[] } }).extra
      .errors;
    expect(first?.path).toBe("target");
    return first?.message ?? "";
  }
}

describe("the channel registry", () => {
  it("has one module for every channel of the vocabulary, and no other", () => {
    expect(registeredChannels.map((c) => c.name)).toEqual([...channels]);
    for (const name of channels) expect(channelOf(name).name).toBe(name);
  });

  it("fails loudly on a channel it does not know instead of sending it as a webhook", () => {
    expect(() => channelOf("sms")).toThrow(UnknownChannelError);
    expect(() => channelOf("sms")).toThrow(/"sms"/);
    expect(() => deliveryJob("sms", crypto.randomUUID())).toThrow(UnknownChannelError);
    expect(() => channelOf("")).toThrow(UnknownChannelError);
    expect(() => channelOf("toString")).toThrow(UnknownChannelError);
  });

  it("gives each channel its own delivery job, webhooks before email", () => {
    const id = crypto.randomUUID();
    expect(deliveryJob("webhook", id)).toMatchObject({
      task: "fanout.deliver-webhook",
      deliveryId: id,
      priority: 0,
      maxAttempts: 5,
    });
    expect(deliveryJob("email", id)).toMatchObject({
      task: "fanout.deliver-email",
      priority: 10,
    });
    const names = registeredChannels.map((c) => c.job.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("webhook targets", () => {
  it("accept a public http(s) address", async () => {
    expect(await refusal("webhook", "https://93.184.216.34/hooks/chorus")).toBeNull();
    expect(await refusal("webhook", "http://93.184.216.34:8080/hooks")).toBeNull();
  });

  it("refuse what is not an http(s) URL or carries credentials", async () => {
    expect(await refusal("webhook", "cms.example.cn/hooks")).toBe("须为完整的 http(s) 地址");
    expect(await refusal("webhook", "ftp://93.184.216.34/hooks")).toBe("须为 http(s) 地址");
    expect(await refusal("webhook", "https://u:p@93.184.216.34/hooks")).toBe(
      "地址中不能包含用户名或密码",
    );
  });

  it("refuse private and loopback addresses unless the deployment allows them", async () => {
    for (const target of ["http://127.0.0.1/h", "http://10.1.2.3/h", "http://localhost/h"]) {
      expect(await refusal("webhook", target)).toMatch(/内网、本机或保留地址/);
      expect(await refusal("webhook", target, privateAllowed)).toBeNull();
    }
  });
});

describe("email targets", () => {
  it("accept a mailbox and refuse anything else", async () => {
    expect(await refusal("email", "newsroom@media.example.cn")).toBeNull();
    expect(await refusal("email", "https://93.184.216.34/hooks")).toBe("须为有效的邮箱地址");
    expect(await refusal("email", "newsroom")).toBe("须为有效的邮箱地址");
  });
});
