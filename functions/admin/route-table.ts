import type { RouteDefinition } from "../routes.ts";

const officerRecord = { type: "officer", param: "officerId" } as const;

/**
 * The signed-in officer's profile and the audit log (the admin function), and officer
 * administration (the officers function: handler and function apart, so that only it loads the
 * officer directory and holds the Cognito permissions).
 */
export const adminRouteTable: readonly RouteDefinition[] = [
  {
    method: "GET",
    path: "/api/me",
    function: "admin",
    access: "officer",
    permission: "signed-in",
    scope: "self",
    audit: { action: "me.read" },
    summary: "The signed-in officer: roles, permissions, jurisdiction and its communes",
  },
  {
    method: "GET",
    path: "/api/admin/officers",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.list" },
    summary: "List the province's officers, a page at a time",
  },
  {
    method: "POST",
    path: "/api/admin/officers",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.invite" },
    summary: "Invite an officer: e-mail, name, roles and jurisdiction",
  },
  {
    method: "POST",
    path: "/api/admin/officers/import",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.import-preview" },
    summary: "Preview an officer import (CSV/XLSX template): every row checked, nothing invited",
  },
  {
    method: "GET",
    path: "/api/admin/officers/{officerId}",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.read", record: officerRecord },
    summary: "One officer",
  },
  {
    method: "PATCH",
    path: "/api/admin/officers/{officerId}",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.update", record: officerRecord },
    summary: "Change an officer's name, roles or jurisdiction (optimistic: expectedUpdatedAt)",
  },
  {
    method: "POST",
    path: "/api/admin/officers/{officerId}/disable",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.disable", record: officerRecord },
    summary: "Disable an officer and sign them out everywhere",
  },
  {
    method: "POST",
    path: "/api/admin/officers/{officerId}/enable",
    function: "officers",
    access: "officer",
    permission: "admin:users",
    scope: "province",
    audit: { action: "officer.enable", record: officerRecord },
    summary: "Enable a disabled officer",
  },
  {
    method: "GET",
    path: "/api/admin/audit",
    function: "admin",
    access: "officer",
    permission: "audit:read",
    scope: "province",
    audit: { action: "audit.list" },
    summary: "The audit log, newest first, filtered by officer, record or dates",
  },
];
