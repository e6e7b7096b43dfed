import { describe, expect, it } from "vitest";
import { AnswerCache } from "./cache.ts";

describe("AnswerCache", () => {
  it("keeps every other answer when a full cache replaces one it holds", () => {
    const cache = new AnswerCache<string>(1000, 2);
    cache.set("板蓝根", "a", 0);
    cache.set("熏醋", "b", 0);
    cache.set("熏醋", "b2", 1);
    expect(cache.get("板蓝根", 2)).toBe("a");
    expect(cache.get("熏醋", 2)).toBe("b2");
  });

  it("evicts the least recently written answer when a new question arrives in a full cache", () => {
    const cache = new AnswerCache<string>(1000, 2);
    cache.set("板蓝根", "a", 0);
    cache.set("熏醋", "b", 0);
    cache.set("板蓝根", "a2", 1);
    cache.set("双黄连", "c", 2);
    expect(cache.get("熏醋", 3)).toBeUndefined();
    expect(cache.get("板蓝根", 3)).toBe("a2");
    expect(cache.get("双黄连", 3)).toBe("c");
  });

  it("forgets an answer older than its time to live and every answer after clear", () => {
    const cache = new AnswerCache<string>(1000, 10);
    cache.set("板蓝根", "a", 0);
    cache.set("熏醋", "b", 500);
    expect(cache.get("板蓝根", 1001)).toBeUndefined();
    expect(cache.get("熏醋", 1001)).toBe("b");
    cache.clear();
    expect(cache.get("熏醋", 1002)).toBeUndefined();
  });

  it("stores nothing when its time to live is zero", () => {
    const cache = new AnswerCache<string>(0, 10);
    cache.set("板蓝根", "a", 0);
    expect(cache.get("板蓝根", 0)).toBeUndefined();
  });
});
