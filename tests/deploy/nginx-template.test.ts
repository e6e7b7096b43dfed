import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { NGINX_TEMPLATE, nginxBinary, renderTemplate, templateVariables } from "./nginx.ts";

const template = fs.readFileSync(NGINX_TEMPLATE, "utf8");

describe("infra's nginx template", () => {
  it("is given every address it asks for by the compose file, and nothing else is templated", () => {
    const compose = YAML.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, "../../infra/docker-compose.yml"), "utf8"),
    );
    const service = compose.services.nginx;
    const given = Object.keys(service.environment).filter((k) => k.startsWith("CHORUS_"));
    expect(templateVariables(template)).toEqual(["CHORUS_API_1", "CHORUS_API_2", "CHORUS_LISTEN"]);
    expect(given.sort()).toEqual(templateVariables(template));
    expect(service.environment.NGINX_ENVSUBST_FILTER).toBe("CHORUS_");
    expect(service.volumes).toContain("./nginx/templates:/etc/nginx/templates:ro");
    for (const name of ["CHORUS_API_1", "CHORUS_API_2"]) {
      const [host] = String(service.environment[name]).split(":");
      expect(compose.services[host as string].command).toEqual(["--role=api"]);
    }
  });

  it("is filled in its addresses only, leaving nginx's own variables alone", () => {
    const site = renderTemplate(template, {
      CHORUS_LISTEN: "80",
      CHORUS_API_1: "api-1:3000",
      CHORUS_API_2: "api-2:3000",
    });
    expect(site).toContain("server api-1:3000 max_fails=2");
    expect(site).toContain("listen 80;");
    expect(site).toContain("proxy_set_header Upgrade $http_upgrade;");
    expect(site.replace(/80|api-[12]:3000/g, "")).toBe(
      template.replace(/\$\{CHORUS_(LISTEN|API_1|API_2)\}/g, ""),
    );
  });

  it("refuses to fill a template when an address is missing", () => {
    expect(() => renderTemplate(template, { CHORUS_LISTEN: "80" })).toThrow(/CHORUS_API_1/);
  });

  it("forwards the address nginx saw, never one the caller wrote", () => {
    expect(template).not.toContain("$proxy_add_x_forwarded_for");
    expect(template.match(/proxy_set_header X-Forwarded-For \$remote_addr;/g)).toHaveLength(2);
  });
});

describe("the deploy tests' nginx", () => {
  it("names the Debian package to install when nginx is missing", () => {
    expect(() => nginxBinary(["/nonexistent"])).toThrow(/apt-get install nginx/);
  });
});
