import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { UserActor } from "../../auth/actor.ts";
import { roleLabel, roles } from "../../vocabulary/roles.ts";

interface NavItem {
  href: string;
  label: string;
  roles: string[];
}

/** Every page a role can use; 审核待办 for anyone who may decide a step (experts decide peer review). */
const nav: NavItem[] = [
  { href: "/console", label: "工作台", roles: [...roles] },
  { href: "/console/cases", label: "案件队列", roles: ["coordinator", "admin"] },
  { href: "/console/cases/finished", label: "已结案件", roles: ["coordinator", "admin"] },
  { href: "/console/my-cases", label: "我的案件", roles: ["expert"] },
  { href: "/console/reviews", label: "审核待办", roles: ["expert", "reviewer"] },
  { href: "/console/dashboard", label: "数据看板", roles: ["coordinator", "admin"] },
  { href: "/console/topics", label: "应急专题", roles: ["coordinator", "admin"] },
  { href: "/console/media", label: "媒体中心", roles: ["media", "admin"] },
  { href: "/console/admin", label: "系统管理", roles: ["admin"] },
];

/** The pages a person's roles let them use, in menu order. */
export function navFor(user: UserActor): NavItem[] {
  return nav.filter((n) => n.roles.some((r) => user.roles.includes(r as never)));
}

/** The console's page frame: skip link, role-aware navigation, sign-out, and the content. */
export function Layout(props: {
  title: string;
  user?: UserActor;
  current?: string;
  csrfToken?: string;
  children: Child;
  scripts?: string[];
}) {
  const items = props.user ? navFor(props.user) : [];
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · Chorus 应急科普`}</title>
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/console.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            跳到正文
          </a>
          <header class="top">
            <a class="brand" href="/console">
              Chorus 应急科普快速响应平台
            </a>
            {props.user && (
              <nav aria-label="主导航">
                {items.map((n) => (
                  <a href={n.href} aria-current={props.current === n.href ? "page" : undefined}>
                    {n.label}
                  </a>
                ))}
              </nav>
            )}
            {props.user && (
              <form method="post" action="/console/sign-out">
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ""} />
                <span class="who">
                  {props.user.name}（{props.user.roles.map(roleLabel).join("、")}）
                </span>{" "}
                <button type="submit" class="secondary">
                  退出
                </button>
              </form>
            )}
          </header>
          <main id="main">{props.children}</main>
          <script src="/assets/console.js" defer></script>
          {(props.scripts ?? []).map((s) => (
            <script src={s} defer></script>
          ))}
        </body>
      </html>
    </>
  );
}

/** Field errors shown in place, under the field they belong to. */
export function FieldError(props: { errors?: { path: string; message: string }[]; path: string }) {
  const mine = (props.errors ?? []).filter((e) => e.path === props.path);
  if (mine.length === 0) return null;
  return (
    <p class="field-error" id={`${props.path}-error`} role="alert">
      {mine.map((e) => e.message).join("；")}
    </p>
  );
}
