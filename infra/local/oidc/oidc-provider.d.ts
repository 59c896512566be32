/**
 * The part of oidc-provider 9 (which ships no types) that the local OpenID provider uses.
 * Configuration stays loosely typed: the library validates it at construction.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface OidcParams {
    client_id?: string;
    id_token_hint?: string;
    login_hint?: string;
    ui_locales?: string;
    [key: string]: unknown;
  }

  export interface OidcClient {
    clientId: string;
    clientName?: string;
  }

  export interface OidcSessionView {
    accountId?: string;
    /** During sign-out: the xsrf secret the confirmation form must carry. */
    state?: { secret?: string };
    grantIdFor(clientId: string): string | undefined;
  }

  export interface OidcContext {
    urlFor(name: string, options?: Record<string, string>): string;
    client?: OidcClient;
    /** The signed-in account as findAccount answered it (undefined when it answered nothing). */
    account?: Account;
    params: OidcParams;
    session: OidcSessionView;
    result?: { consent?: { grantId?: string } };
    entities: Record<string, unknown>;
    provider: Provider;
    route: string;
  }

  export interface KoaContextWithOIDC {
    oidc: OidcContext;
    type: string;
    body: unknown;
    status: number;
    host: string;
    method: string;
    set(name: string, value: string): void;
    get(name: string): string;
    response: { get(name: string): string };
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: "id_token" | "userinfo", scope: string, claims: Record<string, unknown>, rejected: string[]): Promise<AccountClaims> | AccountClaims;
  }

  export interface InteractionPrompt {
    name: string;
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
      [key: string]: unknown;
    };
  }

  export interface Interaction {
    uid: string;
    prompt: InteractionPrompt;
    params: OidcParams;
    session?: { accountId: string; uid?: string };
    grantId?: string;
    returnTo: string;
    exp: number;
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean; ts?: number };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    jti: string;
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Koa middleware run around the provider's own (oidc-provider puts it before its router). */
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): this;
    readonly Grant: typeof Grant;
    readonly Client: { find(id: string): Promise<OidcClient | undefined> };
  }

  export namespace interactionPolicy {
    class Check {
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
      constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>);
    }
    interface Prompt {
      name: string;
      checks: Check[] & { add(check: Check, index?: number): void };
    }
    type Policy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): Policy;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      status: number;
    }
    class SessionNotFound extends OIDCProviderError {}
  }

  export default Provider;
}
